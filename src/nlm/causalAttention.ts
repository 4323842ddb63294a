/**
 * Causal multi-head self-attention (Vaswani et al. 2017, "Attention is all you need",
 * eq. 1 and §3.2.2), on the queries, keys and values a block has already projected:
 *
 *   headᵢ = softmax(Qᵢ Kᵢᵀ / √d_head + M) Vᵢ,   M_ts = 0 for s ≤ t, −∞ for s > t
 *   out = [head₁, …, head_H]                    (the output projection is the block's)
 *
 * Backward pass, per head, with P the attention weights and S the scaled scores:
 *
 *   dV = Pᵀ dO,  dP = dO Vᵀ,  dS = P ⊙ (dP − rowsum(dP ⊙ P)),
 *   dQ = dS K / √d_head,  dK = dSᵀ Q / √d_head
 *
 * (the softmax's Jacobian; masked entries have P = 0, so they pass no gradient).
 * Rows are token positions of a batch flattened to [B·T, ·]; heads are moved to a leading
 * [B·H] axis with 4-D transposes, and every product is a batched matMul of explicitly
 * transposed operands (the wasm backend's transpose flags are far slower).
 */
import type { Tensor2D, Tensor3D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";

/**
 * The additive mask M, [T, T]: 0 on and below the diagonal, a large negative number above.
 * Finite rather than −∞, so no row ever computes −∞ − (−∞); exp of it is exactly 0 in float32.
 */
export const MASKED_SCORE = -1e9;

export interface AttentionShape {
  batch: number;
  length: number;
  heads: number;
}

export interface AttentionSaved {
  /** [B·H, T, d_head] */
  queries: Tensor3D;
  keys: Tensor3D;
  values: Tensor3D;
  /** The attention weights P, [B·H, T, T]. */
  weights: Tensor3D;
}

export function causalMask(tf: Tf, length: number): Tensor2D {
  const mask = new Float32Array(length * length);
  for (let t = 0; t < length; t++) for (let s = t + 1; s < length; s++) mask[t * length + s] = MASKED_SCORE;
  return tf.tensor2d(mask, [length, length]);
}

/** [B·T, D] rows of one of Q, K, V to [B·H, T, d_head]. */
export function splitHeads(tf: Tf, x: Tensor2D, s: AttentionShape): Tensor3D {
  const dHead = x.shape[1] / s.heads;
  const byHead = tf.transpose(tf.reshape(x, [s.batch, s.length, s.heads, dHead]), [0, 2, 1, 3]);
  return tf.reshape(byHead, [s.batch * s.heads, s.length, dHead]);
}

/** The inverse of `splitHeads`: [B·H, T, d_head] to [B·T, H·d_head]. */
export function mergeHeads(tf: Tf, x: Tensor3D, s: AttentionShape): Tensor2D {
  const dHead = x.shape[2];
  const byPosition = tf.transpose(tf.reshape(x, [s.batch, s.heads, s.length, dHead]), [0, 2, 1, 3]);
  return tf.reshape(byPosition, [s.batch * s.length, s.heads * dHead]);
}

/** Attention of `qkv` ([B·T, 3D], queries | keys | values) under the causal `mask`; out is [B·T, D]. */
export function attentionForward(tf: Tf, qkv: Tensor2D, mask: Tensor2D, s: AttentionShape): { out: Tensor2D; saved: AttentionSaved } {
  const [q, k, v] = tf.split(qkv, 3, 1) as Tensor2D[];
  const queries = splitHeads(tf, q, s);
  const keys = splitHeads(tf, k, s);
  const values = splitHeads(tf, v, s);
  const scale = 1 / Math.sqrt(queries.shape[2]);
  const scores = tf.add(tf.mul(tf.matMul<Tensor3D>(queries, tf.transpose(keys, [0, 2, 1])), scale), mask);
  const weights = tf.softmax(scores) as Tensor3D;
  const out = mergeHeads(tf, tf.matMul<Tensor3D>(weights, values), s);
  return { out, saved: { queries, keys, values, weights } };
}

/** dL/d qkv ([B·T, 3D]) from dL/d out ([B·T, D]). */
export function attentionBackward(tf: Tf, dOut: Tensor2D, saved: AttentionSaved, s: AttentionShape): Tensor2D {
  const { queries, keys, values, weights } = saved;
  const scale = 1 / Math.sqrt(queries.shape[2]);
  const dHeads = splitHeads(tf, dOut, s);
  const dValues = tf.matMul<Tensor3D>(tf.transpose(weights, [0, 2, 1]), dHeads);
  const dWeights = tf.matMul<Tensor3D>(dHeads, tf.transpose(values, [0, 2, 1]));
  const dScores = tf.mul(weights, tf.sub(dWeights, tf.sum(tf.mul(dWeights, weights), 2, true)));
  const dQueries = tf.mul(tf.matMul<Tensor3D>(dScores, keys), scale) as Tensor3D;
  const dKeys = tf.mul(tf.matMul<Tensor3D>(tf.transpose(dScores, [0, 2, 1]), queries), scale) as Tensor3D;
  return tf.concat<Tensor2D>([mergeHeads(tf, dQueries, s), mergeHeads(tf, dKeys, s), mergeHeads(tf, dValues, s)], 1);
}
