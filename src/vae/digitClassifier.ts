/**
 * A digit classifier trained on the real MNIST training digits, to say what a VAE's
 * samples *are* (chapter 6, beyond the paper): an MLP 784 → 256 → 10 with ReLU, softmax
 * cross-entropy, Adam, the backward pass written out (as the VAE's, ./vaeGradients.ts):
 *   p = softmax(ℓ), ℓ = h·W2 + b2, h = relu(x·W1 + b1);  dℓ = (p − onehot(y)) / B;
 *   dW2 = hᵀdℓ;  dh = dℓ·W2ᵀ ⊙ 1[x·W1 + b1 > 0];  dW1 = xᵀdh.
 * Its accuracy on the real test digits is reported next to every class histogram, since a
 * histogram of labels is only as good as the classifier that wrote them.
 */
import type { ImageSet } from "../data/mnist";
import type { Rng } from "../random/rng";
import { shuffleIndices } from "../random/shuffle";
import { assertInteger, invalid } from "../validate";
import { Adam, type AdamOptions } from "./adam";
import { forwardInBatches } from "./forwardInBatches";
import type { Tf } from "./tensorflow";

export interface DigitClassifier {
  input: number;
  hidden: number;
  /** w1, b1, w2, b2 in that order; the four arrays below are views on it. */
  flat: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

export const CLASSES = 10;

export interface TrainClassifierOptions {
  epochs?: number;
  batchSize?: number;
  hidden?: number;
  adam?: AdamOptions;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** A classifier with weights and biases uniform in ±1/√fan_in, as PyTorch's nn.Linear. */
function initClassifier(input: number, hidden: number, rng: Rng): DigitClassifier {
  const sizes = [input * hidden, hidden, hidden * CLASSES, CLASSES];
  const fanIn = [input, input, hidden, hidden];
  const flat = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  const views: Float32Array[] = [];
  let at = 0;
  sizes.forEach((n, k) => {
    const view = flat.subarray(at, at + n);
    const bound = 1 / Math.sqrt(fanIn[k]);
    for (let i = 0; i < n; i++) view[i] = (2 * rng.uniform() - 1) * bound;
    views.push(view);
    at += n;
  });
  return { input, hidden, flat, w1: views[0], b1: views[1], w2: views[2], b2: views[3] };
}

/** One step's gradient (mean cross-entropy over the batch) into `grad` (laid out as `flat`); returns the summed loss. */
function classifierGradients(tf: Tf, c: DigitClassifier, x: Float32Array, labels: Uint8Array, grad: Float32Array): number {
  const B = labels.length;
  const { input: D, hidden: H } = c;
  let loss = NaN;
  // Results leave through closures: a tidy returning typed arrays walks every element.
  tf.tidy(() => {
    const xt = tf.tensor2d(x, [B, D]);
    const w1 = tf.tensor2d(c.w1, [D, H]);
    const w2 = tf.tensor2d(c.w2, [H, CLASSES]);
    const a1 = tf.add(tf.matMul(xt, w1), tf.tensor2d(c.b1, [1, H]));
    const h = tf.relu(a1);
    const logits = tf.add(tf.matMul(h, w2), tf.tensor2d(c.b2, [1, CLASSES]));
    const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), CLASSES);
    const logP = tf.logSoftmax(logits);
    loss = -tf.sum(tf.mul(oneHot, logP)).dataSync()[0];
    const dLogits = tf.div(tf.sub(tf.exp(logP), oneHot), B);
    const dW2 = tf.matMul(tf.transpose(h), dLogits);
    const dA1 = tf.mul(tf.matMul(dLogits, tf.transpose(w2)), tf.step(a1));
    const dW1 = tf.matMul(tf.transpose(xt), dA1);
    const parts = [dW1, tf.sum(dA1, 0), dW2, tf.sum(dLogits, 0)];
    grad.set(tf.concat(parts.map((t) => tf.reshape(t, [-1]))).dataSync() as Float32Array);
  });
  return loss;
}

/** Trains the classifier on labelled images (the real training digits). */
export function trainDigitClassifier(tf: Tf, data: ImageSet, rng: Rng, options: TrainClassifierOptions = {}): DigitClassifier {
  const epochs = options.epochs ?? 3;
  const batchSize = options.batchSize ?? 128;
  const hidden = options.hidden ?? 256;
  assertInteger(epochs, "epochs", 1);
  assertInteger(batchSize, "batchSize", 1);
  assertInteger(hidden, "hidden", 1);
  if (!data.labels) invalid("data.labels", "the digits' labels (a classifier trains on labelled real digits)", undefined);
  const D = data.pixels.length / data.count;
  const c = initClassifier(D, hidden, rng);
  const grad = new Float32Array(c.flat.length);
  const adam = new Adam(c.flat.length, { weightDecay: 0, ...options.adam });
  const order = new Int32Array(data.count);
  const x = new Float32Array(batchSize * D);
  const y = new Uint8Array(batchSize);
  const steps = Math.ceil(data.count / batchSize);
  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffleIndices(order, rng);
    for (let s = 0; s < steps; s++) {
      if (options.signal?.aborted) throw new Error("training aborted");
      const start = s * batchSize;
      const rows = Math.min(batchSize, data.count - start);
      for (let r = 0; r < rows; r++) {
        const j = order[start + r];
        x.set(data.pixels.subarray(j * D, (j + 1) * D), r * D);
        y[r] = data.labels![j];
      }
      classifierGradients(tf, c, x.subarray(0, rows * D), y.subarray(0, rows), grad);
      adam.step(c.flat, grad);
      options.onProgress?.((epoch * steps + s + 1) / (epochs * steps));
    }
  }
  return c;
}

/** The predicted digit (arg max of the logits) of every image. */
export function classifyDigits(tf: Tf, c: DigitClassifier, images: ImageSet): Uint8Array {
  const { input: D, hidden: H } = c;
  const out = new Uint8Array(images.count);
  tf.tidy(() => {
    const w1 = tf.tensor2d(c.w1, [D, H]);
    const b1 = tf.tensor2d(c.b1, [1, H]);
    const w2 = tf.tensor2d(c.w2, [H, CLASSES]);
    const b2 = tf.tensor2d(c.b2, [1, CLASSES]);
    forwardInBatches(tf, images.pixels, images.count, D, (x) => tf.argMax(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1), b1)), w2), b2), 1), (values, start) => out.set(values, start));
  });
  return out;
}

/** Fraction of `images` (which must carry labels) the classifier labels correctly. */
export function classifierAccuracy(tf: Tf, c: DigitClassifier, images: ImageSet): number {
  if (!images.labels) invalid("images.labels", "the true labels", undefined);
  const pred = classifyDigits(tf, c, images);
  let right = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === images.labels![i]) right++;
  return right / pred.length;
}
