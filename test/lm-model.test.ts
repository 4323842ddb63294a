/**
 * The n-gram language model: tokenizers, vocabulary, interpolated modified Kneser–Ney
 * (Chen & Goodman 1998), perplexity and fine-tuning by interpolation.
 * Reference values are hand computations written out in each test.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import { Rng } from "../src/random/rng";
import { tokenizePlainText, tokenizeWikitext } from "../src/data/tokenizer";
import { Vocabulary } from "../src/lm/vocabulary";
import { KneserNeyModel } from "../src/lm/kneserNey";
import { InterpolatedLm } from "../src/lm/interpolatedLm";
import { perplexity, blockPerplexities } from "../src/lm/perplexity";
import { chooseInterpolationWeight, fineTune } from "../src/lm/fineTune";
import { prepareCorpus } from "../src/lm/corpus";
import { loadWikitext, findWikitextFiles } from "../src/data/wikitext";
import { brownTokens } from "../src/data/brown";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "wikitext");
const fixture = () => prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("the towers of the church were built of stone in the county .")), { minCount: 1 });

test("wikitext tokens are kept verbatim: @-@, <unk> and heading markers", () => {
  assert.deepEqual(tokenizeWikitext(" = = Design = = \n black @-@ tailed <unk> 1 @,@ 000 "), ["=", "=", "Design", "=", "=", "black", "@-@", "tailed", "<unk>", "1", "@,@", "000"]);
});

test("plain text: words, punctuation, and inner hyphens as @-@ (wikitext style)", () => {
  assert.deepEqual(tokenizePlainText("Black-tailed hares don't run, 3.5 m!"), ["Black", "@-@", "tailed", "hares", "don't", "run", ",", "3.5", "m", "!"]);
  assert.deepEqual(brownTokens("The/at term-end/nn ``/`` so/ql ''/'' ./."), ["The", "term", "@-@", "end", '"', "so", '"', "."]);
});

test("vocabulary: cap, minimum count, <unk> at id 0, frequency order", () => {
  const v = Vocabulary.build([["b", "a", "b", "c", "b", "a", "d"]], { maxSize: 3, minCount: 1 });
  assert.deepEqual(v.words, ["<unk>", "b", "a"]);
  assert.deepEqual(Array.from(v.encode(["a", "c", "b"])), [2, 0, 1]);
  assert.deepEqual(Vocabulary.build([["x", "y", "x"]]).words, ["<unk>", "x"]);
});

test("order 1 by hand: counts a=3 b=2 c=1 → fallback discounts, p = α + γ/V, perplexity", () => {
  // Counts of counts n1 = n2 = n3 = 1, n4 = 0 give D3+ = 3, outside (0, 3): fallback 0.5, 1, 1.5.
  // T = 6, γ = (0.5 + 1 + 1.5)/6 = 0.5, V = 4: p(a) = 1.5/6 + 1/8 = 0.375,
  // p(b) = 1/6 + 1/8 = 7/24, p(c) = 0.5/6 + 1/8 = 5/24, p(<unk>) = 1/8.
  const m = KneserNeyModel.train([1, 2, 1, 3, 1, 2], 1, 4);
  const lm = InterpolatedLm.single(m);
  const s = lm.newState();
  const expected = [1 / 8, 0.375, 7 / 24, 5 / 24];
  expected.forEach((p, w) => assert.ok(Math.abs(lm.prob(s, 0, w) - p) < 1e-12, `p(${w})`));
  const ppl = Math.exp(-(Math.log(0.375) + Math.log(7 / 24) + Math.log(5 / 24)) / 3);
  assert.ok(Math.abs(perplexity(lm, [1, 2, 3], 64) - ppl) < 1e-9);
});

test("order 2 by hand: continuation counts for the unigrams, raw counts for the bigrams", () => {
  // Corpus a b a b (a = 1, b = 2, V = 3). Bigrams ab ×2, ba ×1; continuation counts a = 1, b = 1.
  // Fallback discounts everywhere. Unigrams: α = 0.5/2, γ = 0.5 → p1(a) = p1(b) = 1/4 + 1/6 = 5/12.
  // After a: α(ab) = (2 − 1)/2, γ = 1/2 → p(b|a) = 1/2 + 5/24 = 17/24, p(a|a) = 5/24.
  // After b: α(ba) = 0.5/1, γ = 0.5 → p(a|b) = 17/24.
  const lm = InterpolatedLm.single(KneserNeyModel.train([1, 2, 1, 2], 2, 3));
  const s = lm.newState();
  lm.initState([1], 0, 1, s);
  assert.ok(Math.abs(lm.prob(s, 0, 2) - 17 / 24) < 1e-12);
  assert.ok(Math.abs(lm.prob(s, 0, 1) - 5 / 24) < 1e-12);
  const ppl = Math.exp(-(Math.log(5 / 12) + 2 * Math.log(17 / 24)) / 3);
  assert.ok(Math.abs(perplexity(lm, [1, 2, 1], 64) - ppl) < 1e-9);
  // Blocks are scored on their own: block [a] [b] [a] → unigram probabilities only.
  const per = blockPerplexities(lm, [1, 2, 1], 1);
  assert.ok(Math.abs(per[0] - 12 / 5) < 1e-9 && Math.abs(per[1] - 12 / 5) < 1e-9);
});

test("smoothed probabilities sum to 1 over the vocabulary for sampled contexts (orders 2–4, and a mixture)", () => {
  const c = fixture();
  const V = c.vocab.length;
  const rng = new Rng(11);
  for (const order of [2, 3, 4]) {
    const m = KneserNeyModel.train(c.train, order, V);
    const other = KneserNeyModel.train(c.base, order, V);
    for (const lm of [InterpolatedLm.single(m), new InterpolatedLm([m, other], [0.3, 0.7])]) {
      const s = lm.newState();
      for (let trial = 0; trial < 40; trial++) {
        // Half the contexts from the corpus (seen), half random ids (mostly unseen).
        const ctx = trial % 2 === 0 ? c.train.subarray(rng.uniformInt(c.train.length - 4)).subarray(0, 3) : Int32Array.from({ length: 3 }, () => rng.uniformInt(V));
        lm.initState(ctx, 0, ctx.length, s);
        let sum = 0;
        for (let w = 0; w < V; w++) sum += lm.prob(s, 0, w);
        assert.ok(Math.abs(sum - 1) < 1e-9, `order ${order}, trial ${trial}: sum ${sum}`);
      }
    }
  }
});

test("modified Kneser–Ney discounts on a real corpus follow Chen & Goodman's formula", () => {
  const c = fixture();
  const m = KneserNeyModel.train(c.train, 3, c.vocab.length);
  // Reference: eq. (26) recomputed here from n1 … n4 of the raw trigram counts (or the
  // fallback when the formula leaves (0, k), as it does for tiny corpora).
  const counts = new Map<string, number>();
  for (let i = 0; i + 2 < c.train.length; i++) {
    const k = `${c.train[i]},${c.train[i + 1]},${c.train[i + 2]}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const n = [1, 2, 3, 4].map((r) => [...counts.values()].filter((v) => v === r).length);
  const y = n[0] / (n[0] + 2 * n[1]);
  const d = [1 - (2 * y * n[1]) / n[0], 2 - (3 * y * n[2]) / n[1], 3 - (4 * y * n[3]) / n[2]];
  const valid = d.every((x, i) => Number.isFinite(x) && x > 0 && x < i + 1);
  const expected = valid ? d : [0.5, 1, 1.5];
  expected.forEach((x, i) => assert.ok(Math.abs(m.discounts[6 + i] - x) < 1e-12, `D${i + 1}`));
});

test("fine-tuning: λ minimises validation perplexity; target data lowers in-domain perplexity", () => {
  const c = fixture();
  const base = KneserNeyModel.train(c.base, 3, c.vocab.length);
  const ft = fineTune(base, c.train, { validation: c.validation, blockSize: 64 });
  const target = KneserNeyModel.train(c.train, 3, c.vocab.length);
  assert.equal(chooseInterpolationWeight(base, target, c.validation, 64), ft.lambda);
  const val = (l: number) => perplexity(new InterpolatedLm([target, base], [l, 1 - l]), c.validation, 64);
  for (const l of [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1]) assert.ok(val(ft.lambda) <= val(l) + 1e-6, `λ = ${l}`);
  assert.ok(ft.lambda > 0.5, `in-domain data should dominate here, λ = ${ft.lambda}`);
  assert.ok(perplexity(ft.lm, c.test, 64) < perplexity(InterpolatedLm.single(base), c.test, 64));
});

test("bad input throws named errors", () => {
  assert.throws(() => KneserNeyModel.train([], 3, 10), /training corpus is empty/);
  assert.throws(() => KneserNeyModel.train([1, 2, 12], 3, 10), /tokens\[2\] must be an integer token id in \[0, 9\]/);
  assert.throws(() => KneserNeyModel.train([1], 0, 10), /order must be an integer in \[1, 8\]/);
  assert.throws(() => perplexity(InterpolatedLm.single(KneserNeyModel.train([1], 2, 3)), [], 64), /tokens must be a non-empty/);
  assert.throws(() => prepareCorpus({ name: "x", description: "", base: [], train: ["a"], validation: ["a"], test: ["a"] }), /corpus base split must be a non-empty/);
  assert.throws(() => findWikitextFiles(path.join(FIXTURE, "incomplete")), /missing files: validation \(wiki\.valid\.tokens or valid\.txt or validation\.txt\); test/);
  assert.throws(() => findWikitextFiles(path.join(FIXTURE, "no-such-folder")), /wikitext dir must be an existing folder/);
  assert.throws(() => new InterpolatedLm([KneserNeyModel.train([1], 2, 3)], [0.5]), /sum of weights must be 1/);
});
