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
 * Each fit draws one 32-bit seed from the loop's fit stream and trains from streams of it,
 * so a model handed in for generation 0 (`generation0`, trained once and shared by every
 * regime of a seed) leaves the loop's streams exactly where training it would have.
 */
import type { ImageSet } from "../data/mnist";
import type { Learner } from "../loop/runGenerations";
import { Rng } from "../random/rng";
import { assertInteger } from "../validate";
import type { Tf } from "./tensorflow";
import { PAPER_TRAINING, trainVae, type TrainedVae, type TrainVaeOptions } from "./trainVae";
import { sampleVae } from "./vaeInference";
import type { VaeParams } from "./vaeParams";

export interface VaeLearnerOptions extends Omit<TrainVaeOptions, "onProgress" | "images"> {
  /** Images per generation M: the training length is `epochs × sampleSize` images. */
  sampleSize: number;
  /** A model already trained for generation 0 on these data with this seed (see above). */
  generation0?: VaeParams;
  /** Progress within the fit of `generation`, in [0, 1]. */
  onFitProgress?: (generation: number, fraction: number) => void;
  /** Mean loss per image of each epoch of every fit, for reports. */
  onFitted?: (generation: number, epochLoss: number[]) => void;
}

/** Trains one generation's VAE on `data` from `seed`, for `epochs × sampleSize` images. */
export function fitVaeGeneration(tf: Tf, data: ImageSet, seed: number, o: VaeLearnerOptions, generation = 0): TrainedVae {
  assertInteger(o.sampleSize, "sampleSize", 1);
  const epochs = o.epochs ?? PAPER_TRAINING.epochs;
  assertInteger(epochs, "epochs", 1);
  return trainVae(tf, data, Rng.stream(seed, "vae-train"), { ...o, images: epochs * o.sampleSize, onProgress: (f) => o.onFitProgress?.(generation, f) });
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
    sample(model, n, rng) {
      return sampleVae(tf, model, n, rng);
    },
  };
}
