/**
 * Chapter-5 benchmark: n-gram training throughput, scoring throughput and generation
 * throughput (beam search, 5 beams, 64 new tokens, penalty 3.0 — the paper's decoding),
 * with the projected time of the full run (2 settings × 5 seeds × 10 generations), and
 * the peak memory of a small experiment run in this thread and on 2 worker threads.
 * Reference: KenLM (C++, Heafield 2011/2013), measured in the same run on the same token
 * stream when its `lmplz` and `query` are on the PATH or in the folder $KENLM_BIN
 * (order-3 modified Kneser–Ney estimation; scoring); otherwise the comparison is skipped
 * and said so. KenLM has no beam search; generation has no reference.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { loadBrown } from "../../src/data/brown";
import { prepareCorpus } from "../../src/lm/corpus";
import { KneserNeyModel } from "../../src/lm/kneserNey";
import { InterpolatedLm } from "../../src/lm/interpolatedLm";
import { fineTune } from "../../src/lm/fineTune";
import { tokenProbabilities } from "../../src/lm/perplexity";
import { toBlocks } from "../../src/lm/blocks";
import { generateSynthetic } from "../../src/lm/synthetic";
import { Rng } from "../../src/random/rng";
import { FULL_RUN } from "../../src/experiments/languageModelRun";
import { runExperiment, type ExperimentRequest } from "../../src/lm/parallel";

function time<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

/** Timed runs of each scoring measurement (ours and KenLM's query); the median is reported. */
const REPEATS = 3;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);

const KENLM_NOT_FOUND = "KenLM not found — not compared (put lmplz and query on the PATH or set KENLM_BIN)";

interface KenlmTools {
  lmplz: string;
  query: string;
  /** Optional: a binary model loads faster than ARPA, so query's time is mostly scoring. */
  buildBinary?: string;
}

/** KenLM's programs in $KENLM_BIN, else on the PATH, or undefined. */
function findKenlm(): KenlmTools | undefined {
  const exe = process.platform === "win32" ? ".exe" : "";
  const folders = process.env.KENLM_BIN ? [process.env.KENLM_BIN] : (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  const find = (name: string) => folders.map((dir) => path.join(dir, name + exe)).find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
  const lmplz = find("lmplz");
  const query = find("query");
  return lmplz && query ? { lmplz, query, buildBinary: find("build_binary") } : undefined;
}

/** Wall time of `program args`, reading stdin from the file `input` and writing stdout to `output`. */
function timeProgram(program: string, args: string[], input: string, output: string): number {
  const stdin = fs.openSync(input, "r");
  const stdout = fs.openSync(output, "w");
  try {
    const t = process.hrtime.bigint();
    const r = spawnSync(program, args, { stdio: [stdin, stdout, "pipe"], encoding: "utf8" });
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0) throw new Error(`${path.basename(program)} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? "").slice(-500)}`);
    return seconds;
  } finally {
    fs.closeSync(stdin);
    fs.closeSync(stdout);
  }
}

/**
 * KenLM on `tokens`: order-3 estimation time (lmplz) and scoring throughput (query, minus
 * the time it takes on empty input, i.e. loading the model). Ids are written as words
 * `w<id>` (KenLM reserves <unk>, <s>, </s>), 64 per line, as our 64-token blocks; KenLM
 * adds <s> and </s> to every line, so its n-gram count differs a little from ours.
 *
 * Fair in both directions, as far as a separate program allows: the model is binary
 * (build_binary) and loaded with query's default `populate`, so the empty-input run pays
 * the whole load and the difference is scoring; `-v summary` prints four lines, not a
 * line per word; query's rate counts the tokens it reports scoring (ours plus one </s>
 * per line), not ours; each query run is repeated and the median taken, as ours is.
 * query still reads and hashes words where we take ids — that is its interface.
 */
