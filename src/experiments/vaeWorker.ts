/**
 * Worker thread of ./vaeRun.ts: starts its own TensorFlow.js on the wasm backend (one per
 * thread: the backend runs single-threaded in Node), wraps the real digits it is given in
 * shared memory, and runs the VAE tasks it is sent.
 */
import { parentPort, workerData } from "worker_threads";
import { serveWorkerPool } from "../parallel/workerPool";
import { initTensorflow } from "../vae/tensorflow";
import { executeVaeTask, type VaeTask, type VaeTaskData } from "./vaeTasks";

if (parentPort) {
  const port = parentPort;
  const data = workerData as VaeTaskData;
  void initTensorflow("wasm").then(
    (tf) => serveWorkerPool<VaeTask, unknown>(port, (task, progress) => executeVaeTask(tf, data, task, progress)),
    (e: unknown) => port.postMessage({ type: "error", id: -1, error: `TensorFlow.js did not start in a worker thread: ${e instanceof Error ? e.message : String(e)}` }),
  );
}
