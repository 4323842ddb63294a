/**
 * The recursive Gaussian refit (docs/theory.md#gaussian-chain; Nature Thm 3.1, Supplementary Fig. 3), in 1-D
 * and d-D, one seed or many. `method: "exact"` draws only the sufficient statistics
 * (O(d³) a generation, any M); `method: "sample"` draws the M points (brute force), for
 * cross-checks and for regimes that subsample rows.
 */
import { runGenerations, type Fractions, type Regime } from "../loop/runGenerations";
import { Rng, runSeed } from "../random/rng";
import { pointOps } from "../data/points";
import { exactGaussianLearner, gaussianLearner, statisticsOps } from "../gaussian/learners";
import { sampleGaussian } from "../gaussian/sampleGaussian";
import { sampleSufficientStatistics } from "../gaussian/sampleSufficientStatistics";
import { gaussian1d, isotropicGaussian } from "../gaussian/gaussianModel";
import type { Estimator, GaussianModel } from "../gaussian/types";
import { ESTIMATORS } from "../gaussian/types";
import { wasserstein2Gaussian } from "../metrics/wasserstein2Gaussian";
import { exactChain1d } from "../gaussian/exactChain1d";
import { sampledChain1d } from "../gaussian/sampledChain1d";
import { assertInteger, assertOneOf, assertSeed } from "../validate";

export type ChainMethod = "exact" | "sample";
const METHODS: readonly ChainMethod[] = ["exact", "sample"];

