/** A d-dimensional Gaussian N(mean, cov); cov is d×d row-major. */
export interface GaussianModel {
  readonly dim: number;
  readonly mean: Float64Array;
  readonly cov: Float64Array;
}

/**
 * Which covariance estimator a refit uses (docs/theory.md#gaussian-chain; Nature Thm 3.1 uses the unbiased one): "unbiased" divides the scatter by
 * M − 1 (the theorem, Nature Thm 3.1), "ml" by M (maximum likelihood; numpy's default
 * ddof = 0, which the official code uses).
 */
export type Estimator = "unbiased" | "ml";
export const ESTIMATORS: readonly Estimator[] = ["unbiased", "ml"];

/**
 * Sufficient statistics of M points: their count, sample mean and scatter
 * S = Σ (x − x̄)(x − x̄)ᵀ (d×d row-major). Every Gaussian refit depends on the data only
 * through these.
 */
export interface GaussianStatistics {
  readonly n: number;
  readonly dim: number;
  readonly mean: Float64Array;
  readonly scatter: Float64Array;
}
