/**
 * GELU (Hendrycks & Gimpel 2016) in the tanh approximation GPT-2 uses:
 *
 *   gelu(x) = ½ x (1 + tanh u),  u = √(2/π) (x + 0.044715 x³)
 *
 * and its derivative, for the backward pass:
 *
 *   gelu′(x) = ½ (1 + tanh u) + ½ x (1 − tanh² u) √(2/π) (1 + 3 · 0.044715 x²)
 *
 * Composed from elementwise ops: tfjs has no GELU kernel on the wasm backend.
 */
import type { Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const CUBIC = 0.044715;

function tanhOfU(tf: Tf, x: Tensor2D): Tensor2D {
  return tf.tanh(tf.mul(tf.add(x, tf.mul(tf.mul(tf.square(x), x), CUBIC)), SQRT_2_OVER_PI)) as Tensor2D;
}

/** gelu(x), and tanh u, which the backward pass reuses (recomputing it cost 2 × 28 ms a step of the default model). */
export function geluForward(tf: Tf, x: Tensor2D): { y: Tensor2D; tanh: Tensor2D } {
  const tanh = tanhOfU(tf, x);
  return { y: tf.mul(tf.mul(x, 0.5), tf.add(tanh, 1)) as Tensor2D, tanh };
}

/** dL/dx from dL/dy = `dy` at the pre-activation `x`, whose tanh u `geluForward` returned as `t`. */
export function geluBackward(tf: Tf, dy: Tensor2D, x: Tensor2D, t: Tensor2D): Tensor2D {
  const du = tf.mul(tf.add(tf.mul(tf.square(x), 3 * CUBIC), 1), SQRT_2_OVER_PI);
  const derivative = tf.add(tf.mul(tf.add(t, 1), 0.5), tf.mul(tf.mul(tf.mul(x, 0.5), tf.sub(1, tf.square(t))), du));
  return tf.mul(dy, derivative) as Tensor2D;
}
