/**
 * The paper's GMM experiment (docs/theory.md#gmm-experiment): fit a Gaussian mixture by EM, sample N new points
 * from it, refit, for 2050 generations; record the squared L2 distance (closed form) between
 * every generation's mixture and the first one, and keep snapshots of the data.
 *
 * Defaults follow the official code: one isotropic 2-D blob at the origin, sd 1, K = 2,
 * tol 1e-5, maxIter 2000, k-means initialisation, one init. The paper's text speaks of "two
 * artificially-generated Gaussians": `truth: "two-gaussians"` (centres ±(1.5, 0), sd 0.5)
 * or explicit `centres`. The distance's reference is the generation-0 fit, as the official
 * figure ("distance between the original GMM and its approximation").
 */
import type { Points } from "../data/points";
import type { Fractions, Regime } from "../loop/runGenerations";
import type { GaussianMixture } from "../gmm/types";
import type { FitGaussianMixtureOptions } from "../gmm/fitGaussianMixture";
import { runGenerations } from "../loop/runGenerations";
import { pointOps } from "../data/points";
import { Rng } from "../random/rng";
import { gaussianMixtureLearner, OFFICIAL_GMM_OPTIONS } from "../learners/gaussianMixtureLearner";
import { l2DistanceGaussianMixtures } from "../gmm/l2DistanceGaussianMixtures";
import { predictComponents } from "../gmm/logLikelihood";
import { assertInteger, assertOneOf, assertPositive, assertSeed, invalid } from "../validate";

export const GMM_TRUTHS = ["one-blob", "two-gaussians"] as const;
export type GmmTruth = (typeof GMM_TRUTHS)[number];

/** Centres and sd of each preset (the blob: official code; two Gaussians: the paper's text). */
export const GMM_TRUTH_PRESETS: Record<GmmTruth, { centres: number[][]; sd: number }> = {
  "one-blob": { centres: [[0, 0]], sd: 1 },
  "two-gaussians": {
    centres: [
      [-1.5, 0],
      [1.5, 0],
    ],
    sd: 0.5,
  },
};

/** Generations of the paper's snapshot figure. */
export const SNAPSHOT_GENERATIONS = [0, 50, 100, 150, 200, 350, 2000];

export interface GmmRecursionOptions {
  /** Points per generation, the paper's N; default 1000. */
  sampleSize?: number;
  /** Generations (models fitted); default 2050 as the official code. */
  generations?: number;
  seed: number;
  truth?: GmmTruth;
  /** Overrides the preset's centres (equal shares, isotropic, sd `sd`). */
  centres?: number[][];
  sd?: number;
  em?: FitGaussianMixtureOptions;
  regime?: Regime;
  fractions?: Fractions;
  /** Generations whose data and model to keep (snapshot figure). */
  snapshotGenerations?: number[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface GmmSnapshot {
  generation: number;
  /** The data D_g as [x…], [y…] (2-D) and the component of model_g most responsible for each point. */
  x: number[];
  y: number[];
  labels: number[];
  model: { weights: number[]; means: number[]; covariances: number[] };
  /** Each component's sd, √(mean of its covariance diagonal): the paper's 0.90/0.89 → 0.010/0.011. */
  componentSd: number[];
}

export interface GmmRecursionResult {
  /** Squared L2 distance ∫(f_g − f_0)² for g = 0 … generationsRun − 1. */
  l2: Float64Array;
  snapshots: GmmSnapshot[];
  emIterations: { mean: number; max: number; notConverged: number };
  generationsRun: number;
  stopReason: string;
}

/** N points of the truth: equal shares of isotropic Gaussians at `centres` (the data D_0). */
export function gmmInitialData(n: number, centres: number[][], sd: number, rng: Rng): Points {
  assertInteger(n, "sampleSize", 1);
  assertPositive(sd, "sd");
  if (!Array.isArray(centres) || centres.length < 1) invalid("centres", "a non-empty array of points", centres);
  const dim = centres[0].length;
  const values = new Float64Array(n * dim);
  if (centres.length === 1) {
    // No centre draws between the points: the n·dim normals are consecutive, drawn at once.
    const c = centres[0];
    rng.fillNormal(values);
    for (let i = 0; i < n * dim; i++) values[i] = c[i % dim] + sd * values[i];
    return { n, dim, values };
  }
  for (let i = 0; i < n; i++) {
    const c = centres[rng.uniformInt(centres.length)];
    if (c.length !== dim) invalid("centres[i].length", String(dim), c.length);
    for (let j = 0; j < dim; j++) values[i * dim + j] = c[j] + sd * rng.normal();
  }
  return { n, dim, values };
}

/** √(tr Σ_k / d): the spread of component k. */
function componentSd(model: GaussianMixture, k: number): number {
  const d = model.dim;
  let trace = 0;
  for (let a = 0; a < d; a++) trace += model.covariances[k * d * d + a * d + a];
  return Math.sqrt(trace / d);
}

function snapshot(generation: number, model: GaussianMixture, data: Points): GmmSnapshot {
  const labels = predictComponents(model, data);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < data.n; i++) {
    x.push(data.values[i * data.dim]);
    y.push(data.dim > 1 ? data.values[i * data.dim + 1] : 0);
  }
  return {
    generation,
    x,
    y,
    labels: Array.from(labels),
    model: { weights: Array.from(model.weights), means: Array.from(model.means), covariances: Array.from(model.covariances) },
    componentSd: Array.from(model.weights, (_, k) => componentSd(model, k)),
  };
}

export function runGmmRecursion(opts: GmmRecursionOptions): GmmRecursionResult {
  assertSeed(opts.seed, "seed");
  const n = opts.sampleSize ?? 1000;
  assertInteger(n, "sampleSize", 1);
  const generations = opts.generations ?? 2050;
  const truth = opts.truth ?? "one-blob";
  assertOneOf(truth, "truth", GMM_TRUTHS);
  const preset = GMM_TRUTH_PRESETS[truth];
  const centres = opts.centres ?? preset.centres;
  const sd = opts.sd ?? preset.sd;
  // D_0 from its own stream, so the same seed gives the same original data in every regime.
  const initialData = gmmInitialData(n, centres, sd, Rng.stream(opts.seed, "initial-data"));
  const learner = gaussianMixtureLearner(opts.em ?? OFFICIAL_GMM_OPTIONS);
  const wanted = new Set(opts.snapshotGenerations ?? []);
  let first: GaussianMixture | undefined;
  const snapshots: GmmSnapshot[] = [];
  const result = runGenerations<GaussianMixture, Points, number>({
    initialData,
    learner,
    dataOps: pointOps,
    generations,
    seed: opts.seed,
    regime: opts.regime,
    fractions: opts.fractions,
    sampleSize: n,
    metrics: ({ generation, model, data }) => {
      if (generation === 0) first = model;
      if (wanted.has(generation)) snapshots.push(snapshot(generation, model, data));
      return l2DistanceGaussianMixtures(model, first!);
    },
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
  const its = learner.stats.iterations;
  let sum = 0;
  let max = 0;
  for (const v of its) {
    sum += v;
    if (v > max) max = v;
  }
  return {
    l2: Float64Array.from(result.history, (h) => h.metrics),
    snapshots,
    emIterations: { mean: its.length ? sum / its.length : 0, max, notConverged: learner.stats.notConverged },
    generationsRun: result.generationsRun,
    stopReason: result.stopReason,
  };
}
