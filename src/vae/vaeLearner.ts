/**
 * The VAE as a `Learner` of the generational loop (docs/theory.md#vae): `fit` trains a new
 * VAE from scratch on the generation's images, `sample` decodes z ~ N(0, I) to the
 * decoder's mean image, as the official code does (no pixel noise).
 *
 * Training length is counted in images seen, `epochs × sampleSize`: with the replace
 * regimes that is exactly `epochs` passes over each generation's data; with `accumulate`
 * the same number of steps is spread over the growing pool, so every regime gets the same
 * compute per generation (docs/theory.md#vae-regimes).
 *
 * With `syntheticSamples: "fresh-per-batch"` (the official code) a generation's samples are
 * not drawn once: `sample` hands on the decoder itself, and the next fit decodes new images
 * for every batch, which removes the finite-sample error (docs/theory.md#vae-protocol).
 * Such data exist only as a decoder, so they cannot be subset or joined (vaeImageOps says
 * so): only the replace regime with α = 1 works with them.
 *
 * Each fit draws one 32-bit seed from the loop's fit stream and trains from streams of it,
 * so a model handed in for generation 0 (`generation0`, trained once and shared by every
 * regime of a seed) leaves the loop's streams exactly where training it would have.
 */
import { imageOps, type ImageSet } from "../data/mnist";
import type { DataOps, Learner } from "../loop/runGenerations";
import { Rng } from "../random/rng";
import { assertInteger } from "../validate";
import type { Tf } from "./tensorflow";
import { PAPER_TRAINING, trainVae, type TrainedVae, type TrainVaeOptions } from "./trainVae";
import { decodeMeans, sampleVae } from "./vaeInference";
import type { VaeParams } from "./vaeParams";

export const SYNTHETIC_SAMPLES = ["fixed", "fresh-per-batch"] as const;
export type SyntheticSamples = (typeof SYNTHETIC_SAMPLES)[number];

/** A generation's samples as the decoder that makes them, for "fresh-per-batch" (no pixels stored). */
export interface DecoderSamples extends ImageSet {
  decoder: VaeParams;
}

const isDecoderSamples = (d: ImageSet): d is DecoderSamples => (d as Partial<DecoderSamples>).decoder !== undefined;

/** imageOps, refusing to subset or join samples that exist only as a decoder. */
export const vaeImageOps: DataOps<ImageSet> = {
  size: imageOps.size,
  select(d, idx) {
    if (isDecoderSamples(d)) throw new RangeError('regime: "fresh-per-batch" samples exist only as a decoder and cannot be subset; use the replace regime with fractions {alpha: 1, beta: 0, gamma: 0}');
    return imageOps.select(d, idx);
  },
  concat(parts) {
    if (parts.some(isDecoderSamples)) throw new RangeError('regime: "fresh-per-batch" samples exist only as a decoder and cannot be joined; use the replace regime with fractions {alpha: 1, beta: 0, gamma: 0}');
    return imageOps.concat(parts);
  },
};

export interface VaeLearnerOptions extends Omit<TrainVaeOptions, "onProgress" | "images" | "batchSource"> {
  /** Images per generation M: the training length is `epochs × sampleSize` images. */
  sampleSize: number;
  /** A model already trained for generation 0 on these data with this seed (see above). */
  generation0?: VaeParams;
  /** Progress within the fit of `generation`, in [0, 1]. */
  onFitProgress?: (generation: number, fraction: number) => void;
  /** Mean loss per image of each epoch of every fit, for reports. */
  onFitted?: (generation: number, epochLoss: number[]) => void;
  /** "fixed" (default): M samples drawn once per generation; "fresh-per-batch": the official code's. */
  syntheticSamples?: SyntheticSamples;
}

/** Trains one generation's VAE on `data` from `seed`, for `epochs × sampleSize` images. */
function fitVaeGeneration(tf: Tf, data: ImageSet, seed: number, o: VaeLearnerOptions, generation = 0): TrainedVae {
  assertInteger(o.sampleSize, "sampleSize", 1);
  const epochs = o.epochs ?? PAPER_TRAINING.epochs;
  assertInteger(epochs, "epochs", 1);
  let batchSource: TrainVaeOptions["batchSource"];
  if (isDecoderSamples(data)) {
    const { decoder } = data;
    const zRng = Rng.stream(seed, "vae-fresh-samples");
    batchSource = (rows, out) => {
      const z = new Float32Array(rows * decoder.sizes.latent);
      zRng.fillNormal(z);
      out.set(decodeMeans(tf, decoder, z, rows));
    };
  }
  return trainVae(tf, data, Rng.stream(seed, "vae-train"), { ...o, images: epochs * o.sampleSize, batchSource, onProgress: (f) => o.onFitProgress?.(generation, f) });
}

export function vaeLearner(tf: Tf, o: VaeLearnerOptions): Learner<VaeParams, ImageSet> {
  return {
    fit(data, rng, generation) {
      const seed = rng.nextUint32();
      if (generation === 0 && o.generation0) return o.generation0;
      const trained = fitVaeGeneration(tf, data, seed, o, generation);
      o.onFitted?.(generation, trained.epochLoss);
      return trained.params;
    },
    sample(model, n, rng): ImageSet {
      if (o.syntheticSamples === "fresh-per-batch") {
        assertInteger(n, "n (images to sample)", 1);
        const fresh: DecoderSamples = { count: n, pixels: new Float32Array(0), decoder: model };
        return fresh;
      }
      return sampleVae(tf, model, n, rng);
    },
  };
}
