/**
 * Decoding: the exact top-k search, beam search (checked against exhaustive search where
 * the argmax is known), sampling, synthetic data generation, and the experiment driver's
 * determinism. Reference values come from brute-force enumeration over the vocabulary.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import { Rng } from "../src/random/rng";
import { KneserNeyModel } from "../src/lm/kneserNey";
import { InterpolatedLm } from "../src/lm/interpolatedLm";
import { CandidateSearch } from "../src/lm/topCandidates";
import { BeamSearch } from "../src/lm/beamSearch";
import { Sampler } from "../src/lm/sampling";
import { toBlocks } from "../src/lm/blocks";
import { generateSynthetic } from "../src/lm/synthetic";
import { runCollapse } from "../src/lm/experiment";
import { runExperiment } from "../src/lm/parallel";
import { prepareCorpus } from "../src/lm/corpus";
import { loadWikitext } from "../src/data/wikitext";
import { tokenizeWikitext } from "../src/data/tokenizer";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "wikitext");
const corpus = prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("the towers of the church were built of stone in the county .")), { minCount: 1 });

/** A random corpus over a small vocabulary, so that exhaustive search is feasible. */
function randomModel(V: number, order: number, seed: number, n = 400): KneserNeyModel {
  const rng = new Rng(seed);
  const tokens = new Int32Array(n);
  for (let i = 0; i < n; i++) tokens[i] = i > 0 && rng.uniform() < 0.5 ? (tokens[i - 1] + 1) % V : 1 + rng.uniformInt(V - 1);
  return KneserNeyModel.train(tokens, order, V);
}

/** HF's penalised score of w after `seq`: log p, multiplied by `penalty` if w occurs in seq. */
function penalisedScore(lm: InterpolatedLm, seq: number[], w: number, penalty: number): number {
  const s = lm.newState();
  lm.initState(seq, 0, seq.length, s);
  const lp = Math.log(lm.prob(s, 0, w));
  return seq.includes(w) ? lp * penalty : lp;
}

test("top-k search equals brute-force ranking of the whole vocabulary, with and without penalty", () => {
  const V = corpus.vocab.length;
  const a = KneserNeyModel.train(corpus.train, 3, V);
  const b = KneserNeyModel.train(corpus.base, 3, V);
  const lm = new InterpolatedLm([a, b], [0.6, 0.4]);
  const search = new CandidateSearch(lm, 7);
  const present = new Int32Array(V);
  const rng = new Rng(5);
  for (let trial = 0; trial < 30; trial++) {
    const start = rng.uniformInt(corpus.train.length - 10);
    const seq = Array.from(corpus.train.subarray(start, start + 8));
    const penalty = trial % 2 ? 3 : 1;
    present.fill(0);
    for (const w of seq) present[w] = 1;
    const s = lm.newState();
    lm.initState(seq, 0, seq.length, s);
    const n = search.search(s, 0, 7, present, 1, penalty);
    const all = Array.from({ length: V }, (_, w) => penalisedScore(lm, seq, w, penalty)).sort((x, y) => y - x);
    assert.equal(n, 7);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(search.scores[i] - all[i]) < 1e-12, `trial ${trial}, rank ${i}`);
  }
});

test("beam search with enough beams returns the exhaustive argmax sequence (penalty 1 and 3)", () => {
  const V = 6;
  const T = 3;
  for (const seed of [1, 2, 3]) {
    const lm = InterpolatedLm.single(randomModel(V, 3, seed));
    for (const penalty of [1, 3]) {
      const prompt = [1, 2];
      // Exhaustive: all V^T continuations, summed penalised scores (the penalty set grows
      // with the continuation, as in HF).
      let best = -Infinity;
      let bestSeq: number[] = [];
      for (let code = 0; code < V ** T; code++) {
        const cont = [Math.floor(code / V / V) % V, Math.floor(code / V) % V, code % V];
        let score = 0;
        const seq = prompt.slice();
        for (const w of cont) {
          score += penalisedScore(lm, seq, w, penalty);
          seq.push(w);
        }
        if (score > best + 1e-12) {
          best = score;
          bestSeq = cont;
        }
      }
      // V^(T−1) beams keep every prefix alive, so beam search is exact here.
      const beam = new BeamSearch(lm, { beams: V ** (T - 1), newTokens: T, repetitionPenalty: penalty });
      const out = new Int32Array(T);
      const score = beam.continue(prompt, 0, prompt.length, out);
      assert.deepEqual(Array.from(out), bestSeq, `seed ${seed}, penalty ${penalty}`);
      assert.ok(Math.abs(score - best) < 1e-9);
    }
  }
});

test("beam search follows a deterministic chain (the argmax is the chain itself)", () => {
  // Corpus 1 2 3 4 1 2 3 4 …: the argmax continuation of "1 2" is "3 4 1 2 3 4".
  const chain = Int32Array.from({ length: 200 }, (_, i) => 1 + (i % 4));
  const lm = InterpolatedLm.single(KneserNeyModel.train(chain, 3, 8));
  const out = new Int32Array(6);
  new BeamSearch(lm, { newTokens: 6, repetitionPenalty: 1 }).continue([1, 2], 0, 2, out);
  assert.deepEqual(Array.from(out), [3, 4, 1, 2, 3, 4]);
});

