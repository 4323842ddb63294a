/**
 * The gradient of the next-token loss (./transformerForward.ts) with respect to every
 * parameter, written out by hand as chapter 6 does (../vae/vaeGradients.ts): the wasm
 * backend registers no gradients, and a hand-written pass lets every matMul take
 * explicitly transposed operands. Backward, from the top:
 *
 *   dlogits = (softmax(logits) − onehot(targets)) ⊙ weight     the fused softmax-cross-entropy gradient
 *   dE     += dlogitsᵀ · h_f,   dh_f = dlogits · E               the tied output layer (dlogits itself is never formed)
 *   LN_f, then each block in reverse (y = x + f(x) passes dy to both x and f):
 *     MLP:   dW_out = gᵀ dm,  dg = dm W_outᵀ,  dpre = gelu′ ⊙ dg,  dW_in = cᵀ dpre,  dc = dpre W_inᵀ
 *     Attn:  dW_proj = oᵀ dz,  do = dz W_projᵀ,  dqkv (./causalAttention.ts),  dW_qkv = aᵀ dqkv,  da = dqkv W_qkvᵀ
 *   dE     += Σ over positions holding each token of dx₀  (tf.scatterND, which sums repeated ids)
 *   dP[t]   = Σ_b dx₀[b, t] for t < T, 0 for the positions the batch did not reach
 * A bias's gradient is the column sum of its layer's output gradient.
 */
import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "../vae/tensorflow";
import { attentionBackward, type AttentionShape } from "./causalAttention";
import { geluBackward } from "./gelu";
import { columnSum, layerNormBackward } from "./layerNorm";
import { forwardTrace, nextTokenTargets, sequenceLength, transformerTensors, weightedCrossEntropy, type BlockTensors, type BlockTrace } from "./transformerForward";
import { BLOCK_PARAM_NAMES, parameterLayout, type BlockParamName, type TransformerParams } from "./transformerParams";

export interface TransformerLossAndGradients {
  /** Mean next-token cross-entropy, nats. */
  loss: number;
  /** d loss / dθ, laid out as TransformerParams.flat (parameterLayout order). */
  grad: Float32Array;
}

/**
 * xᵀ for a [R, C] tensor, in two passes over [R/128, 128, C/64, 64] blocks when the shape
 * allows: the wasm Transpose kernel walks the output in order and strides the input, which
 * at [4096, 8192] costs 460 ms as one 2-D transpose and 177 ms as a swap of the blocks
 * followed by a transpose of each block within its 32 KB (measured; 128 × 64 was the best
 * of the block shapes tried, 64 × 128 277 ms, 32 × 256 412 ms).
 */
export function blockedTranspose(tf: Tf, x: Tensor2D): Tensor2D {
  const [R, C] = x.shape;
  const r = 128;
  const c = 64;
  if (R % r !== 0 || C % c !== 0) return tf.transpose(x);
  const blocks = tf.transpose(tf.reshape(x, [R / r, r, C / c, c]), [0, 2, 1, 3]);
  return tf.reshape(tf.transpose(blocks, [1, 3, 0, 2]), [C, R]);
}

/** The gradients of one block's parameters and of its input, from that of its output. */
function blockBackward(tf: Tf, dx2: Tensor2D, w: BlockTensors, trace: BlockTrace, shape: AttentionShape): { dx: Tensor2D; grads: Record<BlockParamName, Tensor> } {
  const dMlpOut = dx2;
  const dActivation = tf.matMul<Tensor2D>(dMlpOut, tf.transpose(w.mlpOutWeight));
  const dPre = geluBackward(tf, dActivation, trace.mlpPreActivation, trace.mlpTanh);
  const dMlpInput = tf.matMul<Tensor2D>(dPre, tf.transpose(w.mlpInWeight));
  const ln2 = layerNormBackward(tf, dMlpInput, w.ln2Gain, trace.ln2);
  const dx1 = tf.add(dx2, ln2.dx) as Tensor2D;
  const dAttentionOutput = tf.matMul<Tensor2D>(dx1, tf.transpose(w.projWeight));
  const dQkv = attentionBackward(tf, dAttentionOutput, trace.attention, shape);
  const dAttentionInput = tf.matMul<Tensor2D>(dQkv, tf.transpose(w.qkvWeight));
  const ln1 = layerNormBackward(tf, dAttentionInput, w.ln1Gain, trace.ln1);
  return {
    dx: tf.add(dx1, ln1.dx) as Tensor2D,
    grads: {
      ln1Gain: ln1.dGain,
      ln1Bias: ln1.dBias,
      qkvWeight: tf.matMul<Tensor2D>(tf.transpose(trace.attentionInput), dQkv),
      qkvBias: columnSum(tf, dQkv),
      projWeight: tf.matMul<Tensor2D>(tf.transpose(trace.attentionOutput), dx1),
      projBias: columnSum(tf, dx1),
      ln2Gain: ln2.dGain,
      ln2Bias: ln2.dBias,
      mlpInWeight: tf.matMul<Tensor2D>(tf.transpose(trace.mlpInput), dPre),
      mlpInBias: columnSum(tf, dPre),
      mlpOutWeight: tf.matMul<Tensor2D>(tf.transpose(trace.mlpActivation), dMlpOut),
      mlpOutBias: columnSum(tf, dMlpOut),
    },
  };
}

