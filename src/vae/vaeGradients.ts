/**
 * The VAE's loss and its gradient, written out by hand (docs/theory.md#vae). For a batch
 * x (B × D) with noise ε ~ N(0, I) (B × L), the loss is the official code's sum over the
 * batch of
 *
 *   BCE(x, x̂) = Σ_pixels softplus(ℓ) − x·ℓ,   ℓ = g·W4 + b4 the decoder's logits, x̂ = σ(ℓ)
 *   KL(q(z|x) ‖ N(0, I)) = −½ Σ_latent (1 + log σ² − μ² − σ²)        (Kingma & Welling 2014, appendix B)
 *
 * with the reparameterisation z = μ + σ·ε. BCE on logits equals −[x log x̂ + (1 − x) log(1 − x̂)]
 * without its log(0). Backward pass, ⊙ elementwise, 1[·] the ReLU masks:
 *   dℓ = σ(ℓ) − x;  dW4 = gᵀdℓ;  dg = dℓ·W4ᵀ ⊙ 1[a3 > 0];  dW3 = zᵀdg;  dz = dg·W3ᵀ
 *   dμ = dz + μ;  d log σ² = dz ⊙ ε ⊙ σ/2 + (σ² − 1)/2;  dW2 = hᵀ[dμ, d log σ²];  dh = [dμ, d log σ²]·W2ᵀ ⊙ 1[a1 > 0];  dW1 = xᵀdh
 * Every product takes explicitly transposed operands: the wasm backend's matMul with
 * transpose flags is far slower than a transpose followed by a plain matMul.
 */
import type { Tensor, Tensor2D } from "@tensorflow/tfjs-core";
import type { Tf } from "./tensorflow";
import { PARAM_NAMES, paramShapes, type ParamName, type VaeParams } from "./vaeParams";

export interface VaeLoss {
  /** Summed over the batch. */
  bce: number;
  kl: number;
}

export interface VaeLossAndGradients extends VaeLoss {
  /** d(bce + kl)/dθ, laid out as VaeParams.flat (PARAM_NAMES order). */
  grad: Float32Array;
}

/** The parameters as tensors (to be disposed by the caller's tidy). */
function paramTensors(tf: Tf, p: VaeParams): Record<ParamName, Tensor2D> {
  const shapes = paramShapes(p.sizes);
  const out = {} as Record<ParamName, Tensor2D>;
  for (const name of PARAM_NAMES) out[name] = tf.tensor2d(p[name], shapes[name]);
  return out;
}

/** Loss of a batch (B rows of `x`, B rows of `eps`) and, with `gradients`, its gradient. */
function lossAndMaybeGradients(tf: Tf, p: VaeParams, x: Float32Array, eps: Float32Array, gradients: boolean): VaeLossAndGradients | VaeLoss {
  const { input: D, latent: L } = p.sizes;
  const B = x.length / D;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`x.length must be a positive multiple of ${D} pixels, got ${x.length}`);
  if (eps.length !== B * L) throw new RangeError(`eps.length must be batch × latent = ${B * L}, got ${eps.length}`);
  // The result leaves the tidy through this variable: a tidy that returns typed arrays walks
  // every element of them looking for tensors, which costs more than the step itself.
  let result: VaeLossAndGradients | VaeLoss = { bce: NaN, kl: NaN };
  tf.tidy(() => {
    const w = paramTensors(tf, p);
    const xt = tf.tensor2d(x, [B, D]);
    const e = tf.tensor2d(eps, [B, L]);
    const a1 = tf.add(tf.matMul(xt, w.w1), w.b1);
    const h = tf.relu(a1);
    const enc = tf.add(tf.matMul(h, w.w2), w.b2);
    const [mu, logVar] = tf.split(enc, 2, 1) as Tensor2D[];
    const sd = tf.exp(tf.mul(logVar, 0.5));
    const z = tf.add(mu, tf.mul(sd, e));
    const a3 = tf.add(tf.matMul(z, w.w3), w.b3);
    const g = tf.relu(a3);
    const logits = tf.add(tf.matMul(g, w.w4), w.b4);
    const bce = tf.sum(tf.sub(tf.softplus(logits), tf.mul(xt, logits)));
    const variance = tf.square(sd);
    const kl = tf.mul(tf.sum(tf.sub(tf.sub(tf.add(logVar, 1), tf.square(mu)), variance)), -0.5);
    const both = tf.stack([bce, kl]).dataSync();
    const loss = { bce: both[0], kl: both[1] };
    result = loss;
    if (!gradients) return;

    const dLogits = tf.sub(tf.sigmoid(logits), xt);
    const dW4 = tf.matMul(tf.transpose(g), dLogits);
    const dA3 = tf.mul(tf.matMul(dLogits, tf.transpose(w.w4)), tf.step(a3));
    const dW3 = tf.matMul(tf.transpose(z), dA3);
    const dz = tf.matMul(dA3, tf.transpose(w.w3));
    const dMu = tf.add(dz, mu);
    const dLogVar = tf.add(tf.mul(tf.mul(dz, e), tf.mul(sd, 0.5)), tf.mul(tf.sub(variance, 1), 0.5));
    const dEnc = tf.concat([dMu, dLogVar], 1);
    const dW2 = tf.matMul(tf.transpose(h), dEnc);
    const dA1 = tf.mul(tf.matMul(dEnc, tf.transpose(w.w2)), tf.step(a1));
    const dW1 = tf.matMul(tf.transpose(xt), dA1);
    const parts: Record<ParamName, Tensor> = {
      w1: dW1,
      b1: tf.sum(dA1, 0, true),
      w2: dW2,
      b2: tf.sum(dEnc, 0, true),
      w3: dW3,
      b3: tf.sum(dA3, 0, true),
      w4: dW4,
      b4: tf.sum(dLogits, 0, true),
    };
    // One download for all gradients instead of eight, in the layout of VaeParams.flat.
    result = { ...loss, grad: tf.concat(PARAM_NAMES.map((n) => tf.reshape(parts[n], [-1]))).dataSync() as Float32Array };
  });
  return result;
}

/** The summed BCE and KL of a batch, and their gradient with respect to every parameter. */
export function vaeLossAndGradients(tf: Tf, p: VaeParams, x: Float32Array, eps: Float32Array): VaeLossAndGradients {
  return lossAndMaybeGradients(tf, p, x, eps, true) as VaeLossAndGradients;
}

/** The summed BCE and KL of a batch at noise `eps` (no backward pass). */
export function vaeLoss(tf: Tf, p: VaeParams, x: Float32Array, eps: Float32Array): VaeLoss {
  return lossAndMaybeGradients(tf, p, x, eps, false);
}
