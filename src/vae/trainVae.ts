/**
 * Trains a VAE from scratch on a set of images (docs/theory.md#vae): minibatches of a
 * fresh shuffle each epoch (the last one may be smaller, as PyTorch's DataLoader), noise
 * ε ~ N(0, I) from the project's generator, Adam with weight decay. Every random choice
 * comes from `rng`, so the same seed trains the same model.
 */
import type { ImageSet } from "../data/mnist";
import type { Rng } from "../random/rng";
import { shuffleIndices } from "../random/shuffle";
import { assertInteger, invalid } from "../validate";
import { Adam, PAPER_ADAM, type AdamOptions } from "./adam";
import type { Tf } from "./tensorflow";
import { vaeLossAndGradients } from "./vaeGradients";
import { initVaeParams, PAPER_SIZES, type VaeParams, type VaeSizes } from "./vaeParams";

export interface TrainVaeOptions {
  /** Passes over the data; the official code uses 30. */
  epochs?: number;
  /**
   * Images to train on in all, instead of `epochs × data.count`: passes continue over fresh
   * shuffles until this many have been seen (the last pass may stop part way).
   */
  images?: number;
  /** Images per step; the official code uses 256. */
  batchSize?: number;
  sizes?: VaeSizes;
  adam?: AdamOptions;
  /**
   * Where each batch's images come from, instead of the rows of `data`: fills `out` with
   * `rows` fresh images (the official code decodes new samples of the previous generation
   * for every batch). `data.count` still sets the size of a pass.
   */
  batchSource?: (rows: number, out: Float32Array) => void;
  /** Fraction of this training done, in [0, 1], after every step. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface TrainedVae {
  params: VaeParams;
  /** Mean loss (BCE + KL) per image in each pass over the data, in nats. */
  epochLoss: number[];
  /** Optimiser steps taken. */
  steps: number;
}

/** The official VAE's training settings, but for the number of epochs (see the experiment). */
export const PAPER_TRAINING = { epochs: 30, batchSize: 256, sizes: PAPER_SIZES, adam: PAPER_ADAM };

/** Trains a new VAE on `data` (pixels in [0, 1]). */
export function trainVae(tf: Tf, data: ImageSet, rng: Rng, options: TrainVaeOptions = {}): TrainedVae {
  const epochs = options.epochs ?? PAPER_TRAINING.epochs;
  const batchSize = options.batchSize ?? PAPER_TRAINING.batchSize;
  const sizes = options.sizes ?? PAPER_TRAINING.sizes;
  assertInteger(epochs, "epochs", 1);
  assertInteger(batchSize, "batchSize", 1);
  assertInteger(data.count, "data.count (images to train on)", 1);
  const images = options.images ?? epochs * data.count;
  assertInteger(images, "images", 1);
  const D = sizes.input;
  const L = sizes.latent;
  if (!options.batchSource && data.pixels.length < data.count * D) invalid("data.pixels.length", `at least count × ${D} = ${data.count * D}`, data.pixels.length);
  const params = initVaeParams(sizes, rng);
  const adam = new Adam(params.flat.length, options.adam);
  const order = new Int32Array(data.count);
  const batch = new Float32Array(batchSize * D);
  const noise = new Float32Array(batchSize * L);
  const epochLoss: number[] = [];
  let seen = 0;
  let steps = 0;
  while (seen < images) {
    shuffleIndices(order, rng);
    let loss = 0;
    const passImages = Math.min(data.count, images - seen);
    for (let start = 0; start < passImages; start += batchSize) {
      if (options.signal?.aborted) throw new Error("training aborted");
      const rows = Math.min(batchSize, passImages - start);
      if (options.batchSource) options.batchSource(rows, batch.subarray(0, rows * D));
      else {
        for (let r = 0; r < rows; r++) {
          const from = order[start + r] * D;
          batch.set(data.pixels.subarray(from, from + D), r * D);
        }
      }
      rng.fillNormal(noise.subarray(0, rows * L));
      const out = vaeLossAndGradients(tf, params, batch.subarray(0, rows * D), noise.subarray(0, rows * L));
      adam.step(params.flat, out.grad);
      loss += out.bce + out.kl;
      steps++;
      options.onProgress?.((seen + start + rows) / images);
    }
    seen += passImages;
    epochLoss.push(loss / passImages);
  }
  return { params, epochLoss, steps };
}