/** The mean next-token loss of `batch` sequences laid end to end in `ids`, and its gradient. */
export function transformerLossAndGradients(tf: Tf, p: TransformerParams, ids: Int32Array, batch: number): TransformerLossAndGradients {
  const length = sequenceLength(ids, batch, p.config, 2);
  const { vocabSize: V, contextLength: C, dModel: D } = p.config;
  const { targets, weights } = nextTokenTargets(ids, batch, length);
  // The result leaves the tidy through this variable, as in ../vae/vaeGradients.ts: a tidy
  // returning a typed array would walk its elements looking for tensors.
  let result: TransformerLossAndGradients = { loss: NaN, grad: new Float32Array(0) };
  tf.tidy(() => {
    const w = transformerTensors(tf, p);
    const trace = forwardTrace(tf, w, ids, batch);
    const { loss, probabilities } = weightedCrossEntropy(tf, trace.logits, targets, weights);

    // dlogits = (p − onehot) ⊙ weight is never formed: its two products are taken apart,
    //   dlogits · E  = weight ⊙ (p·E − E[targets])
    //   dlogitsᵀ · h = pᵀ·(weight ⊙ h) − Σ_n onehot(target_n)·(weight_n h_n)   (a scatter, below)
    // so no [B·T, V] tensor is computed after the softmax but the transposed pᵀ, the operand
    // the product needs on the left (matMul's transpose flags are 10× slower on wasm).
    const targetIds = tf.tensor1d(targets, "int32");
    const weightColumn = tf.reshape(tf.tensor1d(weights), [-1, 1]);
    const weightedHidden = tf.mul(trace.finalHidden, weightColumn) as Tensor2D;
    const dOutputEmbedding = tf.matMul<Tensor2D>(blockedTranspose(tf, probabilities), weightedHidden);
    const dFinalHidden = tf.mul(tf.sub(tf.matMul<Tensor2D>(probabilities, w.tokenEmbedding), tf.gather(w.tokenEmbedding, targetIds)), weightColumn) as Tensor2D;
    const finalLn = layerNormBackward(tf, dFinalHidden, w.finalLnGain, trace.finalLn);
    let dx = finalLn.dx;
    const blockGrads: Record<BlockParamName, Tensor>[] = new Array(w.blocks.length);
    for (let l = w.blocks.length - 1; l >= 0; l--) {
      const out = blockBackward(tf, dx, w.blocks[l], trace.blocks[l], trace.shape);
      dx = out.dx;
      blockGrads[l] = out.grads;
    }
    // The input embedding's rows and the output layer's one-hot term in one scatter.
    const rowsOfE = tf.reshape(tf.concat([trace.ids, targetIds]), [-1, 1]);
    const dEmbeddingRows = tf.scatterND(rowsOfE, tf.concat([dx, tf.neg(weightedHidden)]), [V, D]);
    const dPositions = tf.reshape(columnSum(tf, tf.reshape(dx, [batch, length * D])), [length, D]);
    const grads = new Map<string, Tensor>([
      ["tokenEmbedding", tf.add(dOutputEmbedding, dEmbeddingRows)],
      ["positionEmbedding", tf.pad(dPositions, [[0, C - length], [0, 0]])],
      ["finalLnGain", finalLn.dGain],
      ["finalLnBias", finalLn.dBias],
    ]);
    blockGrads.forEach((g, l) => BLOCK_PARAM_NAMES.forEach((name) => grads.set(`blocks.${l}.${name}`, g[name])));
    // One download for every gradient, in the layout of TransformerParams.flat.
    const grad = tf.concat(parameterLayout(p.config).map((e) => tf.reshape(grads.get(e.name) as Tensor, [-1]))).dataSync() as Float32Array;
    result = { loss, grad };
  });
  return result;
}
