/**
 * Worker thread of ./parallel.ts: wraps the pretrained model and the corpus it is given
 * in shared memory (no copy, no re-estimation), then runs the (setting, seed) tasks it is
 * sent and posts progress and results back (the protocol of ../parallel/workerPool.ts).
 */
import { parentPort, workerData } from "worker_threads";
import type { LmCorpus } from "./corpus";
import { serveWorkerPool } from "../parallel/workerPool";
import { runCollapse, type CollapseOptions, type RunResult, type Setting } from "./experiment";
import { KneserNeyModel, type SharedKneserNey } from "./kneserNey";

export interface WorkerTask {
  id: number;
  setting: Setting;
  seed: number;
}

/** What every worker receives: its arrays live in SharedArrayBuffers. */
export interface WorkerData {
  corpus: LmCorpus;
  base: SharedKneserNey;
  options: CollapseOptions;
}

if (parentPort) {
  const { corpus, base: shared, options } = workerData as WorkerData;
  const base = KneserNeyModel.fromShared(shared);
  serveWorkerPool<WorkerTask, RunResult>(parentPort, (task, progress) => runCollapse(corpus, base, task.setting, task.seed, options, { onProgress: progress }));
}
