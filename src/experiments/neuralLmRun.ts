/**
 * Chapter 07's whole experiment (docs/theory.md#transformer-lm): the Brown corpus in a word
 * vocabulary, the transformer pretrained once on the text outside the target genre (cached
 * on disk, ./pretrainedTransformer.ts), then every (setting, seed) run of the paper's
 * protocol (../nlm/neuralCollapse.ts) on worker threads, one model per thread (the wasm
 * backend is single-threaded in Node). A full run takes hours on 2 cores, so each run saves
 * a checkpoint after every generation and each finished run is written to the cache folder
 * at once: an interrupted experiment, started again, loads the runs it already has and the
 * others go on from their last finished generation. The compiled worker is
 * build/src/experiments/neuralLmWorker.js; when it is missing or older than the sources the
 * runs stay in this thread and say why. Where a run executes never changes a number.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadBrown, type BrownGenre } from "../data/brown";
import type { LmCorpus } from "../lm/corpus";
import { SETTINGS, type Setting } from "../lm/experiment";
import { summarize, type CollapseSummary } from "../lm/summary";
import { usableWorkerScript } from "../parallel/workerBuild";
import { runOnWorkerPool } from "../parallel/workerPool";
import { initTensorflow } from "../vae/tensorflow";
import { assertInteger, assertOneOf, assertSeed, invalid } from "../validate";
import type { NeuralCollapseOptions, NeuralRunResult } from "../nlm/neuralCollapse";
import type { TransformerConfigInput } from "../nlm/transformerParams";
import { prepareWordCorpus } from "../nlm/wordVocabulary";
import { defaultTransformerCacheDir, loadOrPretrainTransformer, type PretrainSpec } from "./pretrainedTransformer";
import { executeNeuralTask, type NeuralTask, type NeuralTaskData } from "./neuralLmTasks";

export interface NeuralLmRunConfig {
  /** Fine-tuning text: this Brown genre; pretraining text: every other genre. */
  targetGenre: BrownGenre;
  /** Words kept, `<unk>` included. */
  vocabularySize: number;
  /** The transformer (its vocabSize is the vocabulary's). */
  model: Omit<TransformerConfigInput, "vocabSize">;
  pretraining: { seed: number; training: PretrainSpec["training"] };
  settings: Setting[];
  seeds: number[];
  options: NeuralCollapseOptions;
}

/**
 * The paper's protocol at this machine's scale: settings (b) and (c), generations 0 … 9,
 * every block of the "lore" genre, 5-beam search with penalty 3.0, the paper's 5 and 10
 * fine-tuning epochs; 2 seeds; one pass of pretraining over the other genres.
 *
 * The model is smaller than the library's default (4096 words, width 64) so that the whole
 * run fits in about 75 minutes on 2 cores. The output layer (width × vocabulary) is most of
 * the cost; measured on one core of the wasm backend, training tokens/s and beam blocks/s
 * (64 prompts): 8192 words × width 128: 2 008 and 8.1 (≈ 3.4 h for the run); 8192 × 96:
 * 2 693 and 9.3; 8192 × 64: 3 888 and 12.6 (≈ 1.8 h); 4096 × 64: 5 514 and 20.2. The price
 * is a larger `<unk>` share: 15.9 % of the target genre's training tokens, against 9.8 %
 * with 8192 words.
 */
export const FULL_NLM_RUN: NeuralLmRunConfig = {
  targetGenre: "lore",
  vocabularySize: 4096,
  model: { contextLength: 128, dModel: 64, layers: 2, heads: 4 },
  pretraining: { seed: 0, training: { windowLength: 128, batchSize: 32, epochs: 1, learningRate: 1e-3, warmupSteps: 100 } },
  settings: ["b", "c"],
  seeds: [0, 1],
  options: { generations: 10 },
};

export interface NeuralLmRunOptions {
  /** Worker threads; default one per core; 0 or 1 runs in this thread. */
  workers?: number;
  /** Where the pretrained weights and the finished runs are kept; default `.cache/nlm/`. */
  cacheDir?: string;
  /** A corpus to use instead of Brown (tests, other texts). */
  corpus?: LmCorpus;
  /** Progress: done and total in runs (pretraining counts as one), and a note. */
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
}

export interface NeuralLmRun {
  /** One result per (setting, seed), settings outer. */
  runs: NeuralRunResult[];
  /** The runs summarised as chapter 05's (../lm/summary.ts): what the figures draw. */
  summary: CollapseSummary<NeuralLmRunConfig>;
  /** How many runs were loaded from the cache folder instead of computed. */
  resumed: number;
  pretrainedFromCache: boolean;
  /** "in-thread", "N worker threads" or "in-thread (why not on workers)". */
  mode: string;
  seconds: number;
}

