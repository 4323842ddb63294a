/**
 * A trained network used forward only on many rows: `layer` runs on batches of up to
 * FORWARD_BATCH rows of `input`, and each batch's result is handed to `take` with the
 * index of its first row. Call it inside a tidy that holds the weights' tensors; each
 * batch's tensors are freed before the next.
 */
import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "./tensorflow";

/** Rows per forward batch: large enough for fast matMuls, small enough for the wasm heap. */
export const FORWARD_BATCH = 1000;

export function forwardInBatches(tf: Tf, input: Float32Array, count: number, width: number, layer: (x: Tensor2D) => Tensor, take: (values: ArrayLike<number>, start: number, rows: number) => void): void {
  for (let start = 0; start < count; start += FORWARD_BATCH) {
    const rows = Math.min(FORWARD_BATCH, count - start);
    const out = tf.tidy(() => layer(tf.tensor2d(input.subarray(start * width, (start + rows) * width), [rows, width])));
    take(out.dataSync(), start, rows);
    out.dispose();
  }
}
