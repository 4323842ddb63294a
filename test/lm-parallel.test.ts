/**
 * The experiment's worker threads (src/lm/parallel.ts): they give the in-thread results
 * to the last bit, they read the pretrained model and the corpus from shared memory
 * instead of copies, and they are not used when src/ changed after the last build (the
 * workers would run the old compiled code). Reference values: the in-thread run of the
 * same request, and file modification times set by the test itself.
 */
import { test, type TestContext } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MessageChannel, receiveMessageOnPort } from "worker_threads";
import { KneserNeyModel } from "../src/lm/kneserNey";
import { InterpolatedLm } from "../src/lm/interpolatedLm";
import { perplexity } from "../src/lm/perplexity";
import { runExperiment, type ExperimentRequest } from "../src/lm/parallel";
import { shareCorpus } from "../src/lm/sharedMemory";
import { staleSources } from "../src/parallel/workerBuild";
import { prepareCorpus } from "../src/lm/corpus";
import { loadWikitext } from "../src/data/wikitext";
import { tokenizeWikitext } from "../src/data/tokenizer";

const REPO = path.join(__dirname, "..", "..");
const FIXTURE = path.join(REPO, "test", "fixtures", "wikitext");
const corpus = prepareCorpus(loadWikitext(FIXTURE, tokenizeWikitext("the towers of the church were built of stone in the county .")), { minCount: 1 });

/** Both settings, two seeds, sampling (so the seeds' random streams matter) and histograms. */
const TINY: ExperimentRequest = {
  corpus,
  seeds: [0, 1],
  options: { generations: 3, blockSize: 16, decoding: { method: "sample", topK: 20, newTokens: 16 }, histogramGenerations: [0, 1, 2] },
};

test("2 worker threads give the in-thread runs bit for bit (both settings, sampling, histograms)", async () => {
  const threaded = await runExperiment({ ...TINY, workers: 2 });
  const inline = await runExperiment({ ...TINY, workers: 1 });
  assert.equal(threaded.mode, "2 worker threads");
  assert.equal(inline.mode, "in-thread");
  assert.equal(inline.runs.length, 4);
  // deepStrictEqual compares numbers with Object.is: any difference in any bit fails.
  assert.deepStrictEqual(threaded.runs, inline.runs);
});

test("a model in shared memory: same tables and perplexity, and share() of it copies nothing", () => {
  const V = corpus.vocab.length;
  const ordinary = KneserNeyModel.train(corpus.base, 3, V);
  const shared = KneserNeyModel.train(corpus.base, 3, V, { sharedMemory: true });
  const data = shared.share();
  assert.ok(data.alpha.buffer instanceof SharedArrayBuffer && data.trie.slots.buffer instanceof SharedArrayBuffer);
  assert.equal(data.alpha, shared.alpha, "built in shared memory: handed out as is");
  const wrapped = KneserNeyModel.fromShared(ordinary.share());
  for (const key of ["discounts", "gamma", "alpha", "childStart", "children", "unigramNode", "backoff"] as const) {
    assert.deepStrictEqual(Array.from(wrapped[key]), Array.from(ordinary[key]), key);
    assert.deepStrictEqual(Array.from(shared[key]), Array.from(ordinary[key]), key);
  }
  const ppl = perplexity(InterpolatedLm.single(ordinary), corpus.test, 16);
  assert.ok(Object.is(perplexity(InterpolatedLm.single(wrapped), corpus.test, 16), ppl));
  assert.ok(Object.is(perplexity(InterpolatedLm.single(shared), corpus.test, 16), ppl));
  assert.throws(() => KneserNeyModel.fromShared({ ...data, gamma: new Float64Array(3) }), /gamma.length must be/);
});

