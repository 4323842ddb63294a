/**
 * Functional expressivity error (docs/theory.md#functional-expressivity): the family cannot represent the truth.
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
import type { SeedsRunOptions } from "./options";
import { runSeed } from "../random/rng";
import { seriesBand, type SeriesBand } from "../summary/summarizeSeeds";
import { assertInteger } from "../validate";

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

export interface SingleGaussianExpressivity {
  sampleSizes: number[];
  generations: number;
  seeds: number;
  /** The closed-form expressivity error: L2(truth, moment-matched Gaussian). */
  theory: number;
  /** L2 to the truth per generation, one band per sample size. */
  series: SeriesBand[];
}

/** L2 to the truth of a single Gaussian refitted on the two-Gaussian mixture, per sample size. */
export function singleGaussianExpressivity(o: { sampleSizes: number[] } & SeedsRunOptions): SingleGaussianExpressivity {
  assertInteger(o.seeds, "seeds", 1);
  const total = o.sampleSizes.length * o.seeds;
  let done = 0;
  const series = o.sampleSizes.map((sampleSize) => {
    const runs: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      runs.push(runSingleGaussianOnMixture({ sampleSize, generations: o.generations, seed: runSeed(o.seed, s), signal: o.signal }).l2ToTruth);
      o.onProgress?.(++done, total);
    }
    return seriesBand(`M = ${sampleSize}`, runs);
  });
  return { sampleSizes: o.sampleSizes, generations: o.generations, seeds: o.seeds, theory: expressivityErrorL2(TWO_GAUSSIANS_TRUTH), series };
}

export interface TooFewComponents {
  sampleSize: number;
  generations: number;
  seeds: number;
  /** L2 to the truth per generation, one band per number of components K = 1, 2, 3. */
  series: SeriesBand[];
}

/** The three-Gaussian truth fitted by K = 1 (moments), 2 and 3 (the truth's) components. */
export function tooFewComponents(o: { sampleSize: number } & SeedsRunOptions): TooFewComponents {
  assertInteger(o.seeds, "seeds", 1);
  const ks = [1, 2, 3];
  let done = 0;
  const series = ks.map((k) => {
    const runs: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      const args = { sampleSize: o.sampleSize, generations: o.generations, seed: runSeed(o.seed, s), truth: THREE_GAUSSIANS_TRUTH, signal: o.signal };
      runs.push((k === 1 ? runSingleGaussianOnMixture(args) : runMixtureOnMixture({ ...args, components: k })).l2ToTruth);
      o.onProgress?.(++done, ks.length * o.seeds);
    }
    return seriesBand(`K = ${k}${k === 3 ? " (the truth's)" : ""}`, runs);
  });
  return { sampleSize: o.sampleSize, generations: o.generations, seeds: o.seeds, series };
}
