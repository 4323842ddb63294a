/**
 * The transformer's decoders on the key/value cache (src/nlm/transformerBeamSearch.ts,
 * src/nlm/transformerSampling.ts) and the cache's row reordering they use, checked against
 * full recomputation (transformerLogits):
 * beam search with as many beams as there are prefixes is exhaustive search, one beam
 * without penalty is greedy decoding, a batch decodes as its prompts alone, top-1 sampling
 * is greedy and top-V sampling draws from the softmax; options are checked and every
 * tensor is freed.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { initTensorflow, type Tf } from "../src/vae/tensorflow";
import { KvCache } from "../src/nlm/kvCache";
import { beamSearchContinue } from "../src/nlm/transformerBeamSearch";
import { sampleContinue } from "../src/nlm/transformerSampling";
import { transformerLogits } from "../src/nlm/transformerForward";
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

/** Log-softmax of the last position's logits for one sequence, by full recomputation. */
function lastLogProbs(tf: Tf, p: TransformerParams, seq: number[]): number[] {
  const V = p.config.vocabSize;
  const logits = Array.from(transformerLogits(tf, p, Int32Array.from(seq), 1).subarray((seq.length - 1) * V));
  const max = Math.max(...logits);
  const lse = max + Math.log(logits.reduce((s, x) => s + Math.exp(x - max), 0));
  return logits.map((x) => x - lse);
}

/** HF's repetition penalty on the score (log-probability or logit) of a token already in the sequence. */
const penalise = (lp: number, penalty: number) => (lp < 0 ? lp * penalty : lp / penalty);

/** Σ_t penalised log p(w_t | prompt, w_<t), by full recomputation. */
function penalisedScore(tf: Tf, p: TransformerParams, prompt: number[], continuation: number[], penalty: number): number {
  let score = 0;
  for (let t = 0; t < continuation.length; t++) {
    const seq = [...prompt, ...continuation.slice(0, t)];
    const lp = lastLogProbs(tf, p, seq)[continuation[t]];
    score += seq.includes(continuation[t]) ? penalise(lp, penalty) : lp;
  }
  return score;
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

test("beam search with V^(T−1) beams is exhaustive: the best of all V^T continuations and its score within 1e-4", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(21, 5);
  const V = 5;
  const T = 3;
  const prompt = [1, 3, 1];
  for (const penalty of [1, 3]) {
    // All V^T continuations scored at once: the logits of prompt + w₁ + w₂ at its last three positions.
    const L = prompt.length;
    const seqs: number[] = [];
    for (let w1 = 0; w1 < V; w1++) for (let w2 = 0; w2 < V; w2++) seqs.push(...prompt, w1, w2);
    const logits = transformerLogits(tf, p, Int32Array.from(seqs), V * V);
    const ranked: { tokens: number[]; score: number }[] = [];
    for (let c = 0; c < V ** T; c++) {
      const tokens = [Math.floor(c / (V * V)), Math.floor(c / V) % V, c % V];
      const row = tokens[0] * V + tokens[1];
      let score = 0;
      for (let t = 0; t < T; t++) {
        const off = (row * (L + 2) + L - 1 + t) * V;
        const x = Array.from(logits.subarray(off, off + V));
        const max = Math.max(...x);
        const lp = x[tokens[t]] - max - Math.log(x.reduce((s, v) => s + Math.exp(v - max), 0));
        score += [...prompt, ...tokens.slice(0, t)].includes(tokens[t]) ? penalise(lp, penalty) : lp;
      }
      ranked.push({ tokens, score });
    }
    ranked.sort((a, b) => b.score - a.score);
    assert.ok(ranked[0].score - ranked[1].score > 1e-3, `penalty ${penalty}: the best continuation is not a near-tie`);
    const result = beamSearchContinue(tf, p, [prompt], { beams: V ** (T - 1), newTokens: T, repetitionPenalty: penalty });
    assert.deepEqual(Array.from(result.tokens[0]), ranked[0].tokens, `penalty ${penalty}`);
    assert.ok(Math.abs(result.scores[0] - ranked[0].score) < 1e-4, `penalty ${penalty}: score ${result.scores[0]} vs ${ranked[0].score}`);
  }
});

