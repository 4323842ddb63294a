/**
 * The pretrained transformer of chapter 07 (docs/theory.md#transformer-lm), cached on disk.
 * The paper fine-tunes a model pretrained once (OPT-125m); here pretraining on the Brown text
 * outside the target genre is the longest single step, so its weights are kept in
 * `.cache/nlm/` (git-ignored), one file per configuration and seed, and rebuilt when missing
 * or damaged. The file name is a hash of everything that determines the weights, so a changed
 * setting never loads stale weights.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { Rng } from "../random/rng";
import type { Tf } from "../vae/tensorflow";
import { repoRoot } from "../data/repoRoot";
import { initTransformerParams, parameterCount, transformerConfig, transformerParamsFromFlat, type TransformerConfigInput, type TransformerParams } from "../nlm/transformerParams";
import { trainTransformer, type TrainTransformerOptions } from "../nlm/transformerTraining";

export interface PretrainSpec {
  model: TransformerConfigInput;
  /** Pretraining settings other than the seed and the hooks. */
  training: Omit<TrainTransformerOptions, "rng" | "onProgress" | "signal">;
  /** Seeds the initialisation and the order of the training windows. */
  seed: number;
}

export interface PretrainedTransformer {
  params: TransformerParams;
  /** True when the weights came from the cache file. */
  fromCache: boolean;
  file: string;
  /** Seconds of pretraining (0 when loaded). */
  seconds: number;
}

/** The cache folder: `.cache/nlm/` under the project root (or under the working directory). */
export function defaultTransformerCacheDir(): string {
  return path.join(repoRoot() ?? process.cwd(), ".cache", "nlm");
}

/** The cache key: a hash of the spec and of the pretraining tokens themselves. */
export function pretrainKey(spec: PretrainSpec, tokens: Int32Array): string {
  const hash = crypto.createHash("sha256");
  hash.update(JSON.stringify({ model: transformerConfig(spec.model), training: spec.training, seed: spec.seed }));
  hash.update(Buffer.from(tokens.buffer, tokens.byteOffset, tokens.byteLength));
  return hash.digest("hex").slice(0, 16);
}

/** Loads the weights pretrained on `tokens` by `spec`, or pretrains and stores them. */
export function loadOrPretrainTransformer(
  tf: Tf,
  tokens: Int32Array,
  spec: PretrainSpec,
  o: { cacheDir?: string; onProgress?: TrainTransformerOptions["onProgress"]; signal?: AbortSignal } = {},
): PretrainedTransformer {
  const config = transformerConfig(spec.model);
  const dir = o.cacheDir ?? defaultTransformerCacheDir();
  const file = path.join(dir, `pretrained-${pretrainKey(spec, tokens)}.f32`);
  const count = parameterCount(config);
  if (fs.existsSync(file)) {
    const bytes = fs.readFileSync(file);
    // A file of the wrong length is a damaged or interrupted write: pretrain again.
    if (bytes.length === count * 4) {
      const flat = new Float32Array(count);
      new Uint8Array(flat.buffer).set(bytes);
      return { params: transformerParamsFromFlat(config, flat), fromCache: true, file, seconds: 0 };
    }
  }
  const started = Date.now();
  const params = initTransformerParams(config, Rng.stream(spec.seed, "pretrain-init"));
  trainTransformer(tf, params, tokens, { ...spec.training, rng: Rng.stream(spec.seed, "pretrain-windows"), onProgress: o.onProgress, signal: o.signal });
  fs.mkdirSync(dir, { recursive: true });
  // Written under a temporary name and renamed: an interrupted write never leaves a file of the right length.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(params.flat.buffer, params.flat.byteOffset, params.flat.byteLength));
  fs.renameSync(tmp, file);
  return { params, fromCache: false, file, seconds: (Date.now() - started) / 1000 };
}
