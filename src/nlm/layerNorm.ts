/**
 * Layer normalisation (Ba, Kiros & Hinton 2016) over the last axis of a [rows, d] tensor,
 * with GPT-2's ε = 1e-5 inside the square root:
 *
 *   x̂ = (x − μ) / √(σ² + ε),  y = γ ⊙ x̂ + β,   μ, σ² the row's mean and (biased) variance
 *
 * and its backward pass, with g = dy ⊙ γ:
 *
 *   dx = (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)) / √(σ² + ε),  dγ = Σ_rows dy ⊙ x̂,  dβ = Σ_rows dy
 *
 * (the two means, over the row, are the parts of the gradient that flow through μ and σ²).
 */
import type { Tensor1D, Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";

export const LAYER_NORM_EPSILON = 1e-5;

/** What the backward pass needs from the forward one. */
export interface LayerNormSaved {
  normalised: Tensor2D;
  /** 1 / √(σ² + ε), one per row: [rows, 1]. */
  inverseStd: Tensor2D;
}

export function layerNormForward(tf: Tf, x: Tensor2D, gain: Tensor1D, bias: Tensor1D): { y: Tensor2D; saved: LayerNormSaved } {
  const centred = tf.sub(x, tf.mean(x, 1, true));
  const variance = tf.mean(tf.square(centred), 1, true);
  const inverseStd = tf.rsqrt(tf.add(variance, LAYER_NORM_EPSILON)) as Tensor2D;
  const normalised = tf.mul(centred, inverseStd) as Tensor2D;
  const y = tf.add(tf.mul(normalised, gain), bias) as Tensor2D;
  return { y, saved: { normalised, inverseStd } };
}

/**
 * Σ over the rows of x, [d], as the product 1ᵀ·x: the wasm Sum over axis 0 transposes first,
 * 14 ms at [4096, 512] against 0.4 ms for the matMul (measured).
 */
export function columnSum(tf: Tf, x: Tensor2D): Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [-1]) as Tensor1D;
}

export function layerNormBackward(tf: Tf, dy: Tensor2D, gain: Tensor1D, saved: LayerNormSaved): { dx: Tensor2D; dGain: Tensor1D; dBias: Tensor1D } {
  const { normalised, inverseStd } = saved;
  const g = tf.mul(dy, gain);
  const meanG = tf.mean(g, 1, true);
  const meanGx = tf.mean(tf.mul(g, normalised), 1, true);
  const dx = tf.mul(tf.sub(tf.sub(g, meanG), tf.mul(normalised, meanGx)), inverseStd) as Tensor2D;
  return { dx, dGain: columnSum(tf, tf.mul(dy, normalised) as Tensor2D), dBias: columnSum(tf, dy) };
}