test("one beam is greedy decoding of the penalised log-probabilities, step by step as full recomputation", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(22, 11);
  const prompt = [4, 0, 7];
  for (const penalty of [1, 3]) {
    const continuation: number[] = [];
    let score = 0;
    for (let t = 0; t < 5; t++) {
      const seq = [...prompt, ...continuation];
      const lp = lastLogProbs(tf, p, seq).map((x, w) => (seq.includes(w) ? penalise(x, penalty) : x));
      const best = lp.indexOf(Math.max(...lp));
      continuation.push(best);
      score += lp[best];
    }
    const result = beamSearchContinue(tf, p, [prompt], { beams: 1, newTokens: 5, repetitionPenalty: penalty });
    assert.deepEqual(Array.from(result.tokens[0]), continuation, `penalty ${penalty}`);
    assert.ok(Math.abs(result.scores[0] - score) < 1e-4, `penalty ${penalty}: score ${result.scores[0]} vs ${score}`);
  }
});

test("prompts decoded in one batch (and of two lengths) give the tokens and scores of each prompt alone", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(23, 11);
  const prompts = [[1, 2, 3], [5, 4], [10, 0, 10], [7, 7, 2]];
  const opts = { beams: 3, newTokens: 4, repetitionPenalty: 3 };
  const batched = beamSearchContinue(tf, p, prompts, opts);
  prompts.forEach((prompt, i) => {
    const alone = beamSearchContinue(tf, p, [prompt], opts);
    assert.deepEqual(Array.from(batched.tokens[i]), Array.from(alone.tokens[0]), `prompt ${i}`);
    assert.ok(Math.abs(batched.scores[i] - alone.scores[0]) < 1e-5, `prompt ${i}: ${batched.scores[i]} vs ${alone.scores[0]}`);
    assert.ok(Math.abs(batched.scores[i] - penalisedScore(tf, p, prompt, Array.from(alone.tokens[0]), 3)) < 1e-4, `prompt ${i}: the score is the beam's penalised log-probability`);
  });
});

test("top-1 sampling is greedy; top-V sampling draws the first token with the softmax's probabilities; a seed fixes the tokens", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(24, 5);
  const prompts = [[1, 3, 1], [0, 4], [2, 2, 2]];
  const greedy = beamSearchContinue(tf, p, prompts, { beams: 1, newTokens: 4, repetitionPenalty: 1 });
  const top1 = sampleContinue(tf, p, prompts, new Rng(1), { topK: 1, newTokens: 4, temperature: 0.7 });
  assert.deepEqual(top1.tokens.map((t) => Array.from(t)), greedy.tokens.map((t) => Array.from(t)));
  // With a penalty, top-1 is greedy on the penalised raw logits (HF's sampling), not on log-probabilities.
  const penalised = sampleContinue(tf, p, [prompts[0]], new Rng(1), { topK: 1, newTokens: 4, repetitionPenalty: 3 });
  const seq = [...prompts[0]];
  for (let t = 0; t < 4; t++) {
    const logits = Array.from(transformerLogits(tf, p, Int32Array.from(seq), 1).subarray((seq.length - 1) * 5)).map((x, w) => (seq.includes(w) ? penalise(x, 3) : x));
    seq.push(logits.indexOf(Math.max(...logits)));
  }
  assert.deepEqual(Array.from(penalised.tokens[0]), seq.slice(prompts[0].length));

  const n = 4000;
  const prompt = [1, 3, 1];
  const lp = lastLogProbs(tf, p, prompt);
  for (const { topK, temperature } of [{ topK: 5, temperature: 1 }, { topK: 3, temperature: 0.5 }]) {
    // The expected law: softmax(logits / temperature) over the topK largest logits.
    const kept = lp.map((x, w) => ({ x, w })).sort((a, b) => b.x - a.x).slice(0, topK);
    const z = kept.reduce((s, { x }) => s + Math.exp((x - kept[0].x) / temperature), 0);
    const expected = new Array(5).fill(0);
    for (const { x, w } of kept) expected[w] = Math.exp((x - kept[0].x) / temperature) / z;
    const drawn = sampleContinue(tf, p, Array.from({ length: n }, () => prompt), new Rng(2), { topK, temperature, newTokens: 1 });
    const counts = new Array(5).fill(0);
    for (const t of drawn.tokens) counts[t[0]]++;
    for (let w = 0; w < 5; w++) {
      const se = Math.sqrt((expected[w] * (1 - expected[w])) / n);
      assert.ok(Math.abs(counts[w] / n - expected[w]) <= 4 * se, `topK ${topK}, T ${temperature}, token ${w}: ${counts[w] / n} vs ${expected[w]}`);
    }
  }

  const opts = { newTokens: 5, repetitionPenalty: 2 };
  const a = sampleContinue(tf, p, prompts, new Rng(3), opts);
  const b = sampleContinue(tf, p, prompts, new Rng(3), opts);
  assert.deepEqual(a.tokens.map((t) => Array.from(t)), b.tokens.map((t) => Array.from(t)));
});

