/**
 * The generational loop every chapter shares (Shumailov et al. 2024, "What is model
 * collapse?": each generation learns from data produced by the previous one).
 *
 * Generation i fits model_i on D_i, then builds D_{i+1}. Regimes:
 * - `replace` (the paper): D_{i+1} = α·M samples of model_i ∪ β·M rows of D_i ∪ γ·M rows
 *   of D_0, with α + β + γ = 1. The theory uses α = 1; the LLM experiment γ = 0.1.
 * - `accumulate` (Gerstgrasser et al. 2024): D_{i+1} = D_i ∪ M samples of model_i.
 * - `accumulate-subsample` (Kazdan et al. 2024): M rows drawn without replacement from
 *   D_0 ∪ every synthetic sample so far.
 * - `fresh-data` (Alemohammad et al. 2023): as `replace`, but the γ share is new real data
 *   from `freshSampler` each generation instead of rows of D_0.
 *
 * Every D_{i+1} of `replace`, `fresh-data` and `accumulate-subsample` has exactly M rows:
 * the loop never hands back a smaller dataset than asked. Rows are drawn without
 * replacement, so the shares must fit in what they are drawn from, and the options are
 * checked before anything runs:
 * - β·M ≤ |D_0|, since the β share of D_1 comes from D_0 (later D_i have M rows, so
 *   β·M ≤ M holds by construction);
 * - γ·M ≤ |D_0| for `replace`;
 * - `accumulate-subsample` needs no check: its pool holds |D_0| + i·M ≥ M rows at the
 *   end of generation i ≥ 0.
 * The learner and `freshSampler` must return the number of rows asked; a shortfall
 * throws rather than shrinking the dataset.
 *
 * The loop is model-agnostic: a `Learner` fits and samples, `DataOps` says how to count,
 * pick and join rows of a dataset, so 1-D arrays, point clouds, sufficient statistics and
 * token blocks all plug in.
 */
import { Rng } from "../random/rng";
import { assertInRange, assertInteger, assertOneOf, assertSeed, invalid } from "../validate";

export const REGIMES = ["replace", "accumulate", "accumulate-subsample", "fresh-data"] as const;
export type Regime = (typeof REGIMES)[number];

/** How the loop handles a dataset type D: size, row selection and concatenation. */
export interface DataOps<D> {
  size(data: D): number;
  /** The rows at `indices`, in that order. May throw when the type cannot be subset. */
  select(data: D, indices: Int32Array): D;
  concat(parts: readonly D[]): D;
}

/** A model family with a fitting procedure and a sampler. */
export interface Learner<M, D> {
  fit(data: D, rng: Rng, generation: number): M;
  /** `n` new rows from `model`; `current` is the data the model was fitted on (the LM
   * continues every block of it). */
  sample(model: M, n: number, rng: Rng, current: D): D;
}

/** Mixing fractions of the `replace` regime: synthetic α, previous generation β, original γ. */
export interface Fractions {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface GenerationContext<M, D> {
  generation: number;
  model: M;
  data: D;
}

export interface GenerationsOptions<M, D, R> {
  initialData: D;
  learner: Learner<M, D>;
  dataOps: DataOps<D>;
  /** Number of models fitted, generations 0 … generations−1 (integer ≥ 1). */
  generations: number;
  seed: number;
  regime?: Regime;
  /** Default {alpha: 1, beta: 0, gamma: 0}. Used by `replace` and `fresh-data`. */
  fractions?: Fractions;
  /** Rows per generation M; default: the size of `initialData`. */
  sampleSize?: number;
  /** New real rows, for the `fresh-data` regime. */
  freshSampler?: (n: number, rng: Rng) => D;
  /** Per-generation metrics, recorded in `history`. */
  metrics?: (ctx: GenerationContext<M, D>) => R;
  /** Early stop: return true to end after this generation (e.g. the model collapsed). */
  stopWhen?: (ctx: GenerationContext<M, D>, metrics: R | undefined) => boolean;
  /** Keep model_g (and D_g) for these generations, e.g. snapshot figures. */
  keep?: (generation: number) => boolean;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Called once D_{g+1} is built, before model_{g+1} is fitted: what a later run needs to go on from there. */
  onCheckpoint?: (checkpoint: LoopCheckpoint<D, R>) => void;
  /** Goes on from a checkpoint of a run with the same options, with the same numbers as the run it came from. */
  resume?: LoopCheckpoint<D, R>;
}

/**
 * Where a run stands at the start of a generation: its dataset, the states of its random
 * streams and the history so far. Long runs save it so that an interrupted run goes on
 * from its last finished generation (models of earlier generations are not in it, so
 * `keep` only sees the generations run after a resume).
 */
export interface LoopCheckpoint<D, R> {
  /** The next generation to fit. */
  generation: number;
  data: D;
  /** accumulate-subsample's pool, D_0 ∪ every synthetic sample so far. */
  pool?: D;
  streams: { fit: number[]; sample: number[]; mix: number[] };
  history: GenerationRecord<R>[];
}

export interface GenerationRecord<R> {
  generation: number;
  size: number;
  metrics: R;
}

export interface GenerationsResult<M, D, R> {
  history: GenerationRecord<R>[];
  kept: { generation: number; model: M; data: D }[];
  /** The last fitted model; undefined only when aborted before the first fit. */
  finalModel: M | undefined;
  /** Generations actually fitted. */
  generationsRun: number;
  stopReason: "completed" | "stopWhen" | "aborted";
}

const DEFAULT_FRACTIONS: Fractions = { alpha: 1, beta: 0, gamma: 0 };

/** Validates α, β, γ ∈ [0, 1] with α + β + γ = 1. */
export function validateFractions(f: Fractions, name = "fractions"): void {
  if (f == null || typeof f !== "object") invalid(name, "an object {alpha, beta, gamma}", f);
  assertInRange(f.alpha, `${name}.alpha`, 0, 1);
  assertInRange(f.beta, `${name}.beta`, 0, 1);
  assertInRange(f.gamma, `${name}.gamma`, 0, 1);
  const sum = f.alpha + f.beta + f.gamma;
  if (Math.abs(sum - 1) > 1e-9) invalid(`${name}.alpha + ${name}.beta + ${name}.gamma`, "1", sum);
}

/**
 * Partial Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2P): k distinct indices from
 * [0, n). Throws for k > n rather than returning fewer than k indices.
 */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): Int32Array {
  assertInteger(n, "n (population size)", 0);
  assertInteger(k, "k (indices drawn without replacement)", 0, n);
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniformInt(n - i);
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx.subarray(0, k);
}

