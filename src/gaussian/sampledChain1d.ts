/**
 * The brute-force 1-D Gaussian chain of the `replace` regime (docs/theory.md#gaussian-chain):
 * M points drawn and refitted each generation, in one reused buffer.
 *
 * It gives the numbers of `runGaussianChain` (method "sample", regime "replace", α = 1)
 * exactly: D_0 is `fillNormal` of `Rng.stream(seed, "initial-data")` with N(μ, σ²)
 * (as `sampleGaussian`), each next D from the loop's "sample" stream (`loopStream`) with
 * model_g, and the fit is `sufficientStatistics1d` with the estimator's divisor.
 */
import { Rng } from "../random/rng";
import { loopStream } from "../loop/runGenerations";
import { sufficientStatistics1d } from "./sufficientStatistics";
import type { Estimator } from "./types";

/**
 * Writes μ̂_g and σ̂²_g, g = 0 … generations−1, of one run to mean[offset + g] and
 * variance[offset + g]; `variance0` is the truth's σ² (σ·σ, as gaussian1d stores it).
 * `buffer` (length ≥ m) is scratch space, so many runs can share one. Arguments are not
 * checked here: the callers validate them as runGaussianChain does.
 */
export function sampledChain1d(
  mu: number,
  variance0: number,
  m: number,
  generations: number,
  seed: number,
  estimator: Estimator,
  mean: Float64Array,
  variance: Float64Array,
  offset = 0,
  buffer: Float64Array = new Float64Array(m),
): void {
  const divisor = estimator === "unbiased" ? m - 1 : m;
  const points = buffer.length === m ? buffer : buffer.subarray(0, m);
  Rng.stream(seed, "initial-data").fillNormal(points, mu, Math.sqrt(Math.max(0, variance0)));
  const rng = loopStream(seed, "sample");
  for (let g = 0; ; g++) {
    const fit = sufficientStatistics1d(points, m);
    const cov = fit.scatter / divisor;
    mean[offset + g] = fit.mean;
    variance[offset + g] = cov;
    if (g === generations - 1) break;
    rng.fillNormal(points, fit.mean, Math.sqrt(Math.max(0, cov)));
  }
}
