/** The chapter-5 run driver on a tiny configuration: both settings, summarised, deterministic, nothing time-dependent. */
import test from "node:test";
import assert from "node:assert/strict";
import { FULL_RUN, runLanguageModelCollapse, type LanguageModelRunConfig } from "../src/experiments/languageModelRun";

const TINY: LanguageModelRunConfig = {
  ...FULL_RUN,
  seeds: [0],
  options: { generations: 2, blockSize: 64, maxBlocks: 6, histogramGenerations: [0, 1], decoding: { method: "beam", beams: 2, newTokens: 64, repetitionPenalty: 3 } },
};

test("runLanguageModelCollapse: settings b and c, finite perplexities, histograms, the same summary twice", async () => {
  const a = await runLanguageModelCollapse(TINY, { workers: 0 });
  const b = await runLanguageModelCollapse(TINY, { workers: 0 });
  assert.match(a.mode, /in-thread/);
  for (const k of ["b", "c"] as const) {
    const s = a.summary.settings[k]!;
    assert.deepEqual(s.generations, [0, 1]);
    assert.ok(s.meanPerplexity.every((p) => Number.isFinite(p) && p > 1), `${k}: ${s.meanPerplexity}`);
    assert.deepEqual(s.histograms.map((h) => h.generation), [0, 1]);
    assert.deepEqual(s.perSeed.map((p) => p.length), [2], `${k}: one seed, two generations`);
    assert.deepEqual(s.sdPerplexity, [0, 0], `${k}: one seed has sd 0`);
    for (const h of s.histograms) {
      // Every generated sequence is scored by model 0 and lands in a bin (the last one clamps):
      // the density per unit of log10(perplexity) integrates to 1 over bins of width 0.05.
      assert.ok(h.count > 0 && h.median >= 1 && h.max >= h.median, `${k}, generation ${h.generation}: count ${h.count}, median ${h.median}`);
      assert.ok(Math.abs(h.density.reduce((a, d) => a + d * 0.05, 0) - 1) < 1e-12, `${k}, generation ${h.generation}: density integrates to 1`);
    }
  }
  assert.deepEqual(a.summary.seeds, [0]);
  assert.deepEqual(a.summary.options, TINY.options);
  // Generation 0 is the same model in both settings: fine-tuned on the real blocks.
  assert.equal(a.summary.settings.b!.meanPerplexity[0], a.summary.settings.c!.meanPerplexity[0]);
  const json = JSON.stringify(a.summary);
  assert.equal(json, JSON.stringify(b.summary));
  assert.doesNotMatch(json, /"seconds"|"mode"/);
});