/** Splits M rows into synthetic / previous / original counts that sum to M exactly. */
export function splitCounts(m: number, f: Fractions): [number, number, number] {
  const nSynthetic = Math.round(f.alpha * m);
  const nPrevious = Math.min(m - nSynthetic, Math.round(f.beta * m));
  return [nSynthetic, nPrevious, m - nSynthetic - nPrevious];
}

/** The loop's resolved settings: the regime and how many rows of each kind a dataset gets. */
interface LoopPlan {
  regime: Regime;
  /** Rows per generation M. */
  m: number;
  /** Rows of D_0. */
  n0: number;
  nSynthetic: number;
  nPrevious: number;
  nOriginal: number;
}

/** Validates the options and resolves the row counts, before anything runs. */
function planLoop<M, D, R>(opts: GenerationsOptions<M, D, R>): LoopPlan {
  assertInteger(opts.generations, "generations", 1);
  assertSeed(opts.seed, "seed");
  const regime = opts.regime ?? "replace";
  assertOneOf(regime, "regime", REGIMES);
  const fractions = opts.fractions ?? DEFAULT_FRACTIONS;
  validateFractions(fractions);
  const usesFractions = regime === "replace" || regime === "fresh-data";
  if (!usesFractions && fractions.alpha !== 1) {
    invalid("fractions", `{alpha: 1, beta: 0, gamma: 0} with regime "${regime}" (fractions apply to "replace" and "fresh-data")`, fractions);
  }
  if (regime === "fresh-data" && typeof opts.freshSampler !== "function") {
    invalid("freshSampler", 'a function (n, rng) => data, required by regime "fresh-data"', opts.freshSampler);
  }
  const n0 = opts.dataOps.size(opts.initialData);
  assertInteger(n0, "size of initialData", 1);
  const m = opts.sampleSize ?? n0;
  assertInteger(m, "sampleSize", 1);
  const [nSynthetic, nPrevious, nOriginal] = splitCounts(m, fractions);
  if (usesFractions && nPrevious > n0) {
    invalid("fractions.beta × sampleSize", `at most the size of initialData (${n0}), since the β share of D_1 is drawn without replacement from D_0`, nPrevious);
  }
  if (regime === "replace" && nOriginal > n0) {
    invalid("fractions.gamma × sampleSize", `at most the size of initialData (${n0})`, nOriginal);
  }
  return { regime, m, n0, nSynthetic, nPrevious, nOriginal };
}

/** The random streams of the loop: one each for fitting, sampling and mixing, so that turning a
 * metric on or off never changes the numbers. */
interface LoopStreams {
  fit: Rng;
  sample: Rng;
  mix: Rng;
}

/**
 * The loop's stream `name` for `seed`, as runGenerations creates it: a learner's fit of
 * generation 0 done outside the loop with `loopStream(seed, "fit")` is the fit the loop
 * would make.
 */
