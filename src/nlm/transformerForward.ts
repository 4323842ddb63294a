/**
 * The forward pass of the decoder-only transformer (./transformerParams.ts; GPT-2, Radford
 * et al. 2019, §2.3) over a batch of B token sequences of length T, and its loss.
 *
 *   x₀ = E[ids] + P[0 … T)
 *   block:  a = LN₁(x),  x₁ = x + Attn(a·W_qkv + b_qkv)·W_proj + b_proj        (./causalAttention.ts)
 *           c = LN₂(x₁), x₂ = x₁ + gelu(c·W_in + b_in)·W_out + b_out          (./gelu.ts, ./layerNorm.ts)
 *   logits = LN_f(x_L) · Eᵀ
 *
 * The loss is Hugging Face's causal-LM loss with labels = input ids, the one the paper's
 * fine-tuning minimises: the mean over the B·(T − 1) positions t < T − 1 of the softmax
 * cross-entropy of token t + 1, −log softmax(logits_t)[ids_{t+1}].
 *
 * `forwardTrace` keeps every intermediate the hand-written backward pass
 * (./transformerGradients.ts) needs; all of it lives inside the caller's tf.tidy.
 */
import type { Tensor, Tensor1D, Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";
import { assertInteger, invalid } from "../validate";
import { attentionForward, causalMask, type AttentionSaved, type AttentionShape } from "./causalAttention";
import { geluForward } from "./gelu";
import { layerNormForward, type LayerNormSaved } from "./layerNorm";
import { BLOCK_PARAM_NAMES, type BlockParamName, type TransformerConfig, type TransformerParams } from "./transformerParams";

/** A block's parameters as tensors: 1-D biases and gains, 2-D weights. */
export interface BlockTensors {
  ln1Gain: Tensor1D;
  ln1Bias: Tensor1D;
  qkvWeight: Tensor2D;
  qkvBias: Tensor1D;
  projWeight: Tensor2D;
  projBias: Tensor1D;
  ln2Gain: Tensor1D;
  ln2Bias: Tensor1D;
  mlpInWeight: Tensor2D;
  mlpInBias: Tensor1D;
  mlpOutWeight: Tensor2D;
  mlpOutBias: Tensor1D;
}

export interface TransformerTensors {
  config: TransformerConfig;
  tokenEmbedding: Tensor2D;
  positionEmbedding: Tensor2D;
  blocks: BlockTensors[];
  finalLnGain: Tensor1D;
  finalLnBias: Tensor1D;
}

/** The parameters uploaded as tensors (to be disposed by the caller). */
export function transformerTensors(tf: Tf, p: TransformerParams): TransformerTensors {
  const { vocabSize: V, contextLength: C, dModel: D, ffHidden: F } = p.config;
  const shapes: Record<BlockParamName, number[]> = {
    ln1Gain: [D],
    ln1Bias: [D],
    qkvWeight: [D, 3 * D],
    qkvBias: [3 * D],
    projWeight: [D, D],
    projBias: [D],
    ln2Gain: [D],
    ln2Bias: [D],
    mlpInWeight: [D, F],
    mlpInBias: [F],
    mlpOutWeight: [F, D],
    mlpOutBias: [D],
  };
  const blocks = p.blocks.map((b) => {
    const out = {} as BlockTensors;
    for (const name of BLOCK_PARAM_NAMES) (out as unknown as Record<BlockParamName, Tensor>)[name] = tf.tensor(b[name], shapes[name]);
    return out;
  });
  return {
    config: p.config,
    tokenEmbedding: tf.tensor2d(p.tokenEmbedding, [V, D]),
    positionEmbedding: tf.tensor2d(p.positionEmbedding, [C, D]),
    blocks,
    finalLnGain: tf.tensor1d(p.finalLnGain),
    finalLnBias: tf.tensor1d(p.finalLnBias),
  };
}

/** Every tensor of `w`, for disposal. */
export function allTensors(w: TransformerTensors): (Tensor1D | Tensor2D)[] {
  return [w.tokenEmbedding, w.positionEmbedding, ...w.blocks.flatMap((b) => BLOCK_PARAM_NAMES.map((n) => b[n])), w.finalLnGain, w.finalLnBias];
}

/**
 * The length T of `batch` sequences laid end to end in `ids`, after checking the ids are
 * tokens of the vocabulary and T fits the context. `minLength` is 2 for a loss (one
 * prediction at least).
 */
export function sequenceLength(ids: Int32Array, batch: number, config: TransformerConfig, minLength = 1): number {
  assertInteger(batch, "batch", 1);
  const length = ids.length / batch;
  if (!Number.isInteger(length)) invalid("ids.length", `a multiple of batch = ${batch}`, ids.length);
  assertInteger(length, "sequence length (ids.length / batch)", minLength, config.contextLength);
  for (let i = 0; i < ids.length; i++) {
    if (!(ids[i] >= 0 && ids[i] < config.vocabSize)) invalid(`ids[${i}]`, `a token id in [0, ${config.vocabSize - 1}]`, ids[i]);
  }
  return length;
}

/** What a block's backward pass needs. */
export interface BlockTrace {
  ln1: LayerNormSaved;
  /** LN₁(x), the input of the qkv projection. */
  attentionInput: Tensor2D;
  attention: AttentionSaved;
  /** The heads' merged output, the input of the projection. */
  attentionOutput: Tensor2D;
  ln2: LayerNormSaved;
  mlpInput: Tensor2D;
  /** c·W_in + b_in, before the GELU. */
  mlpPreActivation: Tensor2D;
  mlpActivation: Tensor2D;
  /** tanh u of the GELU at mlpPreActivation (./gelu.ts). */
  mlpTanh: Tensor2D;
}

export interface ForwardTrace {
  shape: AttentionShape;
  /** The ids as an int32 tensor [B·T]. */
  ids: Tensor1D;
  blocks: BlockTrace[];
  finalLn: LayerNormSaved;
  /** LN_f(x_L), [B·T, D]: the input of the tied output layer. */
  finalHidden: Tensor2D;
  /** [B·T, V] */
  logits: Tensor2D;
}

/** What the MLP half of a block computes: x₂ = x₁ + gelu(LN₂(x₁)·W_in + b_in)·W_out + b_out. */
export interface MlpSublayer {
  x: Tensor2D;
  ln2: LayerNormSaved;
  mlpInput: Tensor2D;
  mlpPreActivation: Tensor2D;
  mlpActivation: Tensor2D;
  mlpTanh: Tensor2D;
}

/** The MLP half of a block on rows `x1` (any number of positions: the KV cache feeds one). */
export function mlpSublayer(tf: Tf, x1: Tensor2D, w: BlockTensors): MlpSublayer {
  const ln2 = layerNormForward(tf, x1, w.ln2Gain, w.ln2Bias);
  const mlpPreActivation = tf.add(tf.matMul<Tensor2D>(ln2.y, w.mlpInWeight), w.mlpInBias) as Tensor2D;
  const { y: mlpActivation, tanh: mlpTanh } = geluForward(tf, mlpPreActivation);
  const x = tf.add(x1, tf.add(tf.matMul<Tensor2D>(mlpActivation, w.mlpOutWeight), w.mlpOutBias)) as Tensor2D;
  return { x, ln2: ln2.saved, mlpInput: ln2.y, mlpPreActivation, mlpActivation, mlpTanh };
}

function blockForward(tf: Tf, x: Tensor2D, w: BlockTensors, mask: Tensor2D, shape: AttentionShape): { x: Tensor2D; trace: BlockTrace } {
  const ln1 = layerNormForward(tf, x, w.ln1Gain, w.ln1Bias);
  const qkv = tf.add(tf.matMul<Tensor2D>(ln1.y, w.qkvWeight), w.qkvBias) as Tensor2D;
  const attention = attentionForward(tf, qkv, mask, shape);
  const x1 = tf.add(x, tf.add(tf.matMul<Tensor2D>(attention.out, w.projWeight), w.projBias)) as Tensor2D;
  const { x: x2, ...mlp } = mlpSublayer(tf, x1, w);
  return {
    x: x2,
    trace: { ln1: ln1.saved, attentionInput: ln1.y, attention: attention.saved, attentionOutput: attention.out, ...mlp },
  };
}

/** The forward pass of `batch` sequences of `ids`, keeping its intermediates (call inside tf.tidy). */
export function forwardTrace(tf: Tf, w: TransformerTensors, ids: Int32Array, batch: number): ForwardTrace {
  const length = sequenceLength(ids, batch, w.config);
  const D = w.config.dModel;
  const shape: AttentionShape = { batch, length, heads: w.config.heads };
  const idTensor = tf.tensor1d(ids, "int32");
  const positions = tf.slice(w.positionEmbedding, [0, 0], [length, D]);
  const embedded = tf.add(tf.reshape(tf.gather(w.tokenEmbedding, idTensor), [batch, length, D]), positions);
  let x = tf.reshape(embedded, [batch * length, D]) as Tensor2D;
  const mask = causalMask(tf, length);
  const blocks: BlockTrace[] = [];
  for (const block of w.blocks) {
    const out = blockForward(tf, x, block, mask, shape);
    x = out.x;
    blocks.push(out.trace);
  }
  const finalLn = layerNormForward(tf, x, w.finalLnGain, w.finalLnBias);
  const logits = tf.matMul<Tensor2D>(finalLn.y, tf.transpose(w.tokenEmbedding));
  return { shape, ids: idTensor, blocks, finalLn: finalLn.saved, finalHidden: finalLn.y, logits };
}

/**
 * The next-token targets of the flattened batch: position t of a sequence predicts token
 * t + 1 with weight 1 / (B·(T − 1)); the last position of each sequence has weight 0.
 */
export function nextTokenTargets(ids: Int32Array, batch: number, length: number): { targets: Int32Array; weights: Float32Array } {
  const targets = new Int32Array(ids.length);
  const weights = new Float32Array(ids.length);
  const w = 1 / (batch * (length - 1));
  for (let b = 0; b < batch; b++) {
    for (let t = 0; t + 1 < length; t++) {
      targets[b * length + t] = ids[b * length + t + 1];
      weights[b * length + t] = w;
    }
  }
  return { targets, weights };
}

/** The weighted cross-entropy and the softmax it came from, which the backward pass reuses. */
export interface CrossEntropy {
  /** Σ_n weight_n (logsumexp(logits_n) − logits_n[target_n]), summed in float64. */
  loss: number;
  /** softmax(logits), [rows, V]. */
  probabilities: Tensor2D;
}

/**
 * Below this a target's float32 probability may have lost digits to underflow (normal
 * floats end at 1.2e-38), and its row's loss is taken from the logits instead.
 */
const SMALLEST_TRUSTED_PROBABILITY = 1e-30;

/**
 * The weighted softmax cross-entropy of `logits` ([rows, V]) against `targets`, from one
 * softmax and a gather of the targets' probabilities, −log p_target, never a one-hot: on
 * wasm at [4096, 8192] tf.logSumExp costs 325 ms (its Exp kernel alone 244 ms, a scalar
 * loop) where the fused Softmax kernel costs 44–120 ms, and the one-hot product (a 134 MB
 * int32 one-hot, cast, multiplied and summed) another ≈ 200 ms. A row whose target's
 * probability underflows (a loss above ≈ 69 nats) gets logsumexp − logit from its logits.
 */
export function weightedCrossEntropy(tf: Tf, logits: Tensor2D, targets: Int32Array, weights: Float32Array): CrossEntropy {
  const [rows, V] = logits.shape;
  const probabilities = tf.softmax(logits) as Tensor2D;
  const flatTargets = new Int32Array(rows);
  for (let n = 0; n < rows; n++) flatTargets[n] = n * V + targets[n];
  const picked = tf.gather(tf.reshape(probabilities, [-1]), tf.tensor1d(flatTargets, "int32")).dataSync();
  let loss = 0;
  const underflowed: number[] = [];
  for (let n = 0; n < rows; n++) {
    if (weights[n] === 0) continue;
    if (picked[n] >= SMALLEST_TRUSTED_PROBABILITY) loss -= weights[n] * Math.log(picked[n]);
    else underflowed.push(n);
  }
  if (underflowed.length > 0) {
    const rowIds = tf.tensor1d(underflowed, "int32");
    const lse = tf.logSumExp(tf.gather(logits, rowIds), 1).dataSync();
    const logit = tf.gather(tf.reshape(logits, [-1]), tf.tensor1d(underflowed.map((n) => flatTargets[n]), "int32")).dataSync();
    underflowed.forEach((n, i) => (loss += weights[n] * (lse[i] - logit[i])));
  }
  return { loss, probabilities };
}

/** The logits of every position, [B, T, V] row-major, for `batch` sequences laid end to end in `ids`. */
export function transformerLogits(tf: Tf, p: TransformerParams, ids: Int32Array, batch: number): Float32Array {
  let logits: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const w = transformerTensors(tf, p);
    logits = forwardTrace(tf, w, ids, batch).logits.dataSync() as Float32Array;
  });
  return logits;
}

/** The mean next-token cross-entropy (nats) of `batch` sequences laid end to end in `ids`. */
export function nextTokenLoss(tf: Tf, p: TransformerParams, ids: Int32Array, batch: number): number {
  const length = sequenceLength(ids, batch, p.config, 2);
  let loss = NaN;
  tf.tidy(() => {
    const w = transformerTensors(tf, p);
    const { targets, weights } = nextTokenTargets(ids, batch, length);
    loss = weightedCrossEntropy(tf, forwardTrace(tf, w, ids, batch).logits, targets, weights).loss;
  });
  return loss;
}
