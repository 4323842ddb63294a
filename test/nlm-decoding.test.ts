/**
 * KvCache.reorder (src/nlm/kvCache.ts), which beam search uses to move each beam under its
 * parent's keys and values: the step after a reorder is that of the reordered sequences fed
 * afresh.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { initTensorflow } from "../src/vae/tensorflow";
import { KvCache } from "../src/nlm/kvCache";
import { initTransformerParams, parameterLayout, transformerConfig, type TransformerParams } from "../src/nlm/transformerParams";

/** Entries N(0, 0.5²) around GPT-2's start, so the next-token distributions are far from uniform. */
function perturbedModel(seed: number, vocabSize: number): TransformerParams {
  const rng = new Rng(seed);
  const p = initTransformerParams(transformerConfig({ vocabSize, contextLength: 8, dModel: 8, heads: 2, layers: 2 }), rng);
  for (const e of parameterLayout(p.config)) {
    const a = p.flat.subarray(e.offset, e.offset + e.size);
    for (let i = 0; i < a.length; i++) a[i] = (e.init === "ones" ? 1 : 0) + 0.5 * rng.normal();
  }
  return p;
}

test("KvCache.reorder makes each row a copy of its chosen row: the next step is that of the reordered sequences fed afresh", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(20, 11);
  const sequences = [[1, 2, 3], [4, 5, 6]];
  const rows = [1, 0, 1];
  const cache = new KvCache(tf, p, 2);
  for (let t = 0; t < 3; t++) cache.step(sequences.map((s) => s[t]));
  cache.reorder(rows);
  assert.equal(cache.batch, 3);
  const reordered = cache.step([7, 8, 9]);
  const fresh = new KvCache(tf, p, 3);
  for (let t = 0; t < 3; t++) fresh.step(rows.map((r) => sequences[r][t]));
  assert.deepEqual(Array.from(reordered), Array.from(fresh.step([7, 8, 9])));
  assert.throws(() => cache.reorder([0, 3]), /rows\[1\] must be an integer in \[0, 2\], got 3/);
  assert.throws(() => cache.reorder([]), /rows\.length must be an integer ≥ 1, got 0/);
  cache.dispose();
  fresh.dispose();
  assert.throws(() => cache.reorder([0]), /after dispose/);
});
