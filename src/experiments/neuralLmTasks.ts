/**
 * One (setting, seed) run of chapter 07's transformer protocol (../nlm/neuralCollapse.ts), as
 * the driver (./neuralLmRun.ts) hands it to this thread or to a worker thread
 * (./neuralLmWorker.ts): the corpus and the pretrained weights travel as typed arrays, so a
 * run is the same wherever it executes.
 */
import type { LmCorpus } from "../lm/corpus";
import type { Setting } from "../lm/experiment";
import type { Tf } from "../vae/tensorflow";
import { runNeuralCollapse, type NeuralCollapseOptions, type NeuralRunResult } from "../nlm/neuralCollapse";
import { transformerParamsFromFlat, type TransformerConfig } from "../nlm/transformerParams";

export interface NeuralTaskData {
  corpus: LmCorpus;
  config: TransformerConfig;
  /** The pretrained weights, TransformerParams.flat. */
  pretrained: Float32Array;
  options: NeuralCollapseOptions;
}

export interface NeuralTask {
  setting: Setting;
  seed: number;
}

export function executeNeuralTask(tf: Tf, data: NeuralTaskData, task: NeuralTask, progress?: (fraction: number, note?: string) => void, signal?: AbortSignal): NeuralRunResult {
  // Each run fine-tunes copies: the shared pretrained weights are never written.
  const pretrained = transformerParamsFromFlat(data.config, data.pretrained);
  return runNeuralCollapse(tf, data.corpus, pretrained, task.setting, task.seed, data.options, { onProgress: progress, signal });
}
