/**
 * Incremental decoding with a key/value cache: the transformer of ./transformerForward.ts
 * fed one token at a time. Causal attention never lets a position see later ones, so the
 * keys and values of past positions do not change when a token is appended; each step
 * computes only the new position's query, key and value, appends the key and value to the
 * cache and attends over all of it (Vaswani et al. 2017, eq. 1, for one query row). A step
 * costs O(t·d) instead of the O(t²·d) of recomputing the whole prefix, which beam search
 * over 64 new tokens needs.
 *
 * The keys and values are kept in JavaScript, one [batch, dModel] array per position and
 * layer as that step computed them, with, per position, the row of that array each current
 * sequence descends from. A reorder only composes those row maps, and attention runs in
 * JavaScript (double-precision sums) over the rows they name. On the wasm backend the
 * cache as tensors cost, for 320 rows at position ≈ 100 of the default 128-wide, 2-layer
 * model, a tf.concat of 22 ms per layer a step, 17 ms of batched matMuls per layer for the
 * two attention products, and a reorder of 45 ms (download, permute, upload).
 */
import type { Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";
import { assertInteger, invalid } from "../validate";
import { layerNormForward } from "./layerNorm";
import { allTensors, transformerTensors, type BlockTensors, type TransformerTensors } from "./transformerForward";
import type { TransformerParams } from "./transformerParams";

export class KvCache {
  /** Sequences decoded side by side; `reorder` may change it. */
  private rows: number;
  private readonly tf: Tf;
  private readonly weights: TransformerTensors;
  /** Eᵀ, [dModel, vocabSize]: transposed once, used by every step's output layer. */
  private readonly outputWeight: Tensor2D;
  /** keys[l][s], values[l][s]: layer l's keys and values at position s, [rows then, dModel] row-major. */
  private keys: Float32Array[][];
  private values: Float32Array[][];
  /** ancestry[s][b]: the row of position s's keys and values that sequence b continues. */
  private ancestry: Int32Array[] = [];
  private disposed = false;
  /** Tokens fed so far: the position the next token takes. */
  position = 0;

  /** A cache for `batch` sequences decoded side by side with the parameters `p` (copied to tensors now). */
  constructor(tf: Tf, p: TransformerParams, batch: number) {
    assertInteger(batch, "batch", 1);
    this.tf = tf;
    this.rows = batch;
    this.weights = transformerTensors(tf, p);
    this.outputWeight = tf.transpose(this.weights.tokenEmbedding);
    this.keys = Array.from({ length: p.config.layers }, () => []);
    this.values = Array.from({ length: p.config.layers }, () => []);
  }

  get batch(): number {
    return this.rows;
  }

  /**
   * Makes sequence b a copy of the cached sequence rows[b], for b < rows.length: beam search
   * moves each chosen extension under its parent's keys and values, and its first step
   * fans each prompt, fed once, out to all its beams, so the batch may grow or shrink.
   * Only the per-position row maps change; no key or value is copied.
   */
  reorder(rows: ArrayLike<number>): void {
    if (this.disposed) throw new Error("KvCache.reorder after dispose");
    assertInteger(rows.length, "rows.length", 1);
    for (let b = 0; b < rows.length; b++) assertInteger(rows[b], `rows[${b}]`, 0, this.rows - 1);
    this.ancestry = this.ancestry.map((map) => Int32Array.from(rows, (r) => map[r]));
    this.rows = rows.length;
  }

  /**
   * Feeds one token per sequence (`tokens[b]` for sequence b) at the current position and
   * returns the logits of the next token, [batch, vocabSize] row-major.
   */
  step(tokens: ArrayLike<number>): Float32Array {
    const logits = this.advance(tokens, true);
    if (!logits) throw new Error("KvCache.step: no logits");
    const data = logits.dataSync() as Float32Array;
    logits.dispose();
    return data;
  }

  /**
   * As `step`, without the output layer: for a prompt's tokens but its last, whose logits
   * nobody reads. 64 rows fed 64 tokens took 940 ms by `step`, 407 ms by `feed`.
   */
  feed(tokens: ArrayLike<number>): void {
    this.advance(tokens, false);
  }

  /**
   * Feeds whole prompts of one length, one per sequence (`feed` for all their tokens but the
   * last, `step` for the last), and returns the logits of each one's next token.
   */
  prefill(prompts: readonly ArrayLike<number>[]): Float32Array {
    const length = prompts[0].length;
    for (let i = 0; i < length - 1; i++) this.feed(prompts.map((prompt) => prompt[i]));
    return this.step(prompts.map((prompt) => prompt[length - 1]));
  }

  private advance(tokens: ArrayLike<number>, withLogits: boolean): Tensor2D | null {
    const { tf, weights: w, batch: B } = this;
    const { vocabSize: V, contextLength: C, dModel: D } = w.config;
    if (this.disposed) throw new Error("KvCache.step after dispose");
    if (this.position >= C) invalid("position", `below contextLength = ${C} (the model has no position embedding beyond it)`, this.position);
    if (tokens.length !== B) invalid("tokens.length", `batch = ${B}`, tokens.length);
    for (let b = 0; b < B; b++) if (!(Number.isInteger(tokens[b]) && tokens[b] >= 0 && tokens[b] < V)) invalid(`tokens[${b}]`, `a token id in [0, ${V - 1}]`, tokens[b]);
    const position = this.position;
    const ids = Int32Array.from(tokens);
    let x = tf.tidy(() => tf.add(tf.gather(w.tokenEmbedding, tf.tensor1d(ids, "int32")), tf.slice(w.positionEmbedding, [position, 0], [1, D])) as Tensor2D);
    this.ancestry.push(Int32Array.from({ length: B }, (_, b) => b));
    w.blocks.forEach((block, l) => {
      const qkvTensor = tf.tidy(() => tf.add(tf.matMul<Tensor2D>(layerNormForward(tf, x, block.ln1Gain, block.ln1Bias).y, block.qkvWeight), block.qkvBias) as Tensor2D);
      const qkv = qkvTensor.dataSync() as Float32Array;
      qkvTensor.dispose();
      const key = new Float32Array(B * D);
      const value = new Float32Array(B * D);
      for (let b = 0; b < B; b++) {
        key.set(qkv.subarray(b * 3 * D + D, b * 3 * D + 2 * D), b * D);
        value.set(qkv.subarray(b * 3 * D + 2 * D, b * 3 * D + 3 * D), b * D);
      }
      this.keys[l].push(key);
      this.values[l].push(value);
      const attended = tf.tensor2d(this.attend(qkv, l), [B, D]);
      const previous = x;
      x = tf.tidy(() => mlpForward(tf, tf.add(previous, tf.add(tf.matMul<Tensor2D>(attended, block.projWeight), block.projBias)) as Tensor2D, block));
      previous.dispose();
      attended.dispose();
    });
    this.position++;
    const hidden = x;
    const logits = withLogits ? tf.tidy(() => tf.matMul<Tensor2D>(layerNormForward(tf, hidden, w.finalLnGain, w.finalLnBias).y, this.outputWeight)) : null;
    hidden.dispose();
    return logits;
  }

  /**
   * Layer l's attention output, [batch, dModel] row-major, for the queries in `qkv` (each
   * row q | k | v) over positions 0 … position of each sequence's own ancestry: softmax of
   * q·k / √d_head per head, then the weighted sum of the values (Vaswani et al. 2017, eq. 1).
   */
  private attend(qkv: Float32Array, l: number): Float32Array {
    const { dModel: D, heads: H } = this.weights.config;
    const B = this.rows;
    const dHead = D / H;
    const scale = 1 / Math.sqrt(dHead);
    const positions = this.keys[l].length;
    const keys = this.keys[l];
    const values = this.values[l];
    const ancestry = this.ancestry;
    const query = new Float64Array(D);
    const scores = new Float64Array(H * positions);
    const max = new Float64Array(H);
    const total = new Float64Array(H);
    const sum = new Float64Array(D);
    const out = new Float32Array(B * D);
    // Per sequence, one pass over its positions for all heads at once: a position's row is
    // one run of D floats, looked up once.
    for (let b = 0; b < B; b++) {
      for (let j = 0; j < D; j++) query[j] = qkv[b * 3 * D + j] * scale;
      max.fill(-Infinity);
      for (let s = 0; s < positions; s++) {
        const k = keys[s];
        const row = ancestry[s][b] * D;
        for (let h = 0; h < H; h++) {
          // Four partial sums break the chain of dependent additions: beam search at 64 prompts
          // took 10.5 s with one, 9.5 s with four.
          let d0 = 0;
          let d1 = 0;
          let d2 = 0;
          let d3 = 0;
          const end = (h + 1) * dHead;
          let i = h * dHead;
          for (; i + 3 < end; i += 4) {
            d0 += query[i] * k[row + i];
            d1 += query[i + 1] * k[row + i + 1];
            d2 += query[i + 2] * k[row + i + 2];
            d3 += query[i + 3] * k[row + i + 3];
          }
          for (; i < end; i++) d0 += query[i] * k[row + i];
          const dot = d0 + d1 + (d2 + d3);
          scores[s * H + h] = dot;
          if (dot > max[h]) max[h] = dot;
        }
      }
      total.fill(0);
      for (let s = 0; s < positions; s++) {
        for (let h = 0; h < H; h++) {
          const weight = Math.exp(scores[s * H + h] - max[h]);
          scores[s * H + h] = weight;
          total[h] += weight;
        }
      }
      sum.fill(0);
      // Two positions per pass over the sums halve their loads and stores: beam search at
      // 64 prompts took 9.5 s with one, 8.7 s with two (and no less with four).
      let s = 0;
      for (; s + 1 < positions; s += 2) {
        const v0 = values[s];
        const v1 = values[s + 1];
        const row0 = ancestry[s][b] * D;
        const row1 = ancestry[s + 1][b] * D;
        for (let h = 0; h < H; h++) {
          const w0 = scores[s * H + h];
          const w1 = scores[(s + 1) * H + h];
          for (let i = h * dHead, end = i + dHead; i < end; i++) sum[i] += w0 * v0[row0 + i] + w1 * v1[row1 + i];
        }
      }
      for (; s < positions; s++) {
        const v = values[s];
        const row = ancestry[s][b] * D;
        for (let h = 0; h < H; h++) {
          const weight = scores[s * H + h];
          for (let i = h * dHead, end = i + dHead; i < end; i++) sum[i] += weight * v[row + i];
        }
      }
      for (let j = 0; j < D; j++) out[b * D + j] = sum[j] / total[Math.floor(j / dHead)];
    }
    return out;
  }

  /** Frees the uploaded weights and drops the cached keys and values. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [...allTensors(this.weights), this.outputWeight]) t.dispose();
    this.keys = [];
    this.values = [];
    this.ancestry = [];
  }
}

/**
 * The MLP sublayer of ./transformerForward.ts (mlpSublayer), with GELU's tanh form written
 * as ½ x (1 + tanh u) = x · σ(2u): the wasm Tanh kernel took 6 ms at [320, 512], a third of
 * a step's small layers, and Sigmoid 0.6 ms; the two agree within 5e-7 (float32 rounding).
 */
function mlpForward(tf: Tf, x1: Tensor2D, w: BlockTensors): Tensor2D {
  const ln2 = layerNormForward(tf, x1, w.ln2Gain, w.ln2Bias).y;
  const pre = tf.add(tf.matMul<Tensor2D>(ln2, w.mlpInWeight), w.mlpInBias) as Tensor2D;
  const u2 = tf.mul(tf.add(pre, tf.mul(tf.mul(tf.square(pre), pre), GELU_CUBIC)), 2 * Math.sqrt(2 / Math.PI));
  const activation = tf.mul(pre, tf.sigmoid(u2)) as Tensor2D;
  return tf.add(x1, tf.add(tf.matMul<Tensor2D>(activation, w.mlpOutWeight), w.mlpOutBias)) as Tensor2D;
}

/** GELU's cubic coefficient in the tanh approximation (./gelu.ts). */
const GELU_CUBIC = 0.044715;
