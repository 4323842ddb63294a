/**
 * Worker thread of ./parallel.ts: wraps the pretrained model and the corpus it is given
 * in shared memory (no copy, no re-estimation), then runs the (setting, seed) tasks it is
 * sent and posts progress and results back.
 */
import { parentPort, workerData } from "worker_threads";
import type { LmCorpus } from "./corpus";
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

export type WorkerMessage =
  | { type: "ready" }
  | { type: "progress"; id: number; fraction: number }
  | { type: "result"; id: number; result: RunResult }
  | { type: "error"; id: number; error: string };

if (parentPort) {
  const port = parentPort;
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  const { corpus, base: shared, options } = workerData as WorkerData;
  const base = KneserNeyModel.fromShared(shared);
  port.on("message", (msg: { type: "run"; task: WorkerTask }) => {
    const { id, setting, seed } = msg.task;
    try {
      let last = 0;
      const result = runCollapse(corpus, base, setting, seed, options, {
        onProgress: (fraction) => {
          if (fraction - last >= 0.01 || fraction === 1) {
            last = fraction;
            post({ type: "progress", id, fraction });
          }
        },
      });
      post({ type: "result", id, result });
    } catch (e) {
      post({ type: "error", id, error: e instanceof Error ? e.message : String(e) });
    }
  });
  post({ type: "ready" });
}
