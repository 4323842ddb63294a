/**
 * Worker thread of ./parallel.ts: estimates the pretrained model once from workerData,
 * then runs the (setting, seed) tasks it is sent and posts progress and results back.
 */
import { parentPort, workerData } from "worker_threads";
import type { LmCorpus } from "./corpus";
import { runCollapse, type CollapseOptions } from "./experiment";
import { KneserNeyModel } from "./kneserNey";
import type { WorkerTask } from "./parallel";

const { corpus, order, options } = workerData as { corpus: LmCorpus; order: number; options: CollapseOptions };
const port = parentPort!;
const base = KneserNeyModel.train(corpus.base, order, corpus.vocab.length);
port.on("message", (msg: { type: string; task: WorkerTask }) => {
  const { id, setting, seed } = msg.task;
  try {
    let last = 0;
    const result = runCollapse(corpus, base, setting, seed, options, {
      onProgress: (fraction) => {
        if (fraction - last >= 0.01 || fraction === 1) {
          last = fraction;
          port.postMessage({ type: "progress", id, fraction });
        }
      },
    });
    port.postMessage({ type: "result", id, result });
  } catch (e) {
    port.postMessage({ type: "error", id, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ type: "ready" });
