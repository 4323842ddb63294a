/**
 * Gaussian learners for the generational loop (docs/theory.md#gaussian-chain; the exact path: docs/theory.md#sufficient-statistic-sampler): refit mean and covariance,
 * then sample. Two equivalent data paths:
 * - `gaussianLearner` with `pointOps`: draws the M points (brute force, any regime);
 * - `exactGaussianLearner` with `statisticsOps`: draws only (x̄, S), O(d³) a generation,
 *   for `replace` with α = 1 and for `accumulate` (statistics pool exactly). Subsampling
 *   regimes need the points themselves, so `statisticsOps.select` throws.
 */
import type { DataOps, Learner } from "../loop/runGenerations";
import type { Points } from "../data/points";
import type { GaussianModel, GaussianStatistics } from "./types";
import { fitGaussian, fitGaussianFromStatistics, type FitGaussianOptions } from "./fitGaussian";
import { sampleGaussian } from "./sampleGaussian";
import { sampleSufficientStatistics } from "./sampleSufficientStatistics";
import { poolStatistics } from "./sufficientStatistics";
import { invalid } from "../validate";

export function gaussianLearner(opts: FitGaussianOptions = {}): Learner<GaussianModel, Points> {
  return {
    fit: (data) => fitGaussian(data, opts),
    sample: (model, n, rng) => sampleGaussian(model, n, rng),
  };
}

export function exactGaussianLearner(opts: FitGaussianOptions = {}): Learner<GaussianModel, GaussianStatistics> {
  return {
    fit: (stats) => fitGaussianFromStatistics(stats, opts),
    sample: (model, n, rng) => sampleSufficientStatistics(model, n, rng),
  };
}

export const statisticsOps: DataOps<GaussianStatistics> = {
  size: (s) => s.n,
  select() {
    return invalid(
      "regime",
      '"replace" with fractions {alpha: 1} or "accumulate" when data are sufficient statistics (use gaussianLearner with points for subsampling regimes)',
      "a regime that subsamples rows",
    );
  },
  concat: (parts) => parts.reduce(poolStatistics),
};
