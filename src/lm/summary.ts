/**
 * Turns the runs of an experiment into the numbers of Fig. 1b,c: test perplexity per
 * generation as mean ± sd over seeds, histograms (pooled over seeds) of the perplexity of
 * every generated sequence under the generation-0 model on log-spaced bins, and the
 * prompt's continuation per generation (first seed). Plain JSON, and deterministic: the same
 * runs give the same summary (no wall-clock time or machine-dependent mode in it).
 */
import type { LmCorpus } from "./corpus";
import { quantileOf, summarizeSeeds } from "../summary/summarizeSeeds";
import type { CollapseOptions, RunResult, Setting } from "./experiment";

export interface Histogram {
  generation: number;
  /** Bin edges (perplexity), log-spaced. */
  edges: number[];
  /** Geometric centre of each bin, √(edge_k · edge_{k+1}). */
  centres: number[];
  /** Density per unit of log10(perplexity); integrates to 1 over the bins. */
  density: number[];
  count: number;
  median: number;
  mean: number;
  p90: number;
  p95: number;
  max: number;
  /** Share of sequences with perplexity above 100 (the tail). */
  above100: number;
}

export interface SettingSummary {
  generations: number[];
  meanPerplexity: number[];
  sdPerplexity: number[];
  perSeed: number[][];
  /** Mean over seeds of the test perplexity of the generation-g data model alone (n-gram runs). */
  meanTargetOnlyPerplexity?: number[];
  /** The interpolation weight per generation (n-gram runs). */
  lambda?: number[];
  /** Mean over seeds of the λ the validation split would pick for generation g's data (n-gram runs). */
  meanValidationLambda?: number[];
  histograms: Histogram[];
  continuations: { generation: number; text: string }[];
}

/**
 * What a summary needs of a run: chapter 05's n-gram runs (RunResult) and chapter 07's
 * transformer runs (../nlm/neuralCollapse.ts) both have it; the interpolation diagnostics
 * exist only for the n-gram model.
 */
export type SummarizableRun = Pick<RunResult, "setting" | "seed" | "testPerplexity" | "continuations" | "sequencePerplexities"> &
  Partial<Pick<RunResult, "targetOnlyPerplexity" | "lambda" | "validationLambda">>;

export interface CollapseSummary<O = CollapseOptions> {
  corpus: { name: string; description: string; vocabulary: number; tokens: Record<string, number> };
  options: O;
  seeds: number[];
  prompt: string;
  settings: Partial<Record<Setting, SettingSummary>>;
}

export const HISTOGRAM_EDGES = Array.from({ length: 61 }, (_, i) => Math.pow(10, i * 0.05));
const HISTOGRAM_CENTRES = HISTOGRAM_EDGES.slice(0, -1).map((e, k) => Math.sqrt(e * HISTOGRAM_EDGES[k + 1]));

export function histogram(generation: number, values: number[]): Histogram {
  const sorted = values.slice().sort((a, b) => a - b);
  const edges = HISTOGRAM_EDGES;
  const counts = new Array(edges.length - 1).fill(0);
  for (const v of sorted) {
    const i = Math.min(edges.length - 2, Math.max(0, Math.floor(Math.log10(v) / 0.05)));
    counts[i]++;
  }
  const n = Math.max(1, sorted.length);
  const q = (p: number) => quantileOf(sorted, p);
  return {
    generation,
    edges,
    centres: HISTOGRAM_CENTRES,
    density: counts.map((c) => c / n / 0.05),
    count: sorted.length,
    median: q(0.5),
    mean: sorted.reduce((s, v) => s + v, 0) / n,
    p90: q(0.9),
    p95: q(0.95),
    max: sorted[sorted.length - 1],
    above100: sorted.filter((v) => v > 100).length / n,
  };
}

export function summarize<O extends object = CollapseOptions>(corpus: LmCorpus, runs: SummarizableRun[], meta: { options: O }): CollapseSummary<O> {
  const decode = (ids: ArrayLike<number>) => Array.from(ids, (i) => corpus.vocab[i]).join(" ");
  const settings: CollapseSummary<O>["settings"] = {};
  for (const setting of [...new Set(runs.map((r) => r.setting))]) {
    const rs = runs.filter((r) => r.setting === setting).sort((a, b) => a.seed - b.seed);
    const G = Math.min(...rs.map((r) => r.testPerplexity.length));
    const generations = Array.from({ length: G }, (_, g) => g);
    const perSeed = rs.map((r) => r.testPerplexity.slice(0, G));
    const overSeeds = summarizeSeeds(perSeed);
    const histGens = [...new Set(rs.flatMap((r) => r.sequencePerplexities.map((h) => h.generation)))].sort((a, b) => a - b);
    settings[setting] = {
      generations,
      meanPerplexity: overSeeds.mean,
      sdPerplexity: overSeeds.sd,
      perSeed,
      ...(rs.every((r) => r.targetOnlyPerplexity && r.lambda && r.validationLambda)
        ? {
            meanTargetOnlyPerplexity: generations.map((g) => rs.reduce((a, r) => a + r.targetOnlyPerplexity![g], 0) / rs.length),
            lambda: rs[0].lambda,
            meanValidationLambda: generations.map((g) => rs.reduce((a, r) => a + r.validationLambda![g], 0) / rs.length),
          }
        : {}),
      histograms: histGens.map((g) => histogram(g, rs.flatMap((r) => r.sequencePerplexities.find((h) => h.generation === g)?.values ?? []))),
      continuations: rs[0].continuations.map((c, g) => ({ generation: g, text: decode(c) })),
    };
  }
  // Both chapters' options name the prompt's length promptTokens (default 64).
  const promptTokens = (meta.options as { promptTokens?: number }).promptTokens ?? 64;
  return {
    corpus: {
      name: corpus.name,
      description: corpus.description,
      vocabulary: corpus.vocab.length,
      tokens: { base: corpus.base.length, train: corpus.train.length, validation: corpus.validation.length, test: corpus.test.length },
    },
    options: meta.options,
    seeds: [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b),
    prompt: decode(corpus.test.subarray(0, promptTokens)),
    settings,
  };
}
