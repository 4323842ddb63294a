/**
 * The experiment's plumbing: the Brown corpus splits (the analogue of Nature Fig. 1b,c's wikitext-2 splits, documented in
 * src/data/brown.ts), the summary statistics behind Fig. 1b,c, and cancellation.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as path from "path";
import { loadBrown, brownFiles } from "../src/data/brown";
import { histogram, summarize } from "../src/lm/summary";
import { prepareCorpus } from "../src/lm/corpus";
import { loadWikitext } from "../src/data/wikitext";
import { tokenizeWikitext } from "../src/data/tokenizer";
import { KneserNeyModel } from "../src/lm/kneserNey";
import { runCollapse, type RunResult } from "../src/lm/experiment";
import { runExperiment } from "../src/lm/parallel";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "wikitext");

test("Brown splits: lore train cf01–cf38, validation cf39–cf43, test cf44–cf48, pretraining = the other 452 samples", () => {
  const files = brownFiles();
  assert.equal([...files.values()].reduce((s, l) => s + l.length, 0), 500);
  const c = loadBrown();
  assert.match(c.description, /all 452 samples outside "lore".*train cf01–cf38, validation cf39–cf43, test cf44–cf48/);
  // Brown samples are ~2 000 words; hyphen splitting adds a few percent.
  assert.ok(c.train.length > 38 * 2000 && c.train.length < 38 * 2600, `train ${c.train.length}`);
  assert.ok(c.test.length > 5 * 2000 && c.test.length < 5 * 2600, `test ${c.test.length}`);
  assert.ok(c.base.length > 1.0e6, `base ${c.base.length}`);
  assert.throws(() => loadBrown({ targetGenre: "poetry" as "lore" }), /targetGenre must be one of/);
});

test("histogram: log-spaced bins whose density integrates to 1; quantiles of the values", () => {
  const values = [1.5, 2, 3, 10, 10, 10, 50, 200, 900, 2000];
  const h = histogram(0, values);
  const mass = h.density.reduce((s, d) => s + d * 0.05, 0);
  assert.ok(Math.abs(mass - 1) < 1e-12);
  assert.equal(h.median, 10);
  assert.equal(h.max, 2000);
  assert.equal(h.above100, 0.3); // 200, 900 and 2000
});

test("summary: mean and sample sd over seeds per generation", () => {
  const corpus = prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("a b c")), { minCount: 1 });
  const run = (seed: number, ppl: number[]): RunResult => ({
    setting: "b", seed, blockOffset: 0, blocks: 1, testPerplexity: ppl, targetOnlyPerplexity: ppl, lambda: [0.5, 0.5],
    validationLambda: [0.5, 0.5], continuations: [[1], [2]], sequencePerplexities: [{ generation: 0, values: [5] }], stopReason: "completed",
  });
  const s = summarize(corpus, [run(0, [10, 20]), run(1, [10, 24])], { options: {} });
  assert.deepEqual(s.settings.b!.meanPerplexity, [10, 22]);
  assert.deepEqual(s.settings.b!.sdPerplexity, [0, Math.sqrt(8)]);
  assert.equal(s.settings.b!.continuations[1].text, corpus.vocab[2]);
});

test("cancellation: an aborted signal stops a run and rejects the experiment", async () => {
  const corpus = prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("the towers of the church")), { minCount: 1 });
  const base = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length);
  const ac = new AbortController();
  ac.abort();
  const r = runCollapse(corpus, base, "b", 0, { generations: 3, blockSize: 16, decoding: { method: "beam", newTokens: 16 } }, { signal: ac.signal });
  assert.equal(r.stopReason, "aborted");
  assert.equal(r.testPerplexity.length, 0);
  const opts = { generations: 3, blockSize: 16, decoding: { method: "beam" as const, newTokens: 16 } };
  await assert.rejects(runExperiment({ corpus, seeds: [0, 1], options: opts, workers: 1, signal: ac.signal }), /experiment aborted/);
  await assert.rejects(runExperiment({ corpus, seeds: [0, 1], options: opts, workers: 2, signal: ac.signal }), /experiment aborted/);
});
