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
 *
 * The cached keys and values are kept in JavaScript as well as on the backend. A step
 * attends over the cached positions and its own new one separately (one softmax over the
 * concatenated scores, which are small) and only downloads the new keys and values; the
 * next step or reorder writes them after each row's run in JavaScript, moving rows at the
 * same time, and uploads the result. A tf.concat onto the cache copied it on the backend
 * every step and a reorder downloaded, permuted and uploaded it again: for 320 rows at
 * position ≈ 100 of the default 128-wide, 2-layer model, 45 ms of concat plus 45 ms of
 * reorder a step, against ≈ 25 ms for this one copy and upload.
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
  /**
   * Per layer: keys [B·H, d_head, t] and values [B·H, t, d_head] of the positions before the
   * last step, on the backend (null while there are none) and in JavaScript.
   */
  private keys: (Tensor3D | null)[];
  private values: (Tensor3D | null)[];
  private keyData: Float32Array[];
  private valueData: Float32Array[];
  /**
   * Two buffers per layer and kind, written in turn: a step's writes go to the one whose
   * tensor was disposed at the step before, so fresh 12 MB arrays are not allocated, and
   * page-faulted in, at every step.
   */
  private buffers: Float32Array[][] = [[], []];
  private turn = 0;
  /** Positions in keys/values: `position` or, while the last step's are pending, one less. */
  private stored = 0;
  /** Per layer: the last step's keys and values, [B, dModel] row-major; empty once stored. */
  private pendingKeys: Float32Array[] = [];
  private pendingValues: Float32Array[] = [];
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
    this.keyData = new Array(p.config.layers).fill(new Float32Array(0));
    this.valueData = new Array(p.config.layers).fill(new Float32Array(0));
  }

  get batch(): number {
    return this.rows;
  }

  /**
   * Makes sequence b a copy of the cached sequence rows[b], for b < rows.length: beam search
   * moves each chosen extension under its parent's keys and values, and its first step
   * fans each prompt, fed once, out to all its beams, so the batch may grow or shrink.
   * Sequence b's keys and values are one contiguous run of each tensor (its H heads), so
   * the rows are permuted in JavaScript, with the last step's keys and values, and
   * uploaded again: on the wasm backend one tf.gather per tensor is about 7 times slower
   * (518 ms against 69 ms for 500 rows of 64 positions, downloading included).
   */
  reorder(rows: ArrayLike<number>): void {
    if (this.disposed) throw new Error("KvCache.reorder after dispose");
    assertInteger(rows.length, "rows.length", 1);
    for (let b = 0; b < rows.length; b++) assertInteger(rows[b], `rows[${b}]`, 0, this.rows - 1);
    this.store(Int32Array.from(rows));
  }

  /**
   * Writes the pending keys and values after the stored ones, making row b a copy of row
   * rows[b], and uploads the result.
   */
  private store(rows: Int32Array): void {
    const { heads: H, dModel: D } = this.weights.config;
    const dHead = D / H;
    const t = this.stored;
    const next = this.pendingKeys.length > 0 ? t + 1 : t;
    if (next === 0) {
      this.rows = rows.length;
      return;
    }
    const B = rows.length;
    const layers = this.keys.length;
    const size = B * D * next;
    const pool = this.buffers[this.turn];
    this.turn = 1 - this.turn;
    for (let l = 0; l < layers; l++) {
      const oldKeys = this.keyData[l];
      const oldValues = this.valueData[l];
      for (const i of [2 * l, 2 * l + 1]) if (!(pool[i]?.length >= size)) pool[i] = new Float32Array(Math.max(size, B * D * this.weights.config.contextLength));
      const keys = pool[2 * l].subarray(0, size);
      const values = pool[2 * l + 1].subarray(0, size);
      const newKeys = this.pendingKeys[l];
      const newValues = this.pendingValues[l];
      for (let b = 0; b < B; b++) {
        const r = rows[b];
        if (next === t) {
          keys.set(oldKeys.subarray(r * D * t, (r + 1) * D * t), b * D * t);
          values.set(oldValues.subarray(r * D * t, (r + 1) * D * t), b * D * t);
          continue;
        }
        // Keys [B·H, d_head, t]: each of the row's D (head, dimension) runs grows by one.
        for (let j = 0; j < D; j++) {
          const to = (b * D + j) * next;
          if (t > 0) keys.set(oldKeys.subarray((r * D + j) * t, (r * D + j + 1) * t), to);
          keys[to + t] = newKeys[r * D + j];
        }
        // Values [B·H, t, d_head]: each head's run of t·d_head grows by one position.
        for (let h = 0; h < H; h++) {
          const to = (b * H + h) * next * dHead;
          if (t > 0) values.set(oldValues.subarray((r * H + h) * t * dHead, (r * H + h + 1) * t * dHead), to);
          values.set(newValues.subarray(r * D + h * dHead, r * D + (h + 1) * dHead), to + t * dHead);
        }
      }
      this.keys[l]?.dispose();
      this.values[l]?.dispose();
      this.keys[l] = this.tf.tensor3d(keys, [B * H, dHead, next]);
      this.values[l] = this.tf.tensor3d(values, [B * H, next, dHead]);
      this.keyData[l] = keys;
      this.valueData[l] = values;
    }
    this.pendingKeys = [];
    this.pendingValues = [];
    this.stored = next;
    this.rows = B;
  }

  /**
   * Feeds one token per sequence (`tokens[b]` for sequence b) at the current position and
   * returns the logits of the next token, [batch, vocabSize] row-major.
   */
  step(tokens: ArrayLike<number>): Float32Array {
    const logits = this.stepTensor(tokens);
    const data = logits.dataSync() as Float32Array;
    logits.dispose();
    return data;
  }

  /** As `step`, but returns the logits as a tensor [batch, vocabSize], which the caller disposes. */
  stepTensor(tokens: ArrayLike<number>): Tensor2D {
    const { tf, weights: w, batch: B } = this;
    const { vocabSize: V, contextLength: C, dModel: D, heads: H } = w.config;
    if (this.disposed) throw new Error("KvCache.step after dispose");
    if (this.position >= C) invalid("position", `below contextLength = ${C} (the model has no position embedding beyond it)`, this.position);
    if (tokens.length !== B) invalid("tokens.length", `batch = ${B}`, tokens.length);
    for (let b = 0; b < B; b++) if (!(Number.isInteger(tokens[b]) && tokens[b] >= 0 && tokens[b] < V)) invalid(`tokens[${b}]`, `a token id in [0, ${V - 1}]`, tokens[b]);
    if (this.pendingKeys.length > 0) this.store(Int32Array.from({ length: B }, (_, b) => b));
    const dHead = D / H;
    const scale = 1 / Math.sqrt(dHead);
    const position = this.position;
    const t = this.stored;
    const out = tf.tidy(() => {
      const ids = tf.tensor1d(Int32Array.from(tokens), "int32");
      let x = tf.add(tf.gather(w.tokenEmbedding, ids), tf.slice(w.positionEmbedding, [position, 0], [1, D])) as Tensor2D;
      const keys: Tensor2D[] = [];
      const values: Tensor2D[] = [];
      w.blocks.forEach((block, l) => {
        const ln1 = layerNormForward(tf, x, block.ln1Gain, block.ln1Bias);
        const qkv = tf.add(tf.matMul<Tensor2D>(ln1.y, block.qkvWeight), block.qkvBias) as Tensor2D;
        const [q2, k, v] = tf.split(qkv, 3, 1) as Tensor2D[];
        keys.push(k);
        values.push(v);
        const q = tf.reshape(q2, [B * H, 1, dHead]) as Tensor3D;
        const newKey = tf.reshape(k, [B * H, dHead, 1]) as Tensor3D;
        const newValue = tf.reshape(v, [B * H, 1, dHead]) as Tensor3D;
        const ownScore = tf.matMul<Tensor3D>(q, newKey);
        let attended: Tensor3D;
        const cachedKeys = this.keys[l];
        const cachedValues = this.values[l];
        if (t > 0 && cachedKeys && cachedValues) {
          const scores = tf.mul(tf.concat([tf.matMul<Tensor3D>(q, cachedKeys), ownScore], 2), scale);
          const [cached, own] = tf.split(tf.softmax(scores), [t, 1], 2) as Tensor3D[];
          attended = tf.add(tf.matMul<Tensor3D>(cached, cachedValues), tf.mul(own, newValue));
        } else {
          attended = newValue;
        }
        const x1 = tf.add(x, tf.add(tf.matMul<Tensor2D>(tf.reshape(attended, [B, D]), block.projWeight), block.projBias)) as Tensor2D;
        x = mlpSublayer(tf, x1, block).x;
      });
      const hidden = layerNormForward(tf, x, w.finalLnGain, w.finalLnBias).y;
      return { logits: tf.matMul<Tensor2D>(hidden, this.outputWeight), keys, values };
    });
    this.pendingKeys = out.keys.map((k) => k.dataSync() as Float32Array);
    this.pendingValues = out.values.map((v) => v.dataSync() as Float32Array);
    for (const k of [...out.keys, ...out.values]) k.dispose();
    this.position++;
    return out.logits;
  }

  /** Frees the cached keys and values and the uploaded weights. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of [...this.keys, ...this.values, ...allTensors(this.weights), this.outputWeight]) t?.dispose();
    this.keys = [];
    this.values = [];
    this.keyData = [];
    this.valueData = [];
    this.pendingKeys = [];
    this.pendingValues = [];
    this.buffers = [];
  }
}
