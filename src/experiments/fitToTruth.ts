/**
 * The driver shared by the expressivity (ch02) and approximation (ch03) chapters: start
 * from M points of a known truth (a Gaussian mixture), run the generational loop with some
 * learner, and measure every generation's model against the truth — squared L2 distance
 * in closed form (docs/theory.md#gmm-l2-distance) and the overall spread (the sd of the model's moments), so the
 * effect of each error source can be read off against the truth rather than the first fit.
 */
import type { Learner } from "../loop/runGenerations";
import type { Points } from "../data/points";
import type { GaussianMixture } from "../gmm/types";
import { runGenerations } from "../loop/runGenerations";
import { pointOps } from "../data/points";
import { Rng } from "../random/rng";
import { sampleGaussianMixture } from "../gmm/sampleGaussianMixture";
import { l2DistanceGaussianMixtures } from "../gmm/l2DistanceGaussianMixtures";
import { assertInteger, assertSeed } from "../validate";

export interface FitToTruthOptions<M> {
  truth: GaussianMixture;
  learner: Learner<M, Points>;
  /** The model as a mixture (a single Gaussian: `mixtureFromGaussian`). */
  toMixture: (model: M) => GaussianMixture;
  sampleSize: number;
  generations: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** The per-run knobs every fit-to-truth driver passes through unchanged. */
export type FitToTruthRunOptions = Pick<FitToTruthOptions<unknown>, "sampleSize" | "generations" | "seed" | "onProgress" | "signal">;

export interface FitToTruthResult {
  /** ∫(f_g − truth)² per generation. */
  l2ToTruth: Float64Array;
  /** √(mean over dimensions of the model's variance) per generation. */
  spread: Float64Array;
  /** First coordinate of the model's mean per generation. */
  meanX: Float64Array;
}

/** Mean and covariance of a mixture (its moments): Σ w_k μ_k, Σ w_k (Σ_k + μ_k μ_kᵀ) − μ μᵀ. */
export function mixtureMoments(m: GaussianMixture): { mean: Float64Array; cov: Float64Array } {
  const { dim: d, components: K } = m;
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  for (let k = 0; k < K; k++) for (let a = 0; a < d; a++) mean[a] += m.weights[k] * m.means[k * d + a];
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        cov[a * d + b] += m.weights[k] * (m.covariances[k * d * d + a * d + b] + m.means[k * d + a] * m.means[k * d + b]);
      }
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] -= mean[a] * mean[b];
  return { mean, cov };
}

function spreadOf(m: GaussianMixture): number {
  const { cov } = mixtureMoments(m);
  let s = 0;
  for (let a = 0; a < m.dim; a++) s += cov[a * m.dim + a];
  return Math.sqrt(s / m.dim);
}

export function runFitToTruth<M>(opts: FitToTruthOptions<M>): FitToTruthResult {
  assertSeed(opts.seed, "seed");
  assertInteger(opts.sampleSize, "sampleSize", 1);
  const initialData = sampleGaussianMixture(opts.truth, opts.sampleSize, Rng.stream(opts.seed, "initial-data")).points;
  const result = runGenerations<M, Points, [number, number, number]>({
    initialData,
    learner: opts.learner,
    dataOps: pointOps,
    generations: opts.generations,
    seed: opts.seed,
    metrics: ({ model }) => {
      const mix = opts.toMixture(model);
      const { mean } = mixtureMoments(mix);
      return [l2DistanceGaussianMixtures(mix, opts.truth), spreadOf(mix), mean[0]];
    },
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
  return {
    l2ToTruth: Float64Array.from(result.history, (h) => h.metrics[0]),
    spread: Float64Array.from(result.history, (h) => h.metrics[1]),
    meanX: Float64Array.from(result.history, (h) => h.metrics[2]),
  };
}
