/**
 * Functional approximation error (SPEC §0, error 3): a perfect family (a Gaussian for
 * Gaussian truth) and plenty of data, but a fitting procedure that does not reach the
 * maximum-likelihood fit — a fixed budget of SGD steps from a fixed initialisation
 * (../learners/sgdGaussianLearner.ts). Compared with chapter 1's exact fit (sample mean and
 * unbiased covariance) on the same loop: that one only carries the small statistical error
 * of M points; the SGD fit's shortfall is made again every generation and compounds.
 */
import type { GaussianMixture } from "../gmm/types";
import { gaussianMixture } from "../gmm/checkMixture";
import { mixtureFromGaussian } from "../gmm/fromGaussian";
import { gaussianLearner } from "../gaussian/learners";
import { sgdGaussianLearner, type SgdGaussianOptions } from "../learners/sgdGaussianLearner";
import { runFitToTruth, type FitToTruthResult, type FitToTruthRunOptions } from "./fitToTruth";

/** The truth of chapter 3: N((1, 1), I), away from the learner's initial mean at the origin. */
export const APPROXIMATION_TRUTH: GaussianMixture = gaussianMixture(
  [1],
  [[1, 1]],
  [
    [
      [1, 0],
      [0, 1],
    ],
  ],
);

export const APPROXIMATION_LEARNERS = ["sgd", "exact"] as const;
export type ApproximationLearner = (typeof APPROXIMATION_LEARNERS)[number];

export interface ApproximationRunOptions extends FitToTruthRunOptions {
  learner: ApproximationLearner;
  sgd?: SgdGaussianOptions;
}

export function runApproximation(opts: ApproximationRunOptions): FitToTruthResult {
  return runFitToTruth({
    ...opts,
    truth: APPROXIMATION_TRUTH,
    learner: opts.learner === "sgd" ? sgdGaussianLearner(opts.sgd) : gaussianLearner({ estimator: "unbiased" }),
    toMixture: mixtureFromGaussian,
  });
}