function validateConfig(config: NeuralLmRunConfig): void {
  if (config.settings.length < 1) invalid("settings", 'a non-empty list of "b" and "c"', config.settings);
  config.settings.forEach((s, i) => assertOneOf(s, `settings[${i}]`, SETTINGS));
  if (config.seeds.length < 1) invalid("seeds", "a non-empty list of seeds", config.seeds);
  config.seeds.forEach((s, i) => assertSeed(s, `seeds[${i}]`));
  assertInteger(config.vocabularySize, "vocabularySize", 2);
}

/** The name of a finished run's file: a hash of everything its numbers depend on. */
function runFile(dir: string, pretrainedFile: string, corpus: LmCorpus, options: NeuralCollapseOptions, task: NeuralTask): string {
  const hash = crypto.createHash("sha256").update(JSON.stringify({ pretrained: path.basename(pretrainedFile), options, task }));
  for (const split of [corpus.train, corpus.validation, corpus.test]) hash.update(Buffer.from(split.buffer, split.byteOffset, split.byteLength));
  return path.join(dir, `run-${task.setting}-${task.seed}-${hash.digest("hex").slice(0, 16)}.json`);
}

export async function runNeuralLanguageModel(config: NeuralLmRunConfig, o: NeuralLmRunOptions = {}): Promise<NeuralLmRun> {
  validateConfig(config);
  const started = Date.now();
  const tasks: NeuralTask[] = config.settings.flatMap((setting) => config.seeds.map((seed) => ({ setting, seed })));
  const total = 1 + tasks.length;
  o.onProgress?.(0, total, "loading the corpus");
  const corpus = o.corpus ?? prepareWordCorpus(loadBrown({ targetGenre: config.targetGenre }), config.vocabularySize);
  const cacheDir = o.cacheDir ?? defaultTransformerCacheDir();
  const tf = await initTensorflow("wasm");
  const spec: PretrainSpec = { model: { ...config.model, vocabSize: corpus.vocab.length }, training: config.pretraining.training, seed: config.pretraining.seed };
  const pre = loadOrPretrainTransformer(tf, corpus.base, spec, {
    cacheDir,
    signal: o.signal,
    onProgress: (done, steps, note) => o.onProgress?.(done / steps, total, `pretraining, ${note}`),
  });
  const files = tasks.map((t) => runFile(cacheDir, pre.file, corpus, config.options, t));
  const results: (NeuralRunResult | undefined)[] = files.map((f) => (fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, "utf8")) as NeuralRunResult) : undefined));
  const resumed = results.filter((r) => r !== undefined).length;
  const pending = tasks.map((t, i) => ({ t: { ...t, checkpointFile: files[i].replace(/\.json$/, ".partial.json") }, i })).filter(({ i }) => results[i] === undefined);
  const store = (i: number, r: NeuralRunResult) => {
    results[i] = r;
    const tmp = `${files[i]}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(r));
    fs.renameSync(tmp, files[i]);
  };
  const data: NeuralTaskData = { corpus, config: pre.params.config, pretrained: pre.params.flat, options: config.options };
  const fraction = new Float64Array(pending.length);
  const report = (note?: string) => o.onProgress?.(1 + resumed + fraction.reduce((a, b) => a + b, 0), total, note);
  report(resumed > 0 ? `${resumed} run(s) loaded from ${cacheDir}` : undefined);

  const workers = Math.min(o.workers ?? os.availableParallelism(), pending.length);
  assertInteger(workers, "workers", 0);
  const usable = workers > 1 ? usableWorkerScript("experiments/neuralLmWorker.js") : undefined;
  const script = usable?.script;
  let mode = "in-thread";
  if (script !== undefined) {
    mode = `${workers} worker threads`;
    await runOnWorkerPool<NeuralTask, NeuralRunResult>({
      script,
      workerData: data,
      tasks: pending.map((p) => p.t),
      workers,
      signal: o.signal,
      onProgress: (id, f, note) => {
        fraction[id] = f;
        report(`${pending[id].t.setting}, seed ${pending[id].t.seed}${note ? ": " + note : ""}`);
      },
      onResult: (id, r) => {
        fraction[id] = 1;
        store(pending[id].i, r);
        report();
      },
    });
  } else {
    if (usable?.inThreadMode !== undefined) mode = usable.inThreadMode;
    for (const [k, p] of pending.entries()) {
      if (o.signal?.aborted) throw new Error("transformer run aborted");
      const note = `${p.t.setting}, seed ${p.t.seed}`;
      store(p.i, executeNeuralTask(tf, data, p.t, (f, n) => ((fraction[k] = f), report(`${note}: ${n ?? ""}`)), o.signal));
      fraction[k] = 1;
      await new Promise((r) => setImmediate(r));
    }
  }
  o.onProgress?.(total, total, "done");
  const runs = results as NeuralRunResult[];
  return { runs, summary: summarize(corpus, runs, { options: config }), resumed, pretrainedFromCache: pre.fromCache, mode, seconds: (Date.now() - started) / 1000 };
}
