/**
 * The fast queries (backoff form, ./src/lm/backoffTable.ts; block scoring,
 * ./src/lm/blockScoring.ts) against the straightforward computation they replace: the
 * order-by-order recurrence of interpolated Kneser–Ney over the model's own tables,
 * with every context walked from the root. Token for token, to the last bit.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import { KneserNeyModel } from "../src/lm/kneserNey";
import { InterpolatedLm } from "../src/lm/interpolatedLm";
import { tokenProbabilities } from "../src/lm/perplexity";
import { scoreBlocks } from "../src/lm/blockScoring";
import { prepareCorpus } from "../src/lm/corpus";
import { loadWikitext } from "../src/data/wikitext";
import { tokenizeWikitext } from "../src/data/tokenizer";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "wikitext");
const corpus = prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("the towers of the church were built of stone in the county .")), { minCount: 1 });

/** Node of tokens[from … to) walked from the root, or −1. */
function walk(model: KneserNeyModel, tokens: ArrayLike<number>, from: number, to: number): number {
  let node = 0;
  for (let j = from; j < to && node >= 0; j++) node = model.trie.child(node, tokens[j]);
  return node;
}

/** p(w | tokens[start … end)) by the recurrence p ← α + γ·p, shortest context first. */
function referenceProb(model: KneserNeyModel, tokens: ArrayLike<number>, start: number, end: number, w: number): number {
  let p = 1 / model.vocabSize;
  for (let k = 0; k < model.order; k++) {
    const h = end - k < start ? -1 : walk(model, tokens, end - k, end);
    if (h < 0) break;
    const g = model.gamma[h];
    if (g < 0) continue;
    const node = model.trie.child(h, w);
    p = (node >= 0 ? model.alpha[node] : 0) + g * p;
  }
  return p;
}

function referenceTokenProbabilities(lm: InterpolatedLm, tokens: ArrayLike<number>, blockSize: number): Float64Array {
  const out = new Float64Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const start = i - (i % blockSize);
    let p = 0;
    lm.components.forEach((c, m) => {
      if (lm.weights[m] > 0) p += lm.weights[m] * referenceProb(c, tokens, start, i, tokens[i]);
    });
    out[i] = p;
  }
  return out;
}

function assertSameBits(got: Float64Array, want: Float64Array, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what}: token ${i}: ${got[i]} ≠ ${want[i]}`);
}

// Test tokens include words never seen in training (<unk>), so every backoff path runs.
const V = corpus.vocab.length;
const stream = Int32Array.from([...corpus.test, ...corpus.validation, ...corpus.train.subarray(0, 200)]);

for (const order of [1, 2, 3, 4]) {
  test(`order ${order}: block scoring and prob equal the recurrence, token for token`, () => {
    const base = KneserNeyModel.train(corpus.base, order, V);
    const target = KneserNeyModel.train(corpus.train, order, V);
    const models: [string, InterpolatedLm][] = [
      ["single", InterpolatedLm.single(base)],
      ["mixture", new InterpolatedLm([target, base], [0.3, 0.7])],
      ["mixture with a zero weight", new InterpolatedLm([target, base], [0, 1])],
    ];
    for (const [name, lm] of models) {
      for (const blockSize of [1, 5, 64]) {
        const want = referenceTokenProbabilities(lm, stream, blockSize);
        assertSameBits(tokenProbabilities(lm, stream, blockSize), want, `${name}, blocks of ${blockSize}`);
      }
      // prob and scoreAndAdvance on a state carried across the whole stream.
      const state = lm.newState();
      const next = lm.newState();
      const viaProb = new Float64Array(stream.length);
      const viaScore = new Float64Array(stream.length);
      for (let i = 0; i < stream.length; i++) {
        lm.initState(stream, 0, i, state);
        viaProb[i] = lm.prob(state, 0, stream[i]);
        viaScore[i] = lm.scoreAndAdvance(state, 0, stream[i], next, 0);
        const expected = lm.newState();
        lm.initState(stream, 0, i + 1, expected);
        assert.deepStrictEqual(Array.from(next), Array.from(expected), `${name}: state after token ${i}`);
      }
      const want = referenceTokenProbabilities(lm, stream, stream.length);
      assertSameBits(viaProb, want, `${name}: prob`);
      assertSameBits(viaScore, want, `${name}: scoreAndAdvance`);
    }
  });
}

test("the backoff table is one probability per node: p(w | h) of the recurrence", () => {
  const model = KneserNeyModel.train(corpus.train, 3, V);
  const { parent, word, depth } = model.trie;
  for (let id = 1; id < model.trie.size; id++) {
    const path: number[] = [];
    for (let n = id; n > 0; n = parent[n]) path.unshift(word[n]);
    const want = referenceProb(model, path, 0, depth[id] - 1, word[id]);
    if (!Object.is(model.backoff[id], want)) assert.fail(`node ${id} (${path.join(" ")}): ${model.backoff[id]} ≠ ${want}`);
  }
});

test("block scoring in chunks of whole blocks equals scoring the stream at once", () => {
  for (const order of [2, 3, 4]) {
    const model = KneserNeyModel.train(corpus.train, order, V);
    for (const blockSize of [1, 3, 7]) {
      const whole = new Float64Array(stream.length);
      scoreBlocks(model, stream, 0, stream.length, blockSize, whole);
      const chunked = new Float64Array(stream.length);
      const chunk = 4 * blockSize;
      for (let start = 0; start < stream.length; start += chunk) {
        const end = Math.min(stream.length, start + chunk);
        const out = new Float64Array(end - start);
        scoreBlocks(model, stream, start, end, blockSize, out);
        chunked.set(out, start);
      }
      assertSameBits(chunked, whole, `order ${order}, blocks of ${blockSize}`);
      assertSameBits(whole, referenceTokenProbabilities(InterpolatedLm.single(model), stream, blockSize), `order ${order}, blocks of ${blockSize}: the recurrence`);
    }
  }
});