test("sampling: top-1 is greedy; the empirical next-token distribution matches p at temperature 1", () => {
  const V = 6;
  const lm = InterpolatedLm.single(randomModel(V, 2, 9));
  const greedy = new Sampler(lm, { topK: 1, newTokens: 1 });
  const out = new Int32Array(1);
  greedy.continue([3], 0, 1, new Rng(1), out);
  const s = lm.newState();
  lm.initState([3], 0, 1, s);
  const p = Array.from({ length: V }, (_, w) => lm.prob(s, 0, w));
  assert.equal(out[0], p.indexOf(Math.max(...p)));
  const sampler = new Sampler(lm, { topK: V, newTokens: 1 });
  const rng = new Rng(2);
  const n = 20000;
  const counts = new Array(V).fill(0);
  for (let i = 0; i < n; i++) {
    sampler.continue([3], 0, 1, rng, out);
    counts[out[0]]++;
  }
  // 4 binomial standard errors per token.
  p.forEach((q, w) => assert.ok(Math.abs(counts[w] / n - q) < 4 * Math.sqrt((q * (1 - q)) / n) + 1e-9, `token ${w}`));
});

test("synthetic data: one 64-token continuation per block, only the new tokens, same size", () => {
  const V = corpus.vocab.length;
  const lm = InterpolatedLm.single(KneserNeyModel.train(corpus.train, 3, V));
  const blocks = toBlocks(corpus.train, 16);
  const syn = generateSynthetic(lm, blocks, { method: "beam", newTokens: 16 }, new Rng(1));
  assert.equal(syn.tokens.length, blocks.tokens.length);
  const out = new Int32Array(16);
  new BeamSearch(lm, { newTokens: 16 }).continue(blocks.tokens, 16, 32, out);
  assert.deepEqual(Array.from(syn.tokens.subarray(16, 32)), Array.from(out));
});

test("same seed → same generated data and results; another seed → different", () => {
  const base = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length);
  const opts = { generations: 3, blockSize: 16, decoding: { method: "sample" as const, newTokens: 16, topK: 20 }, histogramGenerations: [0, 2] };
  const a = runCollapse(corpus, base, "c", 4, opts);
  const b = runCollapse(corpus, base, "c", 4, opts);
  const c = runCollapse(corpus, base, "c", 5, opts);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.sequencePerplexities, c.sequencePerplexities);
  assert.equal(a.testPerplexity.length, 3);
  assert.deepEqual(a.sequencePerplexities.map((h) => h.generation), [0, 2]);
});

test("worker threads give the same runs as the in-thread path", async () => {
  const opts = { generations: 2, blockSize: 16, decoding: { method: "beam" as const, newTokens: 16 }, histogramGenerations: [0, 1] };
  const req = { corpus, seeds: [0, 1], options: opts };
  const threaded = await runExperiment({ ...req, workers: 2 });
  const inline = await runExperiment({ ...req, workers: 1 });
  assert.match(threaded.mode, /2 worker threads/);
  assert.deepEqual(threaded.runs, inline.runs);
});

test("bad decoding and experiment input throw named errors", () => {
  const lm = InterpolatedLm.single(KneserNeyModel.train([1, 2, 3], 2, 4));
  assert.throws(() => new BeamSearch(lm, { beams: 0 }), /beams must be an integer in \[1, 64\]/);
  assert.throws(() => new BeamSearch(lm, { repetitionPenalty: 0.5 }), /repetitionPenalty must be a number in \[1, ∞\)/);
  assert.throws(() => new Sampler(lm, { temperature: 0 }), /temperature must be a number in \(0, ∞\)/);
  assert.throws(() => toBlocks(Int32Array.from([1, 2, 3]), 0), /blockSize must be an integer ≥ 1/);
  assert.throws(() => toBlocks(Int32Array.from([1, 2, 3]), 8), /stream.length must be at least/);
  const base = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length);
  assert.throws(() => runCollapse(corpus, base, "d" as "b", 0), /setting must be one of "b", "c"/);
  assert.throws(() => runCollapse(corpus, base, "b", 0, { blockSize: 0 }), /blockSize must be an integer in \[1, 4096\]/);
  assert.throws(() => runCollapse(corpus, base, "b", 0, { blockSize: 32, decoding: { method: "beam", newTokens: 64 } }), /decoding.newTokens must be 32/);
});

test("fidelity on the fixture (λ ≈ 0.7, fine-tuning dominates as in the paper): setting (b) degrades", () => {
  // Nature Fig. 1b: test perplexity rises over generations without original data.
  // Measured on this fixture: generation 0 ≈ 40, generation 5 ≈ 80–100 for seeds 0–2;
  // the test asks for a rise of at least 30 % in every seed.
  const base = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length);
  for (const seed of [0, 1, 2]) {
    const r = runCollapse(corpus, base, "b", seed, { generations: 6, blockSize: 16, decoding: { method: "beam", newTokens: 16 }, histogramGenerations: [] });
    assert.ok(r.lambda[0] > 0.5, `λ = ${r.lambda[0]}`);
    assert.ok(r.testPerplexity[5] > 1.3 * r.testPerplexity[0], `seed ${seed}: ${r.testPerplexity.map((x) => x.toFixed(1))}`);
    assert.ok(r.targetOnlyPerplexity[5] > r.targetOnlyPerplexity[0], `seed ${seed}`);
  }
});
