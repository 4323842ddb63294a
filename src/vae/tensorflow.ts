/**
 * TensorFlow.js on the WebAssembly backend, the engine of chapter 6. The wasm backend ships
 * its .wasm files inside its npm package, so it runs offline and needs no native build
 * (tfjs-node downloads libtensorflow at install time). In Node it runs on one thread: the
 * experiment runs seeds on worker threads instead, each with its own instance.
 * The pure-JavaScript `cpu` backend is kept for the benchmark's side-by-side comparison.
 *
 * No gradient is registered: the VAE and the classifier write their backward passes by
 * hand (./vaeGradients.ts, ./classifier.ts), which lets every matMul take the fast path
 * with explicitly transposed operands.
 */
import * as path from "path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { assertOneOf } from "../validate";

export type Tf = typeof tf;
export const BACKENDS = ["wasm", "cpu"] as const;
export type Backend = (typeof BACKENDS)[number];

let wasmPathsSet = false;

/** The dist/ folder of the installed wasm backend, which holds its .wasm files. */
function wasmDir(): string {
  return path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm")) + path.sep;
}

/**
 * Makes `backend` (default "wasm") the active one and returns the tfjs namespace. Idempotent;
 * the first wasm start-up compiles the module (about 0.2 s).
 */
export async function initTensorflow(backend: Backend = "wasm"): Promise<Tf> {
  assertOneOf(backend, "backend", BACKENDS);
  if (backend === "wasm" && !wasmPathsSet) {
    setWasmPaths(wasmDir());
    wasmPathsSet = true;
  }
  // tf.getBackend() would start the best backend synchronously, which the wasm one cannot be.
  if (tf.engine().backendName !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`TensorFlow.js could not start its ${backend} backend`);
  }
  await tf.ready();
  return tf;
}
