/**
 * Worker thread of ./neuralLmRun.ts: starts its own TensorFlow.js on the wasm backend (which
 * runs single-threaded in Node, so one model per thread) and runs the (setting, seed) runs
 * it is sent.
 */
import { parentPort, workerData } from "worker_threads";
import { serveWorkerPool } from "../parallel/workerPool";
import { initTensorflow } from "../vae/tensorflow";
import { executeNeuralTask, type NeuralTask, type NeuralTaskData } from "./neuralLmTasks";

if (parentPort) {
  const port = parentPort;
  const data = workerData as NeuralTaskData;
  void initTensorflow("wasm").then(
    (tf) => serveWorkerPool<NeuralTask, unknown>(port, (task, progress) => executeNeuralTask(tf, data, task, progress)),
    (e: unknown) => port.postMessage({ type: "error", id: -1, error: `TensorFlow.js did not start in a worker thread: ${e instanceof Error ? e.message : String(e)}` }),
  );
}
