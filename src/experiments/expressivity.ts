/**
 * Functional expressivity error (SPEC §0, error 2): the family cannot represent the truth.
 * - One Gaussian fitted to a two-Gaussian mixture. With infinite data the fit is the
 *   moment-matched Gaussian (the maximum-likelihood projection onto Gaussians), so the error
 *   is made once, by the first fit, and every later generation fits a Gaussian to Gaussian
 *   data: it stays. With finite data the statistical error compounds on top of it.
 * - A mixture with too few components (K = 2 for a three-component truth), against K = 3.
 */
import type { GaussianMixture } from "../gmm/types";
import type { GaussianModel } from "../gaussian/types";
import { gaussianMixture } from "../gmm/checkMixture";
import { mixtureFromGaussian } from "../gmm/fromGaussian";
import { l2DistanceGaussianMixtures } from "../gmm/l2DistanceGaussianMixtures";
import { gaussianLearner } from "../gaussian/learners";
import { gaussianMixtureLearner } from "../learners/gaussianMixtureLearner";
import { mixtureMoments, runFitToTruth, type FitToTruthResult, type FitToTruthRunOptions } from "./fitToTruth";

const iso = (v: number) => [
  [v, 0],
  [0, v],
];

/** Two equal, well-separated Gaussians: centres (±2, 0), sd 0.6. */
export const TWO_GAUSSIANS_TRUTH: GaussianMixture = gaussianMixture(
  [0.5, 0.5],
  [
    [-2, 0],
    [2, 0],
  ],
  [iso(0.36), iso(0.36)],
);

/** Three equal Gaussians in a row: centres (−3, 0), (0, 0), (3, 0), sd 0.6. */
export const THREE_GAUSSIANS_TRUTH: GaussianMixture = gaussianMixture(
  [1 / 3, 1 / 3, 1 / 3],
  [
    [-3, 0],
    [0, 0],
    [3, 0],
  ],
  [iso(0.36), iso(0.36), iso(0.36)],
);

/** The infinite-data single-Gaussian fit of a mixture: its moments. */
export function momentMatchedGaussian(truth: GaussianMixture): GaussianModel {
  const { mean, cov } = mixtureMoments(truth);
  return { dim: truth.dim, mean, cov };
}

/** The expressivity error in closed form: ∫(moment-matched Gaussian − truth)². */
export function expressivityErrorL2(truth: GaussianMixture): number {
  return l2DistanceGaussianMixtures(mixtureFromGaussian(momentMatchedGaussian(truth)), truth);
}

export interface ExpressivityRunOptions extends FitToTruthRunOptions {
  truth?: GaussianMixture;
}

/** A single Gaussian (maximum-likelihood fit, the moment match) refitted generation after generation. */
export function runSingleGaussianOnMixture(opts: ExpressivityRunOptions): FitToTruthResult {
  return runFitToTruth({
    ...opts,
    truth: opts.truth ?? TWO_GAUSSIANS_TRUTH,
    learner: gaussianLearner({ estimator: "ml" }),
    toMixture: mixtureFromGaussian,
  });
}

/** A K-component mixture (EM, scikit-learn defaults) refitted generation after generation. */
export function runMixtureOnMixture(opts: ExpressivityRunOptions & { components: number }): FitToTruthResult {
  return runFitToTruth({
    ...opts,
    truth: opts.truth ?? THREE_GAUSSIANS_TRUTH,
    learner: gaussianMixtureLearner({ components: opts.components }),
    toMixture: (m) => m,
  });
}
