/**
 * A Gaussian mixture fitted by EM, as a runGenerations Learner (docs/theory.md#gmm-experiment). Each fit draws its
 * k-means++ seeding from the loop's fitting stream, so a run is reproducible from its seed.
 * The paper's official settings are `OFFICIAL_GMM_OPTIONS`.
 */
import type { Learner } from "../loop/runGenerations";
import type { Points } from "../data/points";
import type { GaussianMixture } from "../gmm/types";
import { fitGaussianMixture, resolveEmOptions, type FitGaussianMixtureOptions } from "../gmm/fitGaussianMixture";
import { sampleGaussianMixture } from "../gmm/sampleGaussianMixture";

/** scikit-learn GaussianMixture(n_components=2, covariance_type="full", tol=1e-5, max_iter=2000), as the official code. */
export const OFFICIAL_GMM_OPTIONS: Readonly<Required<FitGaussianMixtureOptions>> = Object.freeze({
  components: 2,
  tol: 1e-5,
  maxIter: 2000,
  nInit: 1,
  regCovar: 1e-6,
  init: "kmeans",
});

export interface GaussianMixtureLearnerStats {
  /** EM iterations of every fit so far, in order. */
  iterations: number[];
  /** Fits that hit maxIter without converging. */
  notConverged: number;
}

/** The learner, plus running EM statistics (iterations, non-converged fits) for reports. */
export function gaussianMixtureLearner(
  opts: FitGaussianMixtureOptions = OFFICIAL_GMM_OPTIONS,
): Learner<GaussianMixture, Points> & { stats: GaussianMixtureLearnerStats } {
  // Fail at construction on bad options, not in generation 0 of a long run.
  resolveEmOptions(opts);
  const stats: GaussianMixtureLearnerStats = { iterations: [], notConverged: 0 };
  return {
    stats,
    fit(data, rng) {
      const fit = fitGaussianMixture(data, opts, rng);
      stats.iterations.push(fit.iterations);
      if (!fit.converged) stats.notConverged++;
      return fit.model;
    },
    sample: (model, n, rng) => sampleGaussianMixture(model, n, rng).points,
  };
}
