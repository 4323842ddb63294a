/**
 * One (setting, seed) run of chapter 07's transformer protocol (../nlm/neuralCollapse.ts), as
 * the driver (./neuralLmRun.ts) hands it to this thread or to a worker thread
 * (./neuralLmWorker.ts): the corpus and the pretrained weights travel as typed arrays, so a
 * run is the same wherever it executes. A run with a checkpoint file saves where it stands
 * after every generation and, started again, goes on from there with the same numbers.
 */
import * as fs from "fs";
import type { LmCorpus } from "../lm/corpus";
import type { Setting } from "../lm/experiment";
import type { Tf } from "../vae/tensorflow";
import { runNeuralCollapse, type NeuralCheckpoint, type NeuralCollapseOptions, type NeuralRunResult } from "../nlm/neuralCollapse";
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
  /**
   * Where the run keeps its checkpoint after each generation, and goes on from when the
   * file is there (an interrupted run); removed when the run completes.
   */
  checkpointFile?: string;
}

const toBase64 = (a: Int32Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
function fromBase64<T extends Int32Array | Float32Array>(text: string, make: (buffer: ArrayBuffer, length: number) => T, bytesPer: number): T {
  const bytes = Buffer.from(text, "base64");
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return make(copy.buffer, bytes.length / bytesPer);
}

/** The checkpoint as JSON, its token and weight arrays in base64 (exact bits, a third of the size of number lists). */
function writeCheckpoint(file: string, c: NeuralCheckpoint): void {
  const { data, pool, ...loop } = c.loop;
  if (pool !== undefined) throw new Error("the transformer protocol has no accumulated pool to save");
  const json = { ...c, loop: { ...loop, data: { blockSize: data.blockSize, tokens: toBase64(data.tokens) } }, model0: toBase64(c.model0) };
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(json));
  fs.renameSync(tmp, file);
}

function readCheckpoint(file: string): NeuralCheckpoint {
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const tokens = fromBase64(json.loop.data.tokens, (b, n) => new Int32Array(b, 0, n), 4);
  return { ...json, loop: { ...json.loop, data: { blockSize: json.loop.data.blockSize, tokens } }, model0: fromBase64(json.model0, (b, n) => new Float32Array(b, 0, n), 4) };
}

export function executeNeuralTask(tf: Tf, data: NeuralTaskData, task: NeuralTask, progress?: (fraction: number, note?: string) => void, signal?: AbortSignal): NeuralRunResult {
  // Each run fine-tunes copies: the shared pretrained weights are never written.
  const pretrained = transformerParamsFromFlat(data.config, data.pretrained);
  const file = task.checkpointFile;
  const resume = file !== undefined && fs.existsSync(file) ? readCheckpoint(file) : undefined;
  const result = runNeuralCollapse(tf, data.corpus, pretrained, task.setting, task.seed, data.options, {
    onProgress: progress,
    signal,
    resume,
    onCheckpoint: file === undefined ? undefined : (c) => writeCheckpoint(file, c),
  });
  if (result.stopReason !== "completed") throw new Error(`transformer run (${task.setting}, seed ${task.seed}) stopped: ${result.stopReason}${file ? `; it goes on from ${file} next time` : ""}`);
  if (file !== undefined) fs.rmSync(file, { force: true });
  return result;
}
