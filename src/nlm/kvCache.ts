/**
 * Incremental decoding with a key/value cache: the transformer of ./transformerForward.ts
 * fed one token at a time. Causal attention never lets a position see later ones, so the
 * keys and values of past positions do not change when a token is appended; each step
 * computes only the new position's query, key and value, appends the key and value to the
 * cache and attends over all of it (Vaswani et al. 2017, eq. 1, for one query row). A step
 * costs O(t·d) instead of the O(t²·d) of recomputing the whole prefix, which beam search
 * over 64 new tokens needs.
 *
 * Keys are stored transposed, [B·H, d_head, t], and values as [B·H, t, d_head], so the two
 * products of a step are plain batched matMuls and a step needs no transpose at all: with
 * one position, the rows of q, k and v reshape straight into heads.
 */
import type { Tensor2D, Tensor3D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";
import { assertInteger, invalid } from "../validate";
import { layerNormForward } from "./layerNorm";
import { allTensors, mlpSublayer, transformerTensors, type TransformerTensors } from "./transformerForward";
import type { TransformerParams } from "./transformerParams";

export class KvCache {
  /** Sequences decoded side by side; `reorder` may change it. */
  private rows: number;
  private readonly tf: Tf;
  private readonly weights: TransformerTensors;
  /** Eᵀ, [dModel, vocabSize]: transposed once, used by every step's output layer. */
  private readonly outputWeight: Tensor2D;
  /** Per layer: keys [B·H, d_head, t] and values [B·H, t, d_head]; null before the first step. */
  private keys: (Tensor3D | null)[];
  private values: (Tensor3D | null)[];
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
    this.keys = new Array(p.config.layers).fill(null);
    this.values = new Array(p.config.layers).fill(null);
  }

  get batch(): number {
    return this.rows;
  }

  /**
   * Makes sequence b a copy of the cached sequence rows[b], for b < rows.length: beam search
   * moves each chosen extension under its parent's keys and values, and its first step
   * fans each prompt, fed once, out to all its beams, so the batch may grow or shrink.
   * Sequence b's keys and values are one contiguous run of each tensor (its H heads), so
   * the rows are permuted in JavaScript on the downloaded data and uploaded again: on the
   * wasm backend this is about 7 times faster than one tf.gather per tensor (69 ms against
   * 518 ms for 500 rows of 64 positions of the default 128-wide, 2-layer model, where a
   * step takes 92 ms).
   */
  reorder(rows: ArrayLike<number>): void {
    if (this.disposed) throw new Error("KvCache.reorder after dispose");
    assertInteger(rows.length, "rows.length", 1);
    for (let b = 0; b < rows.length; b++) assertInteger(rows[b], `rows[${b}]`, 0, this.rows - 1);
    const heads = this.weights.config.heads;
    const permute = (t: Tensor3D | null): Tensor3D | null => {
      if (!t) return null;
      const data = t.dataSync() as Float32Array;
      const run = data.length / this.rows;
      const out = new Float32Array(rows.length * run);
      for (let b = 0; b < rows.length; b++) out.set(data.subarray(rows[b] * run, (rows[b] + 1) * run), b * run);
      const permuted = this.tf.tensor3d(out, [rows.length * heads, t.shape[1], t.shape[2]]);
      t.dispose();
      return permuted;
    };
    this.keys = this.keys.map(permute);
    this.values = this.values.map(permute);
    this.rows = rows.length;
  }

  /**
   * Feeds one token per sequence (`tokens[b]` for sequence b) at the current position and
   * returns the logits of the next token, [batch, vocabSize] row-major.
   */
  step(tokens: ArrayLike<number>): Float32Array {
    const { tf, weights: w, batch: B } = this;
    const { vocabSize: V, contextLength: C, dModel: D, heads: H } = w.config;
    if (this.disposed) throw new Error("KvCache.step after dispose");
    if (this.position >= C) invalid("position", `below contextLength = ${C} (the model has no position embedding beyond it)`, this.position);
    if (tokens.length !== B) invalid("tokens.length", `batch = ${B}`, tokens.length);
    for (let b = 0; b < B; b++) if (!(Number.isInteger(tokens[b]) && tokens[b] >= 0 && tokens[b] < V)) invalid(`tokens[${b}]`, `a token id in [0, ${V - 1}]`, tokens[b]);
    const dHead = D / H;
    const scale = 1 / Math.sqrt(dHead);
    const position = this.position;
    const previousKeys = this.keys;
    const previousValues = this.values;
    const out = tf.tidy(() => {
      const ids = tf.tensor1d(Int32Array.from(tokens), "int32");
      let x = tf.add(tf.gather(w.tokenEmbedding, ids), tf.slice(w.positionEmbedding, [position, 0], [1, D])) as Tensor2D;
      const keys: Tensor3D[] = [];
      const values: Tensor3D[] = [];
      w.blocks.forEach((block, l) => {
        const ln1 = layerNormForward(tf, x, block.ln1Gain, block.ln1Bias);
        const qkv = tf.add(tf.matMul<Tensor2D>(ln1.y, block.qkvWeight), block.qkvBias) as Tensor2D;
        const [q, k, v] = tf.split(qkv, 3, 1) as Tensor2D[];
        const newKey = tf.reshape(k, [B * H, dHead, 1]) as Tensor3D;
        const newValue = tf.reshape(v, [B * H, 1, dHead]) as Tensor3D;
        const before = previousKeys[l];
        const beforeValues = previousValues[l];
        keys.push(before ? tf.concat([before, newKey], 2) : newKey);
        values.push(beforeValues ? tf.concat([beforeValues, newValue], 1) : newValue);
        const scores = tf.mul(tf.matMul<Tensor3D>(tf.reshape(q, [B * H, 1, dHead]), keys[l]), scale);
        const attended = tf.reshape(tf.matMul<Tensor3D>(tf.softmax(scores), values[l]), [B, D]) as Tensor2D;
        const x1 = tf.add(x, tf.add(tf.matMul<Tensor2D>(attended, block.projWeight), block.projBias)) as Tensor2D;
        x = mlpSublayer(tf, x1, block).x;
      });
      const hidden = layerNormForward(tf, x, w.finalLnGain, w.finalLnBias).y;
      return { logits: tf.matMul<Tensor2D>(hidden, this.outputWeight), keys, values };
    });
    for (const t of [...previousKeys, ...previousValues]) t?.dispose();
    this.keys = out.keys;
    this.values = out.values;
    this.position++;
    const logits = out.logits.dataSync() as Float32Array;
    out.logits.dispose();
    return logits;
  }

  /** Frees the cached keys and values and the uploaded weights. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [...this.keys, ...this.values, ...allTensors(this.weights), this.outputWeight]) t?.dispose();
    this.keys = [];
    this.values = [];
  }
}
