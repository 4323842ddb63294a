/**
 * E[W2²(model_n, truth)] of the 1-D Gaussian chain (unbiased refit) over many seeds, beside
 * the exact expectation and its (3/2)σ²n/M expansion (Supplementary §3.1.1;
 * docs/theory.md#gaussian-w2-exact). W2² between 1-D Gaussians is (μ₁ − μ₂)² + (σ₁ − σ₂)².
 */
import { runGaussianChain1dSeeds } from "./gaussianChain";
import type { SeedsRunOptions } from "./options";
import { streamSeed } from "../random/rng";
import { matrixRows, summarizeSeeds } from "../summary/summarizeSeeds";
import { expectedW2Squared1d, w2SquaredExpansion1d } from "../theory/gaussianChain";

export interface W2AgainstTheoryOptions extends SeedsRunOptions {
  sampleSizes: number[];
}

export interface W2AgainstTheory {
  sampleSizes: number[];
  seeds: number;
  generations: number;
  /** observed[i][g]: mean over seeds of W2² at generation g + 1 for sampleSizes[i]. */
  observed: number[][];
  observedSe: number[][];
  exact: number[][];
  expansion: number[][];
}

export function w2AgainstTheory(o: W2AgainstTheoryOptions): W2AgainstTheory {
  const out: W2AgainstTheory = { sampleSizes: o.sampleSizes, seeds: o.seeds, generations: o.generations, observed: [], observedSe: [], exact: [], expansion: [] };
  const steps = Array.from({ length: o.generations }, (_, i) => i + 1);
  o.sampleSizes.forEach((sampleSize, i) => {
    const run = runGaussianChain1dSeeds({
      sampleSize,
      generations: o.generations,
      seeds: o.seeds,
      seed: streamSeed(o.seed, "sampleSize", sampleSize),
      onProgress: o.onProgress && ((d, t) => o.onProgress!(i * t + d, o.sampleSizes.length * t)),
      signal: o.signal,
    });
    const w2 = new Float64Array(run.variance.length);
    for (let k = 0; k < w2.length; k++) w2[k] = run.mean[k] ** 2 + (Math.sqrt(run.variance[k]) - 1) ** 2;
    const s = summarizeSeeds(matrixRows(w2, o.seeds, o.generations));
    out.observed.push(s.mean);
    out.observedSe.push(s.se);
    out.exact.push(steps.map((n) => expectedW2Squared1d(1, sampleSize, n)));
    out.expansion.push(steps.map((n) => w2SquaredExpansion1d(1, sampleSize, n)));
  });
  return out;
}
