/**
 * Incremental decoding (src/nlm/kvCache.ts): one token at a time through the key/value
 * cache gives, at every position up to the context length, the logits that recomputing
 * the whole prefix gives at its last position; the cache refuses a position beyond the
 * context and frees its tensors.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { initTensorflow } from "../src/vae/tensorflow";
import { KvCache } from "../src/nlm/kvCache";
import { transformerLogits } from "../src/nlm/transformerForward";
import { initTransformerParams, parameterLayout, transformerConfig, type TransformerParams } from "../src/nlm/transformerParams";

/** Entries N(0, 0.3²) around GPT-2's start, so the logits are O(1) and a wrong attention row shows. */
function perturbedModel(seed: number): TransformerParams {
  const rng = new Rng(seed);
  const p = initTransformerParams(transformerConfig({ vocabSize: 11, contextLength: 8, dModel: 8, heads: 2, layers: 2 }), rng);
  for (const e of parameterLayout(p.config)) {
    const a = p.flat.subarray(e.offset, e.offset + e.size);
    for (let i = 0; i < a.length; i++) a[i] = (e.init === "ones" ? 1 : 0) + 0.3 * rng.normal();
  }
  return p;
}

test("cached decoding equals the full forward pass's last-position logits at every position, within 1e-4", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(11);
  const { vocabSize: V, contextLength: C } = p.config;
  const batch = 3;
  const rng = new Rng(12);
  const sequences = Array.from({ length: batch }, () => Array.from({ length: C }, () => rng.uniformInt(V)));
  const before = tf.memory().numTensors;
  const cache = new KvCache(tf, p, batch);
  let worst = 0;
  for (let t = 0; t < C; t++) {
    const cached = cache.step(sequences.map((s) => s[t]));
    const prefixes = Int32Array.from(sequences.flatMap((s) => s.slice(0, t + 1)));
    const full = transformerLogits(tf, p, prefixes, batch);
    for (let b = 0; b < batch; b++) {
      for (let w = 0; w < V; w++) worst = Math.max(worst, Math.abs(cached[b * V + w] - full[(b * (t + 1) + t) * V + w]));
    }
  }
  assert.ok(worst < 1e-4, `largest logit difference ${worst}`);
  assert.equal(cache.position, C);
  assert.throws(() => cache.step([0, 0, 0]), /position must be below contextLength = 8/);
  cache.dispose();
  assert.equal(tf.memory().numTensors, before, "the cache frees its keys, values and weights");
  assert.throws(() => cache.step([0, 0, 0]), /after dispose/);
});

test("the cache checks its tokens: one per sequence, inside the vocabulary", async () => {
  const tf = await initTensorflow("wasm");
  const cache = new KvCache(tf, perturbedModel(13), 2);
  assert.throws(() => cache.step([1]), /tokens\.length must be batch = 2, got 1/);
  assert.throws(() => cache.step([1, 11]), /tokens\[1\] must be a token id in \[0, 10\], got 11/);
  assert.equal(cache.position, 0, "a refused step moves nothing");
  cache.dispose();
});