test("the corpus and the model reach another thread as the same memory, not a copy", () => {
  const sharedCorpus = shareCorpus(corpus);
  const model = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length, { sharedMemory: true }).share();
  const { port1, port2 } = new MessageChannel();
  port1.postMessage({ corpus: sharedCorpus, model });
  const received = receiveMessageOnPort(port2)!.message as { corpus: typeof sharedCorpus; model: typeof model };
  port1.close();
  received.corpus.train[0] += 1;
  received.model.alpha[1] += 1;
  assert.equal(sharedCorpus.train[0], corpus.train[0] + 1, "a write on the receiving side shows on the sending side");
  assert.equal(received.model.alpha[1], model.alpha[1]);
  assert.deepStrictEqual(Array.from(received.corpus.test), Array.from(corpus.test));
});

/** Writes `files` (path → content) under `root` and sets each one's modification time to `mtime` (s). */
function writeFiles(root: string, files: Record<string, string>, mtime: number): void {
  for (const [file, content] of Object.entries(files)) {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    fs.utimesSync(full, mtime, mtime);
  }
}

function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-parallel-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("staleSources: sources of the modules the worker loads, newer than their .js or deleted", (t) => {
  const root = tempDir(t);
  const src = path.join(root, "src");
  const build = path.join(root, "build", "src");
  const t0 = 1_700_000_000;
  writeFiles(src, { "lm/worker.ts": "", "lm/model.ts": "", "util.ts": "", "lm/typesOnly.ts": "", "lm/unrelated.ts": "" }, t0);
  writeFiles(
    build,
    {
      // Compiled CommonJS as tsc writes it: the type-only import of ./typesOnly is erased.
      "lm/worker.js": 'const fs = require("fs");\nconst model_1 = require("./model");\n',
      "lm/model.js": 'const util_1 = require("../util");\n',
      "util.js": "",
      "lm/typesOnly.js": "",
      "lm/unrelated.js": "",
    },
    t0 + 10,
  );
  assert.deepEqual(staleSources(src, build), []);
  fs.utimesSync(path.join(src, "util.ts"), t0 + 20, t0 + 20);
  fs.utimesSync(path.join(src, "lm/typesOnly.ts"), t0 + 20, t0 + 20);
  fs.utimesSync(path.join(src, "lm/unrelated.ts"), t0 + 20, t0 + 20);
  assert.deepEqual(staleSources(src, build), [path.join(src, "util.ts")]);
  fs.rmSync(path.join(src, "lm/model.ts"));
  assert.deepEqual(staleSources(src, build), [path.join(src, "lm/model.ts"), path.join(src, "util.ts")]);
});

test("an edit to src/lm after the last build: runExperiment runs in this thread and says so in one line", async (t) => {
  // A copy of this repository's sources and build, so its modification times can be set.
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, "package.json"), "{}");
  fs.cpSync(path.join(REPO, "src"), path.join(root, "src"), { recursive: true });
  fs.cpSync(path.join(REPO, "build", "src"), path.join(root, "build", "src"), { recursive: true });
  const setTimes = (dir: string, time: number) => {
    for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) fs.utimesSync(path.join(dir, entry), time, time);
  };
  const t0 = Date.now() / 1000 - 3600;
  setTimes(path.join(root, "src"), t0);
  setTimes(path.join(root, "build"), t0 + 10);
  const workerScript = path.join(root, "build", "src", "lm", "worker.js");
  const request: ExperimentRequest = { ...TINY, settings: ["b"], workers: 2, workerScript };

  const fresh = await runExperiment(request);
  assert.equal(fresh.mode, "2 worker threads");

  fs.utimesSync(path.join(root, "src", "lm", "kneserNey.ts"), t0 + 20, t0 + 20);
  const warn = t.mock.method(console, "warn", () => undefined);
  const stale = await runExperiment(request);
  assert.match(stale.mode, /^in-thread \(src\/lm\/kneserNey\.ts changed since the last build: run `npm run build` for worker threads\)$/);
  assert.equal(warn.mock.callCount(), 1);
  assert.deepEqual(warn.mock.calls[0].arguments, ["src/lm/kneserNey.ts changed since the last build: running in this thread; run `npm run build` to use worker threads"]);
  assert.deepStrictEqual(stale.runs, fresh.runs);
});
