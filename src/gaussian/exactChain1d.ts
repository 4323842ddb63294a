/**
 * The 1-D Gaussian chain of the `replace` regime, generation after generation on typed
 * arrays, without the generic loop's per-generation objects (docs/theory.md#gaussian-chain,
 * docs/theory.md#sufficient-statistic-sampler).
 *
 * It gives the numbers of `runGaussianChain` (method "exact", regime "replace", α = 1)
 * exactly, because it makes the same draws from the same streams in the same order:
 * - D_0's statistics from `Rng.stream(seed, "initial-data")`: x̄ = μ + √(σ²/M)·Z, then
 *   S = σ²·χ²_{M−1} (as `sampleSufficientStatistics`);
 * - each next generation from the loop's "sample" stream (`loopStream`), the same two
 *   draws with model_g's mean and variance, σ²_{g+1} = S / (M − 1) (unbiased) or S / M (ml).
 * The loop's "fit" and "mix" streams are not drawn from on this path.
 */
import { Rng } from "../random/rng";
import { loopStream } from "../loop/runGenerations";
import type { Estimator } from "./types";

/**
 * Writes μ̂_g and σ̂²_g, g = 0 … generations−1, of one run to mean[offset + g] and
 * variance[offset + g]. `variance0` is the truth's σ² (as gaussian1d stores it, σ·σ).
 * Arguments are not checked here: the callers validate them as runGaussianChain does.
 */
export function exactChain1d(
  mu: number,
  variance0: number,
  m: number,
  generations: number,
  seed: number,
  estimator: Estimator,
  mean: Float64Array,
  variance: Float64Array,
  offset = 0,
): void {
  const half = (m - 1) / 2;
  const divisor = estimator === "unbiased" ? m - 1 : m;
  const init = Rng.stream(seed, "initial-data");
  let v = Math.max(0, variance0);
  let mu_ = mu + Math.sqrt(v / m) * init.normal();
  // χ²_{M−1} = 2·Gamma((M−1)/2), as Rng.chiSquare, so the product rounds the same way.
  let s = v * (2 * init.gamma(half));
  const rng = loopStream(seed, "sample");
  for (let g = 0; ; g++) {
    const cov = s / divisor;
    mean[offset + g] = mu_;
    variance[offset + g] = cov;
    if (g === generations - 1) break;
    v = Math.max(0, cov);
    mu_ = mu_ + Math.sqrt(v / m) * rng.normal();
    s = v * (2 * rng.gamma(half));
  }
}
