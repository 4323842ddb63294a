/**
 * Supplementary Fig. 3 of the paper (docs/theory.md#gaussian-chain): the 1-D Gaussian refit
 * from N(μ, σ²), one run per sample size M, recording |μ − μ̂_n| and |σ − σ̂_n|.
 */
import { runGaussianChain1d } from "./gaussianChain";
import { streamSeed } from "../random/rng";
import type { Estimator } from "../gaussian/types";

export interface GaussianPaperRunsOptions {
  /** One run per sample size M; the paper: 100, 500, 1000, 10 000. */
  sampleSizes: number[];
  generations: number;
  seed: number;
  /** Default "unbiased" (the theorem); "ml" is the official code's ddof = 0. */
  estimator?: Estimator;
  mu?: number;
  sigma?: number;
}

export interface GaussianPaperRuns {
  sampleSizes: number[];
  generations: number;
  estimator: Estimator;
  seed: number;
  /** absMeanError[i][g] = |μ − μ̂_g| of the run with sampleSizes[i]. */
  absMeanError: number[][];
  absSdError: number[][];
}

export function gaussianPaperRuns(o: GaussianPaperRunsOptions): GaussianPaperRuns {
  const estimator = o.estimator ?? "unbiased";
  const mu = o.mu ?? 0;
  const sigma = o.sigma ?? 1;
  // Each M's run has its own stream, keyed by M, so adding an M leaves the others' runs alone.
  const runs = o.sampleSizes.map((sampleSize) =>
    runGaussianChain1d({ sampleSize, generations: o.generations, seed: streamSeed(o.seed, "sampleSize", sampleSize), estimator, mu, sigma }),
  );
  return {
    sampleSizes: o.sampleSizes,
    generations: o.generations,
    estimator,
    seed: o.seed,
    absMeanError: runs.map((r) => Array.from(r.mean, (v) => Math.abs(v - mu))),
    absSdError: runs.map((r) => Array.from(r.sd, (v) => Math.abs(v - sigma))),
  };
}
