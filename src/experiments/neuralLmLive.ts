/**
 * Chapter 07's live run, for notebook 07: the protocol of the full run (./neuralLmRun.ts) on
 * a model and a data set small enough to run in well under a minute on one core, so that a
 * reader sees every step happen — pretraining on other genres, then settings (b) and (c),
 * each generation fine-tuned from the pretrained weights and continuing every block by beam
 * search. The numbers are not the full run's: too little pretraining and data for that.
 */
import type { LmCorpus } from "../lm/corpus";
import { summarize, type CollapseSummary } from "../lm/summary";
import { Rng } from "../random/rng";
import type { Tf } from "../vae/tensorflow";
import { assertInteger, assertSeed } from "../validate";
import { runNeuralCollapse, type NeuralCollapseOptions, type NeuralRunResult } from "../nlm/neuralCollapse";
import { initTransformerParams, transformerConfig, type TransformerConfigInput, type TransformerParams } from "../nlm/transformerParams";
import { trainTransformer, type TrainTransformerOptions } from "../nlm/transformerTraining";

export interface LiveNeuralLmConfig {
  /** The transformer (its vocabSize is the corpus's). */
  model: Omit<TransformerConfigInput, "vocabSize">;
  /** Pretraining reads the first this many tokens of the other genres. */
  pretrainingTokens: number;
  pretraining: Omit<TrainTransformerOptions, "rng" | "onProgress" | "signal">;
  options: NeuralCollapseOptions;
  seed: number;
}

/** Width 32, one layer, 32-token blocks, the first 48 blocks, generations 0 … 4: ≈ 30 s. */
export const LIVE_NLM_RUN: LiveNeuralLmConfig = {
  model: { contextLength: 64, dModel: 32, layers: 1, heads: 2 },
  pretrainingTokens: 150_000,
  pretraining: { windowLength: 64, batchSize: 32, learningRate: 3e-3, warmupSteps: 20 },
  options: { generations: 5, blockSize: 32, maxBlocks: 48, histogramGenerations: [0, 1, 2, 4], promptTokens: 32 },
  seed: 0,
};

export interface LiveNeuralLm {
  pretrained: TransformerParams;
  runs: NeuralRunResult[];
  summary: CollapseSummary<LiveNeuralLmConfig>;
  pretrainingSeconds: number;
}

/**
 * Pretrains the live model on `corpus.base`, then runs settings (b) and (c) with one seed.
 * It yields to the event loop between the three stages, so a notebook's progress display
 * is sent while it runs.
 */
export async function runLiveNeuralLm(
  tf: Tf,
  corpus: LmCorpus,
  config: LiveNeuralLmConfig = LIVE_NLM_RUN,
  hooks: { onProgress?: (done: number, total: number, note: string) => void; signal?: AbortSignal } = {},
): Promise<LiveNeuralLm> {
  assertInteger(config.pretrainingTokens, "pretrainingTokens", 2, corpus.base.length);
  assertSeed(config.seed, "seed");
  const pretrained = initTransformerParams(transformerConfig({ ...config.model, vocabSize: corpus.vocab.length }), Rng.stream(config.seed, "live-init"));
  const training = trainTransformer(tf, pretrained, corpus.base.subarray(0, config.pretrainingTokens), {
    ...config.pretraining,
    rng: Rng.stream(config.seed, "live-pretraining"),
    signal: hooks.signal,
    onProgress: (done, total, note) => hooks.onProgress?.(done / total, 3, `pretraining, ${note}`),
  });
  const runs: NeuralRunResult[] = [];
  for (const [i, setting] of (["b", "c"] as const).entries()) {
    await new Promise((resolve) => setImmediate(resolve));
    runs.push(
      runNeuralCollapse(tf, corpus, pretrained, setting, config.seed, config.options, {
        signal: hooks.signal,
        onProgress: (fraction, note) => hooks.onProgress?.(1 + i + fraction, 3, `(${setting}) ${note}`),
      }),
    );
  }
  return { pretrained, runs, summary: summarize(corpus, runs, { options: config }), pretrainingSeconds: training.seconds };
}
