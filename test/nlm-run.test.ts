/**
 * Chapter 07's experiment driver (src/experiments/neuralLmRun.ts) on a tiny transformer and a
 * Markov-chain corpus: worker threads give the same runs as this thread, and an experiment
 * started again loads its finished runs from the cache folder instead of computing them.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { markovCorpus } from "./helpers/markovChain";
import { runNeuralLanguageModel, type NeuralLmRunConfig } from "../src/experiments/neuralLmRun";
import { executeNeuralTask, type NeuralTaskData } from "../src/experiments/neuralLmTasks";
import { Rng } from "../src/random/rng";
import { initTensorflow } from "../src/vae/tensorflow";
import { initTransformerParams, transformerConfig } from "../src/nlm/transformerParams";


const corpus = markovCorpus({ base: 512, train: 128, validation: 64, test: 128 });

const config: NeuralLmRunConfig = {
  targetGenre: "lore",
  vocabularySize: 8,
  model: { contextLength: 16, dModel: 8, layers: 1, heads: 2 },
  pretraining: { seed: 1, training: { windowLength: 16, batchSize: 8, epochs: 2 } },
  settings: ["b", "c"],
  seeds: [0, 1],
  options: { generations: 2, blockSize: 8, epochs: 1, histogramGenerations: [0, 1], training: { batchSize: 8 } },
};

test("the transformer experiment: worker threads = this thread, and a second start loads the finished runs", async () => {
  const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-nlm-run-")));
  try {
    const threaded = await runNeuralLanguageModel(config, { corpus, cacheDir: dirs[0], workers: 2 });
    const inline = await runNeuralLanguageModel(config, { corpus, cacheDir: dirs[1], workers: 1 });
    assert.match(threaded.mode, /2 worker threads/);
    assert.equal(inline.mode, "in-thread");
    assert.deepEqual(threaded.runs, inline.runs);
    assert.deepEqual(threaded.runs.map((r) => `${r.setting}${r.seed}`), ["b0", "b1", "c0", "c1"]);
    assert.equal(threaded.resumed, 0);
    assert.equal(threaded.pretrainedFromCache, false);

    const runFiles = fs.readdirSync(dirs[1]).filter((f) => f.startsWith("run-"));
    assert.equal(runFiles.length, 4);
    fs.rmSync(path.join(dirs[1], runFiles.find((f) => f.startsWith("run-c-1-"))!));
    const again = await runNeuralLanguageModel(config, { corpus, cacheDir: dirs[1], workers: 1 });
    assert.equal(again.pretrainedFromCache, true);
    assert.equal(again.resumed, 3, "three runs loaded, the deleted one computed again");
    assert.deepEqual(again.runs, inline.runs);
  } finally {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  }
});

test("the transformer experiment rejects empty or unknown settings and seeds by name", async () => {
  await assert.rejects(runNeuralLanguageModel({ ...config, settings: [] }, { corpus }), /settings must be a non-empty list/);
  await assert.rejects(runNeuralLanguageModel({ ...config, settings: ["x" as "b"] }, { corpus }), /settings\[0\] must be one of "b", "c"/);
  await assert.rejects(runNeuralLanguageModel({ ...config, seeds: [] }, { corpus }), /seeds must be a non-empty list/);
});

test("a transformer run stopped after a generation goes on from its checkpoint with the same numbers as a run in one go", async () => {
  const tf = await initTensorflow("wasm");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-nlm-resume-"));
  try {
    const pretrained = initTransformerParams(transformerConfig({ vocabSize: 8, contextLength: 16, dModel: 8, layers: 1, heads: 2 }), new Rng(1));
    const data: NeuralTaskData = { corpus, config: pretrained.config, pretrained: pretrained.flat, options: { ...config.options, generations: 4, histogramGenerations: [0, 1, 3] } };
    const whole = executeNeuralTask(tf, data, { setting: "c", seed: 2 });
    const checkpointFile = path.join(dir, "run.partial.json");
    const stop = new AbortController();
    // Stop as soon as the checkpoint of generation 1 is on disk (during generation 1's fine-tuning).
    const progress = () => fs.existsSync(checkpointFile) && stop.abort();
    assert.throws(() => executeNeuralTask(tf, data, { setting: "c", seed: 2, checkpointFile }, progress, stop.signal), /aborted/);
    assert.equal(JSON.parse(fs.readFileSync(checkpointFile, "utf8")).loop.generation, 1);
    const resumed = executeNeuralTask(tf, data, { setting: "c", seed: 2, checkpointFile });
    assert.deepEqual(resumed, whole);
    assert.ok(!fs.existsSync(checkpointFile), "the checkpoint is removed once the run completes");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