function measureKenlm(kenlm: KenlmTools, tokens: Int32Array): { trainSeconds: number; scoreTokensPerSecond: number | undefined; ngrams: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kenlm-bench-"));
  try {
    const text = path.join(dir, "tokens.txt");
    const lines: string[] = [];
    for (let i = 0; i < tokens.length; i += 64) lines.push(Array.from(tokens.subarray(i, i + 64), (w) => `w${w}`).join(" "));
    fs.writeFileSync(text, lines.join("\n") + "\n");
    const empty = path.join(dir, "empty.txt");
    fs.writeFileSync(empty, "");
    const arpa = path.join(dir, "model.arpa");
    const trainSeconds = timeProgram(kenlm.lmplz, ["-o", "3", "-S", "10%", "-T", dir, "--discount_fallback"], text, arpa);
    const ngrams = [...fs.readFileSync(arpa, "utf8").slice(0, 2000).matchAll(/^ngram (\d)=(\d+)$/gm)].map((m) => `${m[1]}-grams ${m[2]}`).join(", ");
    let model = arpa;
    if (kenlm.buildBinary) {
      model = path.join(dir, "model.bin");
      timeProgram(kenlm.buildBinary, [arpa, model], empty, path.join(dir, "build_binary.out"));
    }
    const queryOut = path.join(dir, "query.out");
    const tAll = median(Array.from({ length: REPEATS }, () => timeProgram(kenlm.query, ["-v", "summary", model], text, queryOut)));
    const tLoad = median(Array.from({ length: REPEATS }, () => timeProgram(kenlm.query, ["-v", "summary", model], empty, path.join(dir, "query-empty.out"))));
    const scored = Number(/^Tokens:\s*(\d+)/m.exec(fs.readFileSync(queryOut, "utf8"))?.[1] ?? tokens.length);
    // Below ~10 ms the difference is process start-up noise, not scoring.
    return { trainSeconds, scoreTokensPerSecond: tAll - tLoad > 0.01 ? scored / (tAll - tLoad) : undefined, ngrams };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The run whose memory is measured: the Brown corpus of the full run, both settings, one
 * seed, two generations on 24 blocks (two tasks, so two workers each get one).
 */
const MEMORY_RUN: Omit<ExperimentRequest, "corpus"> = { seeds: [0], order: 3, options: { generations: 2, blockSize: 64, maxBlocks: 24 } };

interface MemoryMeasurement {
  mode: string;
  seconds: number;
  /** Process RSS after loading the corpus (and a full GC), before the experiment, in bytes. */
  rssBefore: number;
  /** Highest process RSS seen during the experiment (all threads), in bytes. */
  rssPeak: number;
}

/**
 * Samples the process RSS every few ms from a thread of its own, so that samples keep
 * coming while the main thread is busy with an in-thread run; RSS covers every thread.
 */
function startRssSampler(): { stop: () => Promise<number> } {
  const code = `
const { parentPort } = require("worker_threads");
let peak = process.memoryUsage.rss();
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
parentPort.on("message", () => { clearInterval(timer); parentPort.postMessage(Math.max(peak, process.memoryUsage.rss())); });`;
  const sampler = new Worker(code, { eval: true });
  return {
    stop: () =>
      new Promise<number>((resolve, reject) => {
        sampler.once("message", (peak: number) => void sampler.terminate().then(() => resolve(peak)));
        sampler.once("error", reject);
        sampler.postMessage("stop");
      }),
  };
}

/** In a fresh process (see the end of this file): MEMORY_RUN with `workers`, measured. */
async function measureMemoryHere(workers: number): Promise<MemoryMeasurement> {
  const corpus = prepareCorpus(loadBrown({ targetGenre: FULL_RUN.targetGenre }));
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  const sampler = startRssSampler();
  const r = await runExperiment({ ...MEMORY_RUN, corpus, workers });
  const rssPeak = await sampler.stop();
  return { mode: r.mode, seconds: r.seconds, rssBefore, rssPeak };
}

/** Runs measureMemoryHere in a child process of its own, so that the modes do not share a heap. */
function measureMemory(workers: number): MemoryMeasurement {
  const child = spawnSync(process.execPath, ["--expose-gc", __filename, "--memory-child", String(workers)], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`memory measurement with ${workers} workers failed: ${child.stderr || child.error?.message}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as MemoryMeasurement;
}

function printMemory(): void {
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  const o = MEMORY_RUN.options!;
  console.log(`peak memory of runExperiment (settings b, c × seed 0, ${o.generations} generations, ${o.maxBlocks} blocks; process RSS sampled every 5 ms, fresh process each):`);
  for (const workers of [1, 2]) {
    const m = measureMemory(workers);
    console.log(`  ${m.mode.padEnd(16)} before ${mb(m.rssBefore)}   peak ${mb(m.rssPeak)}   (+${mb(m.rssPeak - m.rssBefore)})   ${m.seconds.toFixed(1)} s`);
  }
}

export async function run(): Promise<void> {
  const [corpus, tLoad] = time(() => prepareCorpus(loadBrown({ targetGenre: FULL_RUN.targetGenre })));
  const all = new Int32Array(corpus.base.length + corpus.train.length);
  all.set(corpus.base);
  all.set(corpus.train, corpus.base.length);
  console.log(`Brown loaded and encoded: ${all.length} tokens (base + train), vocabulary ${corpus.vocab.length}, in ${tLoad.toFixed(2)} s`);

  KneserNeyModel.train(corpus.train, 3, corpus.vocab.length); // warm-up
  const [base, tTrain] = time(() => KneserNeyModel.train(all, 3, corpus.vocab.length));
  const oursTrain = all.length / tTrain;
  const lm = InterpolatedLm.single(base);
  tokenProbabilities(InterpolatedLm.single(KneserNeyModel.train(corpus.train, 3, corpus.vocab.length)), corpus.train, 64); // warm-up, as for training
  const tScore = median(Array.from({ length: REPEATS }, () => time(() => tokenProbabilities(lm, all, 64))[1]));
  const oursScore = all.length / tScore;
  const tools = findKenlm();
  const kenlm = tools && measureKenlm(tools, all);
  const versus = (ours: number, theirs: number | undefined, note = "") =>
    theirs === undefined ? KENLM_NOT_FOUND : `KenLM ${rate(theirs)} tokens/s${note}   ours/KenLM ${(ours / theirs).toFixed(2)}`;
  console.log(
    `train order-3 MKN   ours ${rate(oursTrain)} tokens/s (${tTrain.toFixed(2)} s, ${base.trie.size - 1} n-grams)   ` +
      versus(oursTrain, kenlm && all.length / kenlm.trainSeconds, kenlm && ` (lmplz ${kenlm.trainSeconds.toFixed(2)} s, ${kenlm.ngrams})`),
  );
  const scoreVersus =
    kenlm && kenlm.scoreTokensPerSecond === undefined
      ? "KenLM query: scoring time not separable from model loading — not compared"
      : versus(oursScore, kenlm?.scoreTokensPerSecond, ` (query, model loading excluded, median of ${REPEATS})`);
  console.log(`score (perplexity)  ours ${rate(oursScore)} tokens/s (median of ${REPEATS})   ${scoreVersus}`);

  const baseOnly = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length);
  const ft = fineTune(baseOnly, corpus.train, { validation: corpus.validation });
  const tMix = median(Array.from({ length: REPEATS }, () => time(() => tokenProbabilities(ft.lm, all, 64))[1]));
  console.log(`score, fine-tuned   ours ${rate(all.length / tMix)} tokens/s (median of ${REPEATS}; chapter 5's two-model mixture, same tokens)`);
  const blocks = toBlocks(corpus.train, 64, 0, 100);
  generateSynthetic(ft.lm, toBlocks(corpus.train, 64, 0, 10), { method: "beam" }, new Rng(0)); // warm-up
  const [, tBeam] = time(() => generateSynthetic(ft.lm, blocks, { method: "beam", beams: 5, newTokens: 64, repetitionPenalty: 3 }, new Rng(1)));
  const beamRate = (100 * 64) / tBeam;
  const [, tSample] = time(() => generateSynthetic(ft.lm, blocks, { method: "sample", topK: 50, newTokens: 64 }, new Rng(1)));
  console.log(`generate, beam 5    ours ${rate(beamRate)} new tokens/s (${((tBeam / 100) * 1000).toFixed(1)} ms per 64-token block; fine-tuned model λ = ${ft.lambda.toFixed(3)})`);
  console.log(`generate, top-50    ours ${rate((100 * 64) / tSample)} new tokens/s`);

  const fullBlocks = Math.min(FULL_RUN.options.maxBlocks ?? Infinity, Math.floor(corpus.train.length / 64));
  const passes = 2 * FULL_RUN.seeds.length * (FULL_RUN.options.generations ?? 10);
  const cores = Math.min(os.availableParallelism(), 2 * FULL_RUN.seeds.length);
  const projected = (passes * fullBlocks * (tBeam / 100)) / cores;
  console.log(
    `full run (2 settings × ${FULL_RUN.seeds.length} seeds × ${FULL_RUN.options.generations} generations, ${fullBlocks} blocks of "${FULL_RUN.targetGenre}", pretraining ${corpus.base.length} tokens): ` +
      `projected ${(projected / 60).toFixed(1)} min of generation on ${cores} threads (target < 10 min)`,
  );
  printMemory();
}

if (require.main === module && process.argv[2] === "--memory-child") {
  measureMemoryHere(Number(process.argv[3])).then(
    (m) => console.log(JSON.stringify(m)),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
