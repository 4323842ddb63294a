/**
 * The exact sufficient-statistic sampler (docs/theory.md#sufficient-statistic-sampler): the statistics of M i.i.d. draws from
 * N(μ, Σ), without drawing the M points. For Gaussian data the sample mean and the scatter
 * are independent, with
 *   x̄ ~ N(μ, Σ / M)   and   S = Σ (x − x̄)(x − x̄)ᵀ ~ Wishart_d(M − 1, Σ)
 * (Anderson 2003, "An Introduction to Multivariate Statistical Analysis", Thm 3.3.2), so
 * one generation costs O(d³) whatever M is. In 1-D this is S = σ² χ²_{M−1}, which gives
 * σ²_{n+1} = σ²_n χ²_{M−1} / (M − 1) for the unbiased refit.
 */
import type { Rng } from "../random/rng";
import type { GaussianModel, GaussianStatistics } from "./types";
import { choleskyLower } from "./cholesky";
import { sampleWishart } from "../random/wishart";
import { assertInteger } from "../validate";

export function sampleSufficientStatistics(model: GaussianModel, m: number, rng: Rng): GaussianStatistics {
  assertInteger(m, "M (sample size)", 2);
  const { dim } = model;
  if (dim === 1) {
    const v = Math.max(0, model.cov[0]);
    const mean = Float64Array.of(model.mean[0] + Math.sqrt(v / m) * rng.normal());
    return { n: m, dim, mean, scatter: Float64Array.of(v * rng.chiSquare(m - 1)) };
  }
  const l = choleskyLower(model.cov, dim);
  const mean = new Float64Array(dim);
  const s = 1 / Math.sqrt(m);
  const z = new Float64Array(dim);
  for (let j = 0; j < dim; j++) z[j] = rng.normal();
  for (let a = 0; a < dim; a++) {
    let acc = 0;
    for (let b = 0; b <= a; b++) acc += l[a * dim + b] * z[b];
    mean[a] = model.mean[a] + s * acc;
  }
  return { n: m, dim, mean, scatter: sampleWishart(m - 1, l, dim, rng) };
}
