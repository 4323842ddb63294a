/**
 * Refitting a Gaussian (docs/theory.md#gaussian-chain): the sample mean and the sample covariance, unbiased
 * (scatter / (M − 1), Nature Thm 3.1) or maximum likelihood (scatter / M, numpy's ddof = 0
 * used by the official code).
 */
import type { Points } from "../data/points";
import type { Estimator, GaussianModel, GaussianStatistics } from "./types";
import { ESTIMATORS } from "./types";
import { sufficientStatistics } from "./sufficientStatistics";
import { assertOneOf, invalid } from "../validate";

export interface FitGaussianOptions {
  /** Default "unbiased", as the theorem; the official code's figure uses "ml". */
  estimator?: Estimator;
}

/** The Gaussian fitted from sufficient statistics. */
export function fitGaussianFromStatistics(stats: GaussianStatistics, opts: FitGaussianOptions = {}): GaussianModel {
  const estimator = opts.estimator ?? "unbiased";
  assertOneOf(estimator, "estimator", ESTIMATORS);
  const divisor = estimator === "unbiased" ? stats.n - 1 : stats.n;
  if (divisor < 1) invalid("number of points", estimator === "unbiased" ? "≥ 2 for the unbiased estimator" : "≥ 1", stats.n);
  const cov = new Float64Array(stats.scatter.length);
  for (let i = 0; i < cov.length; i++) cov[i] = stats.scatter[i] / divisor;
  return { dim: stats.dim, mean: Float64Array.from(stats.mean), cov };
}

/** The Gaussian fitted to a point cloud. */
export function fitGaussian(data: Points, opts: FitGaussianOptions = {}): GaussianModel {
  return fitGaussianFromStatistics(sufficientStatistics(data), opts);
}