export interface GaussianChainOptions {
  /** True distribution; default N(0, 1) (the official figure's μ = 0, σ = 1). */
  truth?: GaussianModel;
  /** Samples per generation, the paper's M (integer ≥ 2). */
  sampleSize: number;
  /** Generations (models fitted), integer ≥ 1. */
  generations: number;
  seed: number;
  /** Default "unbiased" (the theorem); the official code's figure uses "ml" (ddof = 0). */
  estimator?: Estimator;
  /** Default "exact". */
  method?: ChainMethod;
  /** "replace" (default, the paper) or "accumulate" (Gerstgrasser et al. 2024). */
  regime?: Extract<Regime, "replace" | "accumulate">;
  /** Mixing fractions α, β, γ of `replace` (docs/theory.md#generational-loop); γ > 0 needs `method: "sample"` (rows of D_0). */
  fractions?: Fractions;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface GaussianChainRun {
  /** Fitted model of each generation g (n = g + 1 draws away from the truth). */
  models: GaussianModel[];
}

/** One run of the chain; returns every generation's fitted model. */
export function runGaussianChain(o: GaussianChainOptions): GaussianChainRun {
  const truth = o.truth ?? gaussian1d(0, 1);
  assertInteger(o.sampleSize, "sampleSize", 2);
  assertInteger(o.generations, "generations", 1);
  assertSeed(o.seed, "seed");
  const estimator = o.estimator ?? "unbiased";
  assertOneOf(estimator, "estimator", ESTIMATORS);
  const method = o.method ?? "exact";
  assertOneOf(method, "method", METHODS);
  const regime = o.regime ?? "replace";
  assertOneOf(regime, "regime", ["replace", "accumulate"] as const);
  const initRng = Rng.stream(o.seed, "initial-data");
  const models: GaussianModel[] = [];
  const common = {
    generations: o.generations,
    seed: o.seed,
    regime,
    fractions: o.fractions,
    sampleSize: o.sampleSize,
    metrics: ({ model }: { model: GaussianModel }) => {
      models.push(model);
    },
    onProgress: o.onProgress,
    signal: o.signal,
  };
  if (method === "exact") {
    runGenerations({
      ...common,
      initialData: sampleSufficientStatistics(truth, o.sampleSize, initRng),
      learner: exactGaussianLearner({ estimator }),
      dataOps: statisticsOps,
    });
  } else {
    runGenerations({
      ...common,
      initialData: sampleGaussian(truth, o.sampleSize, initRng),
      learner: gaussianLearner({ estimator }),
      dataOps: pointOps,
    });
  }
  return { models };
}

export interface Chain1dSeries {
  /** μ̂_g per generation. */
  mean: Float64Array;
  /** σ̂_g per generation. */
  sd: Float64Array;
}

type Chain1dOptions = Omit<GaussianChainOptions, "truth" | "onProgress"> & { mu?: number; sigma?: number };

/**
 * The typed-array kernel for `o` (exactChain1d or sampledChain1d), or undefined when `o`
 * needs the generic loop: a regime other than "replace", or fractions other than α = 1.
 * The options are validated as runGaussianChain validates them, so both paths refuse the
 * same input with the same message.
 */
function chain1dKernel(o: Chain1dOptions): { truth: GaussianModel; run: typeof sampledChain1d } | undefined {
  const truth = gaussian1d(o.mu ?? 0, o.sigma ?? 1);
  assertInteger(o.sampleSize, "sampleSize", 2);
  assertInteger(o.generations, "generations", 1);
  assertSeed(o.seed, "seed");
  assertOneOf(o.estimator ?? "unbiased", "estimator", ESTIMATORS);
  const method = o.method ?? "exact";
  assertOneOf(method, "method", METHODS);
  const f = o.fractions;
  if ((o.regime ?? "replace") !== "replace" || (f !== undefined && !(f.alpha === 1 && f.beta === 0 && f.gamma === 0))) return undefined;
  return { truth, run: method === "exact" ? exactChain1d : sampledChain1d };
}

/** 1-D convenience: μ̂ and σ̂ per generation for N(mu, sigma²). */
export function runGaussianChain1d(o: Omit<GaussianChainOptions, "truth"> & { mu?: number; sigma?: number }): Chain1dSeries {
  // Per-generation progress and abort belong to the generic loop.
  const kernel = o.onProgress || o.signal ? undefined : chain1dKernel(o);
  if (kernel) {
    const mean = new Float64Array(o.generations);
    const sd = new Float64Array(o.generations);
    kernel.run(kernel.truth.mean[0], kernel.truth.cov[0], o.sampleSize, o.generations, o.seed, o.estimator ?? "unbiased", mean, sd);
    for (let g = 0; g < sd.length; g++) sd[g] = Math.sqrt(sd[g]);
    return { mean, sd };
  }
  const { models } = runGaussianChain({ ...o, truth: gaussian1d(o.mu ?? 0, o.sigma ?? 1) });
  return {
    mean: Float64Array.from(models, (m) => m.mean[0]),
    sd: Float64Array.from(models, (m) => Math.sqrt(m.cov[0])),
  };
}

export interface MultiSeed1d {
  seeds: number;
  generations: number;
  /** σ̂²_g of seed s at variance[s·generations + g]. */
  variance: Float64Array;
  /** μ̂_g of seed s at mean[s·generations + g]. */
  mean: Float64Array;
}

/**
 * The 1-D chain over `seeds` independent runs (run s seeded by `runSeed(seed, s)`). The
 * "replace" regime with α = 1 runs on the typed-array kernels (exactChain1d,
 * sampledChain1d), with the numbers of runGaussianChain; other settings use it.
 */
export function runGaussianChain1dSeeds(
  o: Omit<GaussianChainOptions, "truth" | "onProgress"> & { mu?: number; sigma?: number; seeds: number; onProgress?: (done: number, total: number) => void },
): MultiSeed1d {
  assertInteger(o.seeds, "seeds", 1);
  const kernel = chain1dKernel(o);
  const g = o.generations;
  const variance = new Float64Array(o.seeds * g);
  const mean = new Float64Array(o.seeds * g);
  const buffer = kernel && o.method === "sample" ? new Float64Array(o.sampleSize) : undefined;
  for (let s = 0; s < o.seeds; s++) {
    if (o.signal?.aborted) break;
    if (kernel) {
      kernel.run(kernel.truth.mean[0], kernel.truth.cov[0], o.sampleSize, g, runSeed(o.seed, s), o.estimator ?? "unbiased", mean, variance, s * g, buffer);
    } else {
      const { models } = runGaussianChain({ ...o, onProgress: undefined, truth: gaussian1d(o.mu ?? 0, o.sigma ?? 1), seed: runSeed(o.seed, s) });
      for (let i = 0; i < models.length; i++) {
        variance[s * g + i] = models[i].cov[0];
        mean[s * g + i] = models[i].mean[0];
      }
    }
    o.onProgress?.(s + 1, o.seeds);
  }
  return { seeds: o.seeds, generations: g, variance, mean };
}

export interface ChainNdSeries {
  /** W2²(model_g, truth). */
  w2Squared: Float64Array;
  /** tr Σ̂_g. */
  traceCov: Float64Array;
  /** ‖μ̂_g − μ_0‖². */
  meanDriftSquared: Float64Array;
}

/** d-D chain started at N(0, I_d) (or `truth`), with the distances to the truth. */
export function runGaussianChainNd(o: Omit<GaussianChainOptions, "truth"> & { dim: number; truth?: GaussianModel }): ChainNdSeries {
  assertInteger(o.dim, "dim", 1);
  const truth = o.truth ?? isotropicGaussian(o.dim);
  const { models } = runGaussianChain({ ...o, truth });
  const n = models.length;
  const w2Squared = new Float64Array(n);
  const traceCov = new Float64Array(n);
  const meanDriftSquared = new Float64Array(n);
  for (let g = 0; g < n; g++) {
    const m = models[g];
    w2Squared[g] = wasserstein2Gaussian(m, truth);
    for (let i = 0; i < o.dim; i++) {
      traceCov[g] += m.cov[i * o.dim + i];
      meanDriftSquared[g] += (m.mean[i] - truth.mean[i]) ** 2;
    }
  }
  return { w2Squared, traceCov, meanDriftSquared };
}
