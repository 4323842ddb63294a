/**
 * Functional approximation error (docs/theory.md#functional-approximation): a perfect family (a Gaussian for
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
import type { SeedsRunOptions } from "./options";
import { runSeed } from "../random/rng";
import { summarizeSeeds } from "../summary/summarizeSeeds";
import { assertInteger } from "../validate";

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

export interface ApproximationComparison {
  sampleSize: number;
  generations: number;
  seeds: number;
  learners: {
    learner: ApproximationLearner;
    label: string;
    /** Spread √(tr Σ / d) per generation: mean and sd over seeds. */
    spread: { mean: number[]; sd: number[] };
    /** L2 to the truth per generation: geometric mean, min and max over seeds. */
    l2: { geometricMean: number[]; min: number[]; max: number[] };
  }[];
}

const LABELS: Record<ApproximationLearner, string> = {
  sgd: "SGD, 100 steps (biased procedure)",
  exact: "exact fit (chapter 1)",
};

/** The SGD learner against the exact fit, on the same seeds and data sizes. */
export function approximationComparison(o: { sampleSize: number } & SeedsRunOptions): ApproximationComparison {
  assertInteger(o.seeds, "seeds", 1);
  let done = 0;
  const learners = APPROXIMATION_LEARNERS.map((learner) => {
    const spreads: Float64Array[] = [];
    const l2s: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      const r = runApproximation({ learner, sampleSize: o.sampleSize, generations: o.generations, seed: runSeed(o.seed, s), signal: o.signal });
      spreads.push(r.spread);
      l2s.push(r.l2ToTruth);
      o.onProgress?.(++done, APPROXIMATION_LEARNERS.length * o.seeds);
    }
    const spread = summarizeSeeds(spreads);
    const l2 = summarizeSeeds(l2s);
    return { learner, label: LABELS[learner], spread: { mean: spread.mean, sd: spread.sd }, l2: { geometricMean: l2.geometricMean, min: l2.min, max: l2.max } };
  });
  return { sampleSize: o.sampleSize, generations: o.generations, seeds: o.seeds, learners };
}
