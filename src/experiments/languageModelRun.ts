/**
 * The language-model collapse runs behind chapter 5's figures (Nature Fig. 1b,c;
 * docs/theory.md#language-model): the Brown corpus split into pretraining text and a
 * target genre, both settings (b) and (c), several seeds, generations 0 … 9, summarised.
 */
import { loadBrown, type BrownGenre } from "../data/brown";
import { prepareCorpus } from "../lm/corpus";
import type { CollapseOptions } from "../lm/experiment";
import { runExperiment } from "../lm/parallel";
import { summarize, type CollapseSummary } from "../lm/summary";

export interface LanguageModelRunConfig {
  targetGenre: BrownGenre;
  seeds: number[];
  /** n-gram order. */
  order: number;
  options: CollapseOptions;
}

/** The paper's protocol: 5 seeds, 10 generations, 64-token blocks, 5-beam search with penalty 3.0. */
export const FULL_RUN: LanguageModelRunConfig = {
  targetGenre: "lore",
  seeds: [0, 1, 2, 3, 4],
  order: 3,
  options: { generations: 10, blockSize: 64, decoding: { method: "beam", beams: 5, newTokens: 64, repetitionPenalty: 3.0 } },
};

/**
 * The same protocol with the fine-tuning weight fixed at λ = 0.7 instead of the one validation
 * picks: the analogue of OPT leaning on its fine-tuning data (the paper fine-tunes for 5 or 10
 * epochs). Three seeds, to keep the export short.
 */
export const STRONG_RUN: LanguageModelRunConfig = {
  ...FULL_RUN,
  seeds: [0, 1, 2],
  options: { ...FULL_RUN.options, fineTuneWeight: 0.7 },
};

export interface LanguageModelRunOptions {
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
  /** Worker threads (default: one per core; 0 or 1 runs in this thread). */
  workers?: number;
}

/** A language-model run as the summary the figures draw, and how it ran (not part of the data). */
export interface LanguageModelRun {
  summary: CollapseSummary;
  mode: string;
  seconds: number;
}

/** Loads the corpus, runs every (setting, seed) of `config` and summarises them. */
export async function runLanguageModelCollapse(config: LanguageModelRunConfig, o: LanguageModelRunOptions = {}): Promise<LanguageModelRun> {
  o.onProgress?.(0, 1, "loading the Brown corpus");
  const corpus = prepareCorpus(loadBrown({ targetGenre: config.targetGenre }));
  const r = await runExperiment({ corpus, seeds: config.seeds, order: config.order, options: config.options, workers: o.workers, signal: o.signal, onProgress: o.onProgress });
  return { summary: summarize(corpus, r.runs, { options: config.options }), mode: r.mode, seconds: r.seconds };
}
