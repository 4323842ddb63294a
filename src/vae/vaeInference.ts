/**
 * The trained VAE used forward only, in batches: sampling images (z ~ N(0, I) through the
 * decoder, keeping the decoder's mean image — the official code's samples, with no pixel
 * noise) and the encoder's latent means, which the paper's latent-density figure reads
 * with the generation-0 encoder (docs/theory.md#vae).
 */
import type { ImageSet } from "../data/mnist";
import type { Rng } from "../random/rng";
import { assertInteger } from "../validate";
import { forwardInBatches } from "./forwardInBatches";
import type { Tf } from "./tensorflow";
import type { VaeParams } from "./vaeParams";
import { paramShapes } from "./vaeParams";

/** The decoder's mean images x̂ = σ(relu(z·W3 + b3)·W4 + b4) for `count` latent rows of `z`. */
export function decodeMeans(tf: Tf, p: VaeParams, z: Float32Array, count: number): Float32Array {
  const { input: D, latent: L } = p.sizes;
  const s = paramShapes(p.sizes);
  const out = new Float32Array(count * D);
  tf.tidy(() => {
    const w3 = tf.tensor2d(p.w3, s.w3);
    const b3 = tf.tensor2d(p.b3, s.b3);
    const w4 = tf.tensor2d(p.w4, s.w4);
    const b4 = tf.tensor2d(p.b4, s.b4);
    forwardInBatches(tf, z, count, L, (zt) => tf.sigmoid(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(zt, w3), b3)), w4), b4)), (values, start) => out.set(values, start * D));
  });
  return out;
}

/** `n` new images from the VAE: z ~ N(0, I) from `rng`, decoded to the mean image. */
export function sampleVae(tf: Tf, p: VaeParams, n: number, rng: Rng): ImageSet {
  assertInteger(n, "n (images to sample)", 1);
  const z = new Float32Array(n * p.sizes.latent);
  rng.fillNormal(z);
  return { count: n, pixels: decodeMeans(tf, p, z, n) };
}

/** The encoder's means μ(x) (count × latent, row-major) for every image of `images`. */
export function encodeMeans(tf: Tf, p: VaeParams, images: ImageSet): Float32Array {
  const { input: D, hidden: H, latent: L } = p.sizes;
  const s = paramShapes(p.sizes);
  const out = new Float32Array(images.count * L);
  tf.tidy(() => {
    const w1 = tf.tensor2d(p.w1, s.w1);
    const b1 = tf.tensor2d(p.b1, s.b1);
    // Only the μ half of W2 and b2: columns 0 … L−1.
    const w2 = tf.slice(tf.tensor2d(p.w2, s.w2), [0, 0], [H, L]);
    const b2 = tf.slice(tf.tensor2d(p.b2, s.b2), [0, 0], [1, L]);
    forwardInBatches(tf, images.pixels, images.count, D, (x) => tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2), (values, start) => out.set(values, start * L));
  });
  return out;
}