test("bad options and prompts throw named errors", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(25, 5);
  const beam = (prompts: number[][], opts = {}) => beamSearchContinue(tf, p, prompts, { newTokens: 3, ...opts });
  assert.throws(() => beam([[1]], { beams: 0 }), /beams must be an integer in \[1, 64\], got 0/);
  assert.throws(() => beam([[1]], { beams: 2.5 }), /beams must be an integer in \[1, 64\]/);
  assert.throws(() => beam([[1]], { newTokens: 0 }), /newTokens must be an integer in \[1, 100000\], got 0/);
  assert.throws(() => beam([[1]], { newTokens: 8 }), /newTokens must be at most contextLength − 1 = 7, got 8/);
  assert.throws(() => beam([[1]], { repetitionPenalty: 0.5 }), /repetitionPenalty must be a number in \[1, ∞\)/);
  assert.throws(() => beam([]), /prompts\.length must be an integer ≥ 1, got 0/);
  assert.throws(() => beam([[1], []]), /prompts\[1\]\.length must be an integer in \[1, 5\], got 0/);
  assert.throws(() => beam([[1, 2, 3, 4, 0, 1]]), /prompts\[0\]\.length must be an integer in \[1, 5\], got 6/);
  assert.throws(() => beam([[1, 5]]), /prompts\[0\]\[1\] must be a token id in \[0, 4\], got 5/);
  const sample = (opts = {}) => sampleContinue(tf, p, [[1]], new Rng(0), { newTokens: 3, ...opts });
  assert.throws(() => sample({ temperature: 0 }), /temperature must be a number in \(0, ∞\)/);
  assert.throws(() => sample({ topK: 0 }), /topK must be an integer in \[1, 100000\], got 0/);
  assert.throws(() => sample({ repetitionPenalty: NaN }), /repetitionPenalty must be a number in \[1, ∞\)/);
  assert.throws(() => sampleContinue(tf, p, [[-1]], new Rng(0)), /newTokens must be at most contextLength − 1 = 7, got 64/);
});

test("decoding frees every tensor it makes", async () => {
  const tf = await initTensorflow("wasm");
  const p = perturbedModel(26, 11);
  const before = tf.memory().numTensors;
  beamSearchContinue(tf, p, [[1, 2], [3, 4], [5]], { beams: 4, newTokens: 5 });
  sampleContinue(tf, p, [[1, 2], [3]], new Rng(4), { newTokens: 5, repetitionPenalty: 3 });
  assert.equal(tf.memory().numTensors, before);
});
