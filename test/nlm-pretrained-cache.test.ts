/**
 * The on-disk cache of chapter 07's pretrained transformer (src/experiments/pretrainedTransformer.ts):
 * the first call pretrains and stores, the second loads the same weights bit for bit, a
 * changed seed or changed tokens never load stale weights, and a damaged file is rebuilt.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Rng } from "../src/random/rng";
import { initTensorflow } from "../src/vae/tensorflow";
import { loadOrPretrainTransformer, pretrainKey, type PretrainSpec } from "../src/experiments/pretrainedTransformer";

const tokens = (() => {
  const rng = new Rng(1);
  return Int32Array.from({ length: 512 }, () => rng.uniformInt(8));
})();
const spec: PretrainSpec = { model: { vocabSize: 8, contextLength: 16, dModel: 8, layers: 1, heads: 2 }, training: { windowLength: 16, batchSize: 8, epochs: 1 }, seed: 3 };

test("pretrained weights: stored once, loaded bit for bit, keyed by spec and tokens, rebuilt when damaged", async () => {
  const tf = await initTensorflow("wasm");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-nlm-"));
  try {
    const first = loadOrPretrainTransformer(tf, tokens, spec, { cacheDir: dir });
    assert.equal(first.fromCache, false);
    const second = loadOrPretrainTransformer(tf, tokens, spec, { cacheDir: dir });
    assert.equal(second.fromCache, true);
    assert.deepEqual(Buffer.from(second.params.flat.buffer), Buffer.from(first.params.flat.buffer));
    assert.notEqual(pretrainKey({ ...spec, seed: 4 }, tokens), pretrainKey(spec, tokens));
    assert.notEqual(pretrainKey(spec, tokens.map((t) => (t + 1) % 8)), pretrainKey(spec, tokens));
    assert.notEqual(pretrainKey({ ...spec, training: { ...spec.training, epochs: 2 } }, tokens), pretrainKey(spec, tokens));
    fs.truncateSync(first.file, 100);
    const rebuilt = loadOrPretrainTransformer(tf, tokens, spec, { cacheDir: dir });
    assert.equal(rebuilt.fromCache, false);
    assert.deepEqual(Buffer.from(rebuilt.params.flat.buffer), Buffer.from(first.params.flat.buffer), "pretraining is deterministic on wasm");
    assert.deepEqual(fs.readdirSync(dir), [path.basename(first.file)], "no temporary file left behind");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
