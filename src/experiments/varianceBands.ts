/**
 * σ̂²_n of the 1-D Gaussian chain over many seeds, for the unbiased and the ML refit, beside
 * the theory: E[σ²_n] (the mean stays) and exp E[log σ²_n] (the typical path collapses),
 * docs/theory.md#gaussian-variance and #gaussian-log-variance. Also the model's mass beyond
 * the original ±3σ, the tails that early collapse loses (docs/theory.md#two-stages).
 */
import { runGaussianChain1dSeeds } from "./gaussianChain";
import type { SeedsRunOptions } from "./options";
import { streamSeed } from "../random/rng";
import { matrixRows, summarizeSeeds } from "../summary/summarizeSeeds";
import { expectedLogVariance, expectedVariance } from "../theory/gaussianChain";
import { massBeyondKSigma } from "../metrics/tailMass";
import { ESTIMATORS, type Estimator } from "../gaussian/types";

export interface VarianceBandsOptions extends SeedsRunOptions {
  sampleSize: number;
}

export interface EstimatorBands {
  estimator: Estimator;
  meanVariance: number[];
  /** Standard error of the mean variance over seeds. */
  seVariance: number[];
  q10: number[];
  median: number[];
  q90: number[];
  /** exp(mean log σ̂²) over seeds. */
  geometricMean: number[];
  theoryMean: number[];
  theoryGeometric: number[];
  /** Mean and median over seeds of the model's mass beyond ±3σ₀. */
  tail3: number[];
  tail3Median: number[];
}

export interface VarianceBands {
  sampleSize: number;
  seeds: number;
  generations: number;
  /** Mass of the original N(0, 1) beyond ±3σ₀, the level the tail curves start from. */
  originalTail3: number;
  estimators: EstimatorBands[];
}

export function varianceBands(o: VarianceBandsOptions): VarianceBands {
  const g = o.generations;
  const steps = Array.from({ length: g }, (_, i) => i + 1);
  const estimators = ESTIMATORS.map((estimator, k): EstimatorBands => {
    const run = runGaussianChain1dSeeds({
      sampleSize: o.sampleSize,
      generations: g,
      seeds: o.seeds,
      seed: streamSeed(o.seed, estimator),
      estimator,
      onProgress: o.onProgress && ((d, t) => o.onProgress!(k * t + d, ESTIMATORS.length * t)),
      signal: o.signal,
    });
    const variance = summarizeSeeds(matrixRows(run.variance, o.seeds, g));
    const tail = new Float64Array(run.variance.length);
    for (let i = 0; i < tail.length; i++) tail[i] = massBeyondKSigma(run.mean[i], Math.sqrt(run.variance[i]), 0, 1, 3);
    const tails = summarizeSeeds(matrixRows(tail, o.seeds, g));
    return {
      estimator,
      meanVariance: variance.mean,
      seVariance: variance.se,
      q10: variance.q10,
      median: variance.median,
      q90: variance.q90,
      geometricMean: variance.geometricMean,
      theoryMean: steps.map((n) => expectedVariance(1, o.sampleSize, n, estimator)),
      theoryGeometric: steps.map((n) => Math.exp(expectedLogVariance(1, o.sampleSize, n, estimator))),
      tail3: tails.mean,
      tail3Median: tails.median,
    };
  });
  return { sampleSize: o.sampleSize, seeds: o.seeds, generations: g, originalTail3: massBeyondKSigma(0, 1, 0, 1, 3), estimators };
}
