/**
 * The d-dimensional Gaussian chain, replacing vs accumulating (Gerstgrasser et al. 2024;
 * docs/theory.md#gaussian-multivariate and #regimes): W2² to the truth and tr Σ̂ / d, mean over seeds.
 * Replacing, Σ_n → 0 and W2² grows; accumulating, both stay bounded.
 */
import { runGaussianChainNd } from "./gaussianChain";
import type { SeedsRunOptions } from "./options";
import { streamSeed } from "../random/rng";
import { summarizeSeeds } from "../summary/summarizeSeeds";

export const ND_REGIMES = ["replace", "accumulate"] as const;

export interface GaussianNdOptions extends SeedsRunOptions {
  dims: number[];
  sampleSize: number;
}

export interface GaussianNdSeries {
  dim: number;
  regime: (typeof ND_REGIMES)[number];
  /** Mean over seeds of W2²(model_g, N(0, I)). */
  w2: number[];
  /** Mean over seeds of tr Σ̂_g / d. */
  trace: number[];
}

export interface GaussianNdRegimes {
  dims: number[];
  sampleSize: number;
  seeds: number;
  generations: number;
  series: GaussianNdSeries[];
}

export function gaussianNdRegimes(o: GaussianNdOptions): GaussianNdRegimes {
  const series: GaussianNdSeries[] = [];
  const total = o.dims.length * ND_REGIMES.length * o.seeds;
  let done = 0;
  for (const dim of o.dims) {
    for (const regime of ND_REGIMES) {
      const w2: Float64Array[] = [];
      const trace: Float64Array[] = [];
      for (let s = 0; s < o.seeds && !o.signal?.aborted; s++) {
        // Both regimes of one (d, s) share a stream: the same D_0, so they differ only by the regime.
        const r = runGaussianChainNd({ dim, sampleSize: o.sampleSize, generations: o.generations, seed: streamSeed(o.seed, "dim", dim, "run", s), regime });
        w2.push(r.w2Squared);
        trace.push(r.traceCov.map((v) => v / dim));
        o.onProgress?.(++done, total);
      }
      if (w2.length === 0) break;
      series.push({ dim, regime, w2: summarizeSeeds(w2).mean, trace: summarizeSeeds(trace).mean });
    }
  }
  return { dims: o.dims, sampleSize: o.sampleSize, seeds: o.seeds, generations: o.generations, series };
}
