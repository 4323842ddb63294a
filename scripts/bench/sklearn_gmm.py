"""The official code's GMM recursion in scikit-learn, timed for scripts/bench/gmm.ts.

Settings as the official curse_recurse notebook (docs/theory.md#gmm-experiment): GaussianMixture with
2 components, full covariance, tol 1e-5, max_iter 2000, k-means initialisation, one init;
data: N points of a 2-D standard normal blob at the origin; each generation fits, then
samples N new points. Prints one JSON line: {"seconds": ..., "generations": ..., "n": ..., "iterations": ...}
(iterations: EM iterations summed over the fits).
Usage: /usr/bin/python3 sklearn_gmm.py GENERATIONS N SEED
"""
import json
import sys
import time

import numpy as np
from sklearn.mixture import GaussianMixture


def main():
    generations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    rng = np.random.default_rng(seed)
    data = rng.standard_normal((n, 2))
    start = time.perf_counter()
    iterations = 0
    for g in range(generations):
        gmm = GaussianMixture(n_components=2, covariance_type="full", tol=1e-5, max_iter=2000,
                              init_params="kmeans", n_init=1, random_state=seed + g)
        gmm.fit(data)
        iterations += gmm.n_iter_
        data, _ = gmm.sample(n)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "generations": generations, "n": n, "iterations": iterations}))


if __name__ == "__main__":
    main()
