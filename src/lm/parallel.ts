/**
 * Runs the experiment's (setting, seed) runs in parallel on worker threads, one per core
 * by default. Every worker estimates the pretrained model once and then takes runs from
 * a queue. The compiled worker is build/src/lm/worker.js (made by `npm run build`); it
 * is found by walking up from this module and from the working directory to the folder
 * with package.json. Notebooks run the TypeScript sources in tslab, so they use that
 * compiled copy; when it is missing the runs execute in this thread, and `mode` says so.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Worker } from "worker_threads";
import { assertInteger, assertSeed, invalid } from "../validate";
import type { LmCorpus } from "./corpus";
import { runCollapse, SETTINGS, type CollapseOptions, type RunResult, type Setting } from "./experiment";
import { KneserNeyModel } from "./kneserNey";

export interface ExperimentRequest {
  corpus: LmCorpus;
  settings?: Setting[];
  seeds?: number[];
  /** n-gram order of the pretrained and fine-tuned models. Default 3. */
  order?: number;
  options?: CollapseOptions;
  /** The pretrained model, when already estimated (used by in-thread runs; workers
   * estimate their own from corpus.base). */
  base?: KneserNeyModel;
  /** Worker threads; default os.availableParallelism(); 0 or 1 runs in this thread. */
  workers?: number;
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
}

export interface ExperimentResult {
  runs: RunResult[];
  mode: string;
  seconds: number;
}

/** build/src/lm/worker.js of the repository, or undefined. */
export function findWorkerScript(): string | undefined {
  for (const start of [__dirname, process.cwd()]) {
    let dir = path.resolve(start);
    for (;;) {
      if (fs.existsSync(path.join(dir, "package.json"))) {
        const file = path.join(dir, "build", "src", "lm", "worker.js");
        if (fs.existsSync(file)) return file;
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

export interface WorkerTask {
  id: number;
  setting: Setting;
  seed: number;
}

export async function runExperiment(req: ExperimentRequest): Promise<ExperimentResult> {
  const settings = req.settings ?? [...SETTINGS];
  const seeds = req.seeds ?? [0, 1, 2, 3, 4];
  const order = req.order ?? 3;
  assertInteger(order, "order", 1, 8);
  if (settings.length < 1) invalid("settings", 'a non-empty list of "b" / "c"', settings);
  if (seeds.length < 1) invalid("seeds", "a non-empty list of seeds", seeds);
  seeds.forEach((s, i) => assertSeed(s, `seeds[${i}]`));
  const tasks: WorkerTask[] = settings.flatMap((setting) => seeds.map((seed) => ({ setting, seed }))).map((t, id) => ({ id, ...t }));
  const workers = Math.min(req.workers ?? os.availableParallelism(), tasks.length);
  assertInteger(workers, "workers", 0);
  if (req.signal?.aborted) throw new Error("experiment aborted");
  const started = Date.now();
  const fraction = new Float64Array(tasks.length);
  const report = (note?: string) => {
    let s = 0;
    for (const f of fraction) s += f;
    req.onProgress?.(s, tasks.length, note);
  };
  const script = workers > 1 ? findWorkerScript() : undefined;
  if (!script) {
    const mode = workers > 1 ? "in-thread (build/src/lm/worker.js not found: run `npm run build` for worker threads)" : "in-thread";
    const base = req.base && req.base.order === order ? req.base : KneserNeyModel.train(req.corpus.base, order, req.corpus.vocab.length);
    const runs: RunResult[] = [];
    for (const t of tasks) {
      if (req.signal?.aborted) throw new Error("experiment aborted");
      runs.push(
        runCollapse(req.corpus, base, t.setting, t.seed, req.options, {
          signal: req.signal,
          onProgress: (f) => {
            fraction[t.id] = f;
            report(`setting ${t.setting}, seed ${t.seed}`);
          },
        }),
      );
      // Let the event loop deliver progress displays between runs.
      await new Promise((r) => setImmediate(r));
    }
    return { runs, mode, seconds: (Date.now() - started) / 1000 };
  }
  return new Promise<ExperimentResult>((resolve, reject) => {
    const results: RunResult[] = new Array(tasks.length);
    const pool: Worker[] = [];
    let next = 0;
    let finished = 0;
    let failed = false;
    const stop = (err: Error) => {
      if (failed) return;
      failed = true;
      for (const w of pool) void w.terminate();
      reject(err);
    };
    const onAbort = () => stop(new Error("experiment aborted"));
    req.signal?.addEventListener("abort", onAbort, { once: true });
    const feed = (w: Worker) => {
      if (next < tasks.length) w.postMessage({ type: "run", task: tasks[next++] });
      else void w.terminate();
    };
    for (let i = 0; i < workers; i++) {
      const w = new Worker(script, { workerData: { corpus: req.corpus, order, options: req.options ?? {} } });
      pool.push(w);
      w.on("message", (msg: { type: string; id: number; fraction?: number; result?: RunResult; error?: string }) => {
        if (msg.type === "ready") feed(w);
        else if (msg.type === "progress") {
          fraction[msg.id] = msg.fraction!;
          report(`setting ${tasks[msg.id].setting}, seed ${tasks[msg.id].seed}`);
        } else if (msg.type === "result") {
          results[msg.id] = msg.result!;
          fraction[msg.id] = 1;
          report();
          if (++finished === tasks.length) {
            req.signal?.removeEventListener("abort", onAbort);
            resolve({ runs: results, mode: `${workers} worker threads`, seconds: (Date.now() - started) / 1000 });
          }
          feed(w);
        } else if (msg.type === "error") stop(new Error(msg.error));
      });
      w.on("error", (e) => stop(e));
    }
  });
}