export function loopStream(seed: number, name: keyof LoopStreams): Rng {
  return Rng.stream(seed, name);
}

/**
 * Builds D_{g+1} from model_g and D_g under the plan's regime. `pool` is the accumulated data
 * of accumulate-subsample (a one-element list holding D_0 ∪ every synthetic sample so far).
 */
function nextDataset<M, D, R>(opts: GenerationsOptions<M, D, R>, plan: LoopPlan, model: M, data: D, pool: D[], rng: LoopStreams): D {
  const { learner, dataOps, initialData } = opts;
  /** `part`, after checking that a user-supplied sampler returned the `rows` asked. */
  const checked = (part: D, rows: number, source: string): D => {
    const size = dataOps.size(part);
    if (size !== rows) invalid(`number of rows returned by ${source}`, `${rows} (the number asked)`, size);
    return part;
  };
  const synthetic = (rows: number) => checked(learner.sample(model, rows, rng.sample, data), rows, "learner.sample");
  switch (plan.regime) {
    case "replace":
    case "fresh-data": {
      const parts: D[] = [];
      if (plan.nSynthetic > 0) parts.push(synthetic(plan.nSynthetic));
      if (plan.nPrevious > 0) parts.push(dataOps.select(data, sampleWithoutReplacement(dataOps.size(data), plan.nPrevious, rng.mix)));
      if (plan.nOriginal > 0) {
        parts.push(
          plan.regime === "fresh-data"
            ? checked(opts.freshSampler!(plan.nOriginal, rng.mix), plan.nOriginal, "freshSampler")
            : dataOps.select(initialData, sampleWithoutReplacement(plan.n0, plan.nOriginal, rng.mix)),
        );
      }
      return parts.length === 1 ? parts[0] : dataOps.concat(parts);
    }
    case "accumulate":
      return dataOps.concat([data, synthetic(plan.m)]);
    case "accumulate-subsample": {
      const all = dataOps.concat([...pool, synthetic(plan.m)]);
      pool.splice(0, pool.length, all);
      // The pool holds |D_0| + (g + 1)·M ≥ M rows, so M rows can always be drawn.
      return dataOps.select(all, sampleWithoutReplacement(dataOps.size(all), plan.m, rng.mix));
    }
  }
}

/** Runs the loop: fit → metrics → (stop?) → build the next dataset. */
export function runGenerations<M, D, R = undefined>(opts: GenerationsOptions<M, D, R>): GenerationsResult<M, D, R> {
  const plan = planLoop(opts);
  const rng: LoopStreams = { fit: loopStream(opts.seed, "fit"), sample: loopStream(opts.seed, "sample"), mix: loopStream(opts.seed, "mix") };
  const history: GenerationRecord<R>[] = [];
  const kept: { generation: number; model: M; data: D }[] = [];
  const pool: D[] = [opts.initialData];
  let data = opts.initialData;
  let start = 0;
  const resume = opts.resume;
  if (resume) {
    assertInteger(resume.generation, "resume.generation", 1, opts.generations - 1);
    if (plan.regime === "accumulate-subsample" && resume.pool === undefined) invalid("resume.pool", 'the pool of regime "accumulate-subsample"', resume.pool);
    rng.fit.restoreState(resume.streams.fit);
    rng.sample.restoreState(resume.streams.sample);
    rng.mix.restoreState(resume.streams.mix);
    history.push(...resume.history);
    if (resume.pool !== undefined) pool[0] = resume.pool;
    data = resume.data;
    start = resume.generation;
  }
  let model: M | undefined;
  let stopReason: GenerationsResult<M, D, R>["stopReason"] = "completed";
  for (let g = start; g < opts.generations; g++) {
    if (opts.signal?.aborted) {
      stopReason = "aborted";
      break;
    }
    model = opts.learner.fit(data, rng.fit, g);
    const ctx: GenerationContext<M, D> = { generation: g, model, data };
    const metrics = opts.metrics ? opts.metrics(ctx) : (undefined as R);
    history.push({ generation: g, size: opts.dataOps.size(data), metrics });
    if (opts.keep?.(g)) kept.push({ generation: g, model, data });
    opts.onProgress?.(g + 1, opts.generations);
    if (opts.stopWhen?.(ctx, metrics)) {
      stopReason = "stopWhen";
      break;
    }
    if (g === opts.generations - 1) break;
    data = nextDataset(opts, plan, model, data, pool, rng);
    opts.onCheckpoint?.({
      generation: g + 1,
      data,
      ...(plan.regime === "accumulate-subsample" ? { pool: pool[0] } : {}),
      streams: { fit: rng.fit.saveState(), sample: rng.sample.saveState(), mix: rng.mix.saveState() },
      history: history.slice(),
    });
  }
  return { history, kept, finalModel: model, generationsRun: history.length, stopReason };
}
