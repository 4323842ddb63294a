/**
 * Runs the experiment's (setting, seed) runs in parallel on worker threads, one per core
 * by default, each taking runs from a queue. The pretrained model is estimated once, here,
 * and the workers read it and the corpus from shared memory (./sharedMemory.ts): no
 * thread holds a copy of its own. The workers run the compiled build/src/lm/worker.js
 * (`npm run build`); when it is missing, or older than the sources a notebook runs
 * (../parallel/workerBuild.ts), the runs execute in this thread instead, with one line saying why.
 * Either way the results are the same to the last bit, and `mode` says which ran.
 */
import * as os from "os";
import { assertInteger, assertSeed, invalid } from "../validate";
import type { LmCorpus } from "./corpus";
import { runCollapse, SETTINGS, type CollapseOptions, type RunResult, type Setting } from "./experiment";
import { KneserNeyModel } from "./kneserNey";
import { shareCorpus } from "./sharedMemory";
import type { WorkerData, WorkerTask } from "./worker";
import { runOnWorkerPool } from "../parallel/workerPool";
import { findWorkerScript, usableWorkerScript } from "../parallel/workerBuild";

export type { WorkerTask } from "./worker";
export { findWorkerScript } from "../parallel/workerBuild";

export interface ExperimentRequest {
  corpus: LmCorpus;
  settings?: Setting[];
  seeds?: number[];
  /** n-gram order of the pretrained and fine-tuned models. Default 3. */
  order?: number;
  options?: CollapseOptions;
  /** The pretrained model, when already estimated; else it is estimated from corpus.base. */
  base?: KneserNeyModel;
  /** Worker threads; default os.availableParallelism(); 0 or 1 runs in this thread. */
  workers?: number;
  /** The compiled worker; default build/src/lm/worker.js of this repository (findWorkerScript). */
  workerScript?: string;
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
}

export interface ExperimentResult {
  runs: RunResult[];
  /** "in-thread", "N worker threads", or "in-thread (why not on workers)". */
  mode: string;
  seconds: number;
}

/** Progress of every task (0 … 1), reported as their sum. */
type Progress = { fraction: Float64Array; report: (note?: string) => void };

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
  const progress: Progress = {
    fraction,
    report: (note) => req.onProgress?.(fraction.reduce((s, f) => s + f, 0), tasks.length, note),
  };
  // Made in shared memory for worker threads, so that share() copies nothing.
  const base = (sharedMemory: boolean) =>
    req.base && req.base.order === order ? req.base : KneserNeyModel.train(req.corpus.base, order, req.corpus.vocab.length, { sharedMemory });
  let mode = "in-thread";
  if (workers > 1) {
    const usable = usableWorkerScript("lm/worker.js", req.workerScript ?? findWorkerScript());
    if (usable.script !== undefined) {
      const runs = await runOnWorkers(req, tasks, usable.script, workers, base(true).share(), progress);
      return { runs, mode: `${workers} worker threads`, seconds: (Date.now() - started) / 1000 };
    }
    mode = usable.inThreadMode ?? mode;
  }
  const runs = await runInThread(req, tasks, base(false), progress);
  return { runs, mode, seconds: (Date.now() - started) / 1000 };
}

async function runInThread(req: ExperimentRequest, tasks: WorkerTask[], base: KneserNeyModel, progress: Progress): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  for (const t of tasks) {
    if (req.signal?.aborted) throw new Error("experiment aborted");
    runs.push(
      runCollapse(req.corpus, base, t.setting, t.seed, req.options, {
        signal: req.signal,
        onProgress: (f) => {
          progress.fraction[t.id] = f;
          progress.report(`setting ${t.setting}, seed ${t.seed}`);
        },
      }),
    );
    // Let the event loop deliver progress displays between runs.
    await new Promise((r) => setImmediate(r));
  }
  return runs;
}

/** The tasks on `workers` threads of `script`, which read `base` and the corpus from shared memory. */
function runOnWorkers(req: ExperimentRequest, tasks: WorkerTask[], script: string, workers: number, base: WorkerData["base"], progress: Progress): Promise<RunResult[]> {
  const data: WorkerData = { corpus: shareCorpus(req.corpus), base, options: req.options ?? {} };
  const note = (id: number) => `setting ${tasks[id].setting}, seed ${tasks[id].seed}`;
  return runOnWorkerPool<WorkerTask, RunResult>({
    script,
    workerData: data,
    tasks,
    workers,
    signal: req.signal,
    onProgress: (id, fraction) => {
      progress.fraction[id] = fraction;
      progress.report(note(id));
    },
    onResult: (id) => {
      progress.fraction[id] = 1;
      progress.report();
    },
  }).catch((e: Error) => {
    throw e.message === "aborted" ? new Error("experiment aborted") : e;
  });
}
