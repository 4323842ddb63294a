/**
 * Chapter 07's committed full run (figures/data/ch07-nlm-run.json): the file is what
 * FULL_NLM_RUN computes (its configuration, every (setting, seed) run, every block scored),
 * its summary is what the committed runs give, the ch07 figure jobs draw it, and a missing
 * or stale file is an error that says how to compute it again.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadBrown } from "../src/data/brown";
import { loadNeuralRunData, writeNeuralRunData } from "../src/experiments/neuralLmData";
import { FULL_NLM_RUN } from "../src/experiments/neuralLmRun";
import { summarize } from "../src/lm/summary";
import { prepareWordCorpus } from "../src/nlm/wordVocabulary";
import { figures } from "../src/figures/ch07";
import { parseNlmArgs } from "../scripts/nlm-run";

const data = loadNeuralRunData();

test("the committed run is FULL_NLM_RUN's: both settings × both seeds, every generation, every block scored", () => {
  assert.deepEqual(data.runs.map((r) => `${r.setting}${r.seed}`), FULL_NLM_RUN.settings.flatMap((s) => FULL_NLM_RUN.seeds.map((seed) => `${s}${seed}`)));
  for (const r of data.runs) {
    assert.equal(r.testPerplexity.length, FULL_NLM_RUN.options.generations, `${r.setting}${r.seed}: one test perplexity per generation`);
    assert.equal(r.stopReason, "completed");
    assert.deepEqual(r.sequencePerplexities.map((h) => h.generation), [0, 1, 2, 3, 5, 9]);
    // Setting (b) replaces every block; (c) keeps 10 % of the originals, so its synthetic sets are 90 % as large.
    const synthetic = r.setting === "b" ? r.blocks : r.blocks - Math.round(0.1 * r.blocks);
    for (const h of r.sequencePerplexities) assert.equal(h.values.length, synthetic, `${r.setting}${r.seed} generation ${h.generation}: every generated block scored`);
  }
});

test("the committed summary is the summary of the committed runs", () => {
  const corpus = prepareWordCorpus(loadBrown({ targetGenre: FULL_NLM_RUN.targetGenre }), FULL_NLM_RUN.vocabularySize);
  const again = JSON.parse(JSON.stringify(summarize(corpus, data.runs, { options: FULL_NLM_RUN })));
  assert.deepEqual(data.summary, again);
});

test("a missing or stale run file is an error that says how to compute it", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-nlm-data-"));
  try {
    const file = path.join(dir, "run.json");
    assert.throws(() => loadNeuralRunData(file), /is missing: compute it with `npm run nlm-run`/);
    writeNeuralRunData({ ...data, config: { ...FULL_NLM_RUN, seeds: [0] } }, file);
    assert.throws(() => loadNeuralRunData(file), /computed with another configuration than FULL_NLM_RUN/);
    writeNeuralRunData(data, file);
    assert.deepEqual(loadNeuralRunData(file), data);
    assert.deepEqual(fs.readdirSync(dir), ["run.json"], "no temporary file left behind");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the ch07 figures drawn from the committed run carry its numbers, the tail quantiles in order", async () => {
  const ctx = { progress: () => {}, figuresDir: os.tmpdir() };
  const job = (name: string) => figures.find((f) => f.name === name)!;
  const perplexity = await job("ch07-nlm-perplexity").run(ctx);
  assert.deepEqual((perplexity.data as { b: unknown }).b, data.summary.settings.b);
  assert.deepEqual(perplexity.params.seed, FULL_NLM_RUN.seeds);
  const histograms = await job("ch07-nlm-histograms").run(ctx);
  const tails = (histograms.data as { tails: Record<"b" | "c", { generation: number; median: number; p95: number; max: number }[]> }).tails;
  for (const setting of ["b", "c"] as const) {
    assert.deepEqual(tails[setting].map((t) => t.generation), [0, 1, 2, 3, 5, 9]);
    for (const t of tails[setting]) assert.ok(t.median <= t.p95 && t.p95 <= t.max, `${setting} generation ${t.generation}: median ≤ p95 ≤ max`);
  }
  const continuations = await job("ch07-nlm-continuations").run(ctx);
  assert.equal((continuations.data as { prompt: string }).prompt, data.summary.prompt);
  assert.ok(perplexity.figure.data.length > 0 && histograms.figure.data.length > 0 && continuations.figure.data.length > 0);
});

test("npm run nlm-run takes --workers N and rejects anything else by name", () => {
  assert.equal(parseNlmArgs([], 6).workers, 6, "one worker per core by default");
  assert.equal(parseNlmArgs(["--workers", "1"], 6).workers, 1);
  assert.throws(() => parseNlmArgs(["--workers", "0"]), /--workers must be an integer in \[1, 64\], got "0"/);
  assert.throws(() => parseNlmArgs(["--fast"]), /unknown option --fast/);
});
