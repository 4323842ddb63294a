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
 * Rows are token positions of a batch flattened to [B·T, ·]. Every product is a 2-D matMul
 * per sequence and head, of operands cut out of one download of their source and uploaded
 * already transposed where the product needs it. On wasm a batched matMul ([B·H, T, T] ×
 * [B·H, T, d_head]) takes the backend's scalar loop, ≈ 2 GFLOP/s: 61 ms at B·H = 128,
 * T = 128, d_head = 32, where the 128 2-D products take XNNPACK's kernel, 9 ms. Cutting the
 * operands with tf.slice / tf.split / tf.unstack would cost more than the batched product
 * (the wasm Slice copies its whole input to JavaScript for every slice: 380 ms for 128
 * slices of [128·128, 128]), cutting them from a download 7 ms; one PV product in all,
 * 17 ms against 61 ms, and no 4-D transposes to and from the heads' layout.
 */
import type { Tensor2D } from "@tensorflow/tfjs-core";
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
  /** The block's queries, keys and values, [B·T, 3D] row-major, downloaded. */
  qkv: Float32Array;
  /** The attention weights P, [B·H·T, T]: the T rows of sequence b, head h from row (b·H + h)·T. */
  weights: Tensor2D;
  /** `weights`, downloaded. */
  weightValues: Float32Array;
}

export function causalMask(tf: Tf, length: number): Tensor2D {
  const mask = new Float32Array(length * length);
  for (let t = 0; t < length; t++) for (let s = t + 1; s < length; s++) mask[t * length + s] = MASKED_SCORE;
  return tf.tensor2d(mask, [length, length]);
}

/**
 * The [rows, cols] block of `src` (row-major, `stride` columns) at (row0, col0), times
 * `factor`, as a tensor: transposed ([cols, rows]) when `transposed`.
 */
function block(tf: Tf, src: Float32Array, stride: number, row0: number, col0: number, rows: number, cols: number, transposed: boolean, factor = 1): Tensor2D {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const from = (row0 + i) * stride + col0;
    if (transposed) for (let j = 0; j < cols; j++) out[j * rows + i] = factor * src[from + j];
    else for (let j = 0; j < cols; j++) out[i * cols + j] = factor * src[from + j];
  }
  return tf.tensor2d(out, transposed ? [cols, rows] : [rows, cols]);
}

/** Rows of sequence b of an [B·T, ·] tensor from its heads' [T, ·] blocks, `perSequence[b]`, side by side. */
function assemble(tf: Tf, perSequence: Tensor2D[][]): Tensor2D {
  return tf.concat<Tensor2D>(perSequence.map((heads) => tf.concat<Tensor2D>(heads, 1)), 0);
}

/** Attention of `qkv` ([B·T, 3D], queries | keys | values) under the causal `mask`; out is [B·T, D]. */
export function attentionForward(tf: Tf, qkv: Tensor2D, mask: Tensor2D, s: AttentionShape): { out: Tensor2D; saved: AttentionSaved } {
  const { batch: B, length: T, heads: H } = s;
  const width = qkv.shape[1];
  const D = width / 3;
  const dHead = D / H;
  const scale = 1 / Math.sqrt(dHead);
  const values = qkv.dataSync() as Float32Array;
  const scores: Tensor2D[] = [];
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const queries = block(tf, values, width, b * T, h * dHead, T, dHead, false, scale);
      scores.push(tf.matMul<Tensor2D>(queries, block(tf, values, width, b * T, D + h * dHead, T, dHead, true)));
    }
  }
  const masked = tf.add(tf.reshape(tf.concat(scores, 0), [B * H, T, T]), mask);
  const weights = tf.softmax(tf.reshape(masked, [B * H * T, T])) as Tensor2D;
  const weightValues = weights.dataSync() as Float32Array;
  const out: Tensor2D[][] = [];
  for (let b = 0; b < B; b++) {
    const heads: Tensor2D[] = [];
    for (let h = 0; h < H; h++) {
      const p = block(tf, weightValues, T, (b * H + h) * T, 0, T, T, false);
      heads.push(tf.matMul<Tensor2D>(p, block(tf, values, width, b * T, 2 * D + h * dHead, T, dHead, false)));
    }
    out.push(heads);
  }
  return { out: assemble(tf, out), saved: { qkv: values, weights, weightValues } };
}

/** dL/d qkv ([B·T, 3D]) from dL/d out ([B·T, D]). */
export function attentionBackward(tf: Tf, dOut: Tensor2D, saved: AttentionSaved, s: AttentionShape): Tensor2D {
  const { qkv, weights, weightValues } = saved;
  const { batch: B, length: T, heads: H } = s;
  const D = dOut.shape[1];
  const width = 3 * D;
  const dHead = D / H;
  const scale = 1 / Math.sqrt(dHead);
  const dOutValues = dOut.dataSync() as Float32Array;
  const dWeights: Tensor2D[] = [];
  const dValues: Tensor2D[][] = [];
  for (let b = 0; b < B; b++) {
    const heads: Tensor2D[] = [];
    for (let h = 0; h < H; h++) {
      const dHeadOut = block(tf, dOutValues, D, b * T, h * dHead, T, dHead, false);
      dWeights.push(tf.matMul<Tensor2D>(dHeadOut, block(tf, qkv, width, b * T, 2 * D + h * dHead, T, dHead, true)));
      heads.push(tf.matMul<Tensor2D>(block(tf, weightValues, T, (b * H + h) * T, 0, T, T, true), dHeadOut));
    }
    dValues.push(heads);
  }
  const dP = tf.concat<Tensor2D>(dWeights, 0);
  const dScores = tf.mul(weights, tf.sub(dP, tf.sum(tf.mul(dP, weights), 1, true)));
  const dScoreValues = dScores.dataSync() as Float32Array;
  const perSequence: Tensor2D[][] = [];
  for (let b = 0; b < B; b++) {
    const dQueries: Tensor2D[] = [];
    const dKeys: Tensor2D[] = [];
    for (let h = 0; h < H; h++) {
      const row0 = (b * H + h) * T;
      dQueries.push(tf.matMul<Tensor2D>(block(tf, dScoreValues, T, row0, 0, T, T, false), block(tf, qkv, width, b * T, D + h * dHead, T, dHead, false, scale)));
      dKeys.push(tf.matMul<Tensor2D>(block(tf, dScoreValues, T, row0, 0, T, T, true), block(tf, qkv, width, b * T, h * dHead, T, dHead, false, scale)));
    }
    perSequence.push([...dQueries, ...dKeys, ...dValues[b]]);
  }
  return assemble(tf, perSequence);
}
