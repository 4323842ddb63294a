/**
 * The exact candidate cache of beam search (src/lm/cachedCandidates.ts): for any state,
 * penalty set and k it must return what the plain top-k search returns — the same tokens,
 * the same scores to the last bit, in the same order, ties included. The reference is the
 * plain search itself (test/lm-decoding.test.ts checks that one against brute force).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import { Rng } from "../src/random/rng";
import { KneserNeyModel } from "../src/lm/kneserNey";
import { InterpolatedLm } from "../src/lm/interpolatedLm";
import { CandidateSearch } from "../src/lm/topCandidates";
import { CachedCandidateSearch } from "../src/lm/cachedCandidates";
import { BeamSearch } from "../src/lm/beamSearch";
import { toBlocks } from "../src/lm/blocks";
import { prepareCorpus } from "../src/lm/corpus";
import { loadWikitext } from "../src/data/wikitext";
import { tokenizeWikitext } from "../src/data/tokenizer";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "wikitext");
const corpus = prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("the towers of the church were built of stone in the county .")), { minCount: 1 });
const V = corpus.vocab.length;
const fixtureLm = new InterpolatedLm([KneserNeyModel.train(corpus.train, 3, V), KneserNeyModel.train(corpus.base, 3, V)], [0.7, 0.3]);

/** A model over 8 words from a short random text: most probabilities tie (unseen words share one). */
function tiedModel(): InterpolatedLm {
  const rng = new Rng(3);
  const tokens = Int32Array.from({ length: 60 }, () => 1 + rng.uniformInt(7));
  return InterpolatedLm.single(KneserNeyModel.train(tokens, 3, 8));
}

/** Asks both searches the same questions: a few states, each many times with random penalty sets. */
function compare(lm: InterpolatedLm, stream: ArrayLike<number>, cached: number, capacity: number, seed: number) {
  const k = 5;
  const plain = new CandidateSearch(lm, k);
  const cache = new CachedCandidateSearch(lm, k, { cached, capacity });
  const rng = new Rng(seed);
  const present = new Int32Array(lm.vocabSize);
  const state = lm.newState();
  const starts = Array.from({ length: 40 }, () => rng.uniformInt(stream.length - 4));
  for (let q = 0; q < 2000; q++) {
    const start = starts[rng.uniformInt(starts.length)];
    lm.initState(stream, start, start + 3, state, 0);
    const stamp = q + 1;
    // Penalise a random share of the words that follow this context in the stream, the
    // words the cache ranks first, so that both hits and fallbacks occur.
    for (let i = 0; i < stream.length; i++) if (rng.uniform() < 0.3) present[stream[i]] = stamp;
    const penalty = q % 3 === 0 ? 1 : 3;
    const n = plain.search(state, 0, k, present, stamp, penalty);
    const m = cache.search(state, 0, k, present, stamp, penalty);
    assert.equal(m, n, `query ${q}: count`);
    for (let i = 0; i < n; i++) {
      assert.equal(cache.ids[i], plain.ids[i], `query ${q}, rank ${i}: token`);
      assert.equal(cache.scores[i], plain.scores[i], `query ${q}, rank ${i}: score`);
      assert.equal(cache.probs[i], plain.probs[i], `query ${q}, rank ${i}: probability`);
    }
  }
  return cache.stats;
}

test("cached search = plain search on the wikitext fixture: hits, fallbacks and table clears", () => {
  for (const cached of [6, 32]) {
    const stats = compare(fixtureLm, corpus.train.subarray(0, 400), cached, 16, cached);
    assert.ok(stats.hits > 0, `M = ${cached}: hits ${stats.hits}`);
    assert.ok(stats.misses > 40, `M = ${cached}: a 16-slot table is cleared, so states are recomputed (misses ${stats.misses})`);
  }
  const small = compare(fixtureLm, corpus.train.subarray(0, 400), 6, 16, 1);
  assert.ok(small.fallbacks > 0, `M = 6 leaves penalised lists to the plain search (fallbacks ${small.fallbacks})`);
});

test("cached search = plain search where almost every probability ties (8 words, ranks decide)", () => {
  const lm = tiedModel();
  const stream = Int32Array.from({ length: 50 }, (_, i) => 1 + ((i * 5) % 7));
  for (const cached of [5, 6, 8, 16]) compare(lm, stream, cached, 64, cached);
});

test("beam search gives the same continuations and scores with and without the cache", () => {
  const blocks = toBlocks(corpus.train, 16);
  const n = Math.min(40, blocks.tokens.length / 16);
  const withCache = new BeamSearch(fixtureLm, { newTokens: 16, cache: { cached: 8, capacity: 64 } });
  const without = new BeamSearch(fixtureLm, { newTokens: 16, cache: false });
  const a = new Int32Array(16);
  const b = new Int32Array(16);
  for (let i = 0; i < n; i++) {
    const sa = withCache.continue(blocks.tokens, i * 16, i * 16 + 16, a);
    const sb = without.continue(blocks.tokens, i * 16, i * 16 + 16, b);
    assert.deepEqual(Array.from(a), Array.from(b), `block ${i}`);
    assert.equal(sa, sb, `block ${i}: score`);
  }
});

test("bad cache options throw named errors", () => {
  assert.throws(() => new CachedCandidateSearch(fixtureLm, 5, { cached: 0 }), /cached must be an integer in \[1, 4096\]/);
  assert.throws(() => new CachedCandidateSearch(fixtureLm, 5, { capacity: 8 }), /capacity must be an integer in \[16, 4194304\]/);
  assert.throws(() => new BeamSearch(fixtureLm, { cache: { cached: 1.5 } }), /cached must be an integer/);
});
