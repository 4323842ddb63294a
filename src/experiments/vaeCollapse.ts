/**
 * The paper's VAE experiment (Shumailov et al. 2024, the VAE part of the Supplementary;
 * docs/theory.md#vae) through the generational loop: generation 0 trains on real MNIST
 * digits, every later generation trains a new VAE from scratch on samples of the previous
 * decoder, and each generation is measured by
 *   - the spread of the generation-0 encoder's latent means on its samples (the paper's
 *     latent-density figure; ../vae/latentSpread.ts),
 *   - the digit classes of its samples, labelled by a classifier trained on the real digits
 *     (beyond the paper: which shapes vanish first),
 *   - a 10 × 10 grid of its samples.
 * Regimes: the paper's replace, replace with 10 % real digits kept, and accumulate
 * (docs/theory.md#vae-regimes). One run is a (seed, regime) pair; generation 0 depends only
 * on the seed, so it is trained once and handed to every regime (../vae/vaeLearner.ts).
 */
import { MNIST_PIXELS, mnistSubset, type ImageSet } from "../data/mnist";
import { loopStream, runGenerations, type Fractions, type Regime } from "../loop/runGenerations";
import { entropyBits } from "../metrics/entropy";
import { Rng } from "../random/rng";
import { CLASSES, classifyDigits, type DigitClassifier } from "../vae/digitClassifier";
import { latentSpread } from "../vae/latentSpread";
import type { Tf } from "../vae/tensorflow";
import { encodeMeans, sampleVae } from "../vae/vaeInference";
import { SYNTHETIC_SAMPLES, vaeImageOps, vaeLearner, type SyntheticSamples, type VaeLearnerOptions } from "../vae/vaeLearner";
import { PAPER_SIZES, type VaeParams, type VaeSizes } from "../vae/vaeParams";
import { assertInteger, assertOneOf, assertSeed, invalid } from "../validate";

export const VAE_REGIME_NAMES = ["replace", "keep-real", "accumulate"] as const;
export type VaeRegimeName = (typeof VAE_REGIME_NAMES)[number];

export const VAE_REGIMES: Record<VaeRegimeName, { label: string; regime: Regime; fractions?: Fractions }> = {
  replace: { label: "replace (the paper)", regime: "replace" },
  "keep-real": { label: "replace, 10 % real digits kept", regime: "replace", fractions: { alpha: 0.9, beta: 0, gamma: 0.1 } },
  accumulate: { label: "accumulate (all data kept)", regime: "accumulate" },
};

export interface VaeRunConfig {
  /** Real training digits, and images per generation (M); the paper: all 60 000. */
  digits: number;
  /** Models trained, generations 0 … generations − 1; the paper: 6 (the original and 5 more). */
  generations: number;
  seeds: number[];
  regimes: VaeRegimeName[];
  /** Training length per generation, in passes of `digits` images (the paper: 30). */
  epochs: number;
  batchSize: number;
  sizes: VaeSizes;
  /** Samples per generation that the encoder and the classifier measure. */
  evalSamples: number;
  /** Side of the sample grid kept per generation (10: a 10 × 10 grid). */
  gridSide: number;
  /**
   * The digit classifier's training: on the real training digits (all of them, or the first
   * `digits` of a shuffle), with the first run's seed.
   */
  classifier: { epochs: number; hidden: number; digits?: number };
  /**
   * Data of generations 1, 2, …: "fixed" (default) — `digits` decoder samples drawn once, the
   * paper's text; "fresh-per-batch" — new samples for every batch, the official code (replace only).
   */
  syntheticSamples?: SyntheticSamples;
}

/**
 * The full run behind `npm run figures`: the paper's data (all 60 000 digits), latent size,
 * optimiser and number of generations, three seeds where the paper shows one, but one epoch
 * of batch 128 a generation instead of 30 epochs of batch 256, so that the three regimes fit
 * in the export's 15 minutes on 2 cores (docs/theory.md#vae-protocol).
 */
export const FULL_VAE_RUN: VaeRunConfig = {
  digits: 60000,
  generations: 6,
  seeds: [0, 1, 2],
  regimes: ["replace", "keep-real", "accumulate"],
  epochs: 1,
  batchSize: 128,
  sizes: PAPER_SIZES,
  evalSamples: 10000,
  gridSide: 10,
  classifier: { epochs: 3, hidden: 256 },
};

export function validateVaeRunConfig(c: VaeRunConfig): void {
  assertInteger(c.digits, "digits", 1, 60000);
  assertInteger(c.generations, "generations", 1);
  if (!Array.isArray(c.seeds) || c.seeds.length < 1) invalid("seeds", "a non-empty list of seeds", c.seeds);
  c.seeds.forEach((s, i) => assertSeed(s, `seeds[${i}]`));
  if (!Array.isArray(c.regimes) || c.regimes.length < 1) invalid("regimes", `a non-empty list of ${VAE_REGIME_NAMES.join(", ")}`, c.regimes);
  c.regimes.forEach((r, i) => assertOneOf(r, `regimes[${i}]`, VAE_REGIME_NAMES));
  assertInteger(c.epochs, "epochs", 1);
  assertInteger(c.batchSize, "batchSize", 1);
  assertInteger(c.evalSamples, "evalSamples", 1);
  assertInteger(c.gridSide, "gridSide", 1, 32);
  if (c.gridSide * c.gridSide > c.evalSamples) invalid("gridSide²", `at most evalSamples (${c.evalSamples})`, c.gridSide * c.gridSide);
  assertInteger(c.classifier?.epochs, "classifier.epochs", 1);
  assertInteger(c.classifier.hidden, "classifier.hidden", 1);
  if (c.classifier.digits !== undefined) assertInteger(c.classifier.digits, "classifier.digits", 100, 60000);
  const samples = c.syntheticSamples ?? "fixed";
  assertOneOf(samples, "syntheticSamples", SYNTHETIC_SAMPLES);
  if (samples === "fresh-per-batch" && c.regimes.some((r) => r !== "replace")) {
    invalid("regimes", '["replace"] with syntheticSamples "fresh-per-batch" (samples that exist only as a decoder cannot be mixed with real digits or accumulated)', c.regimes);
  }
}

/** What one generation's model is measured to be. */
export interface VaeGenerationMetrics {
  generation: number;
  /** Images it was trained on. */
  trainImages: number;
  /** Mean training loss per image (BCE + KL, nats) over its last pass over the data. */
  finalLoss: number;
  latentSd: number;
  latentDensity: number[];
  /** Samples the classifier put in each digit class. */
  classCounts: number[];
  classEntropy: number;
  /** gridSide² samples, pixels as integers 0 … 255, row-major. */
  grid: number[];
}

export interface VaeRegimeRun {
  seed: number;
  regime: VaeRegimeName;
  generations: VaeGenerationMetrics[];
}

/** A model and the training report of generation 0 for one seed, shared by every regime. */
export interface VaeGeneration0 {
  seed: number;
  params: VaeParams;
  epochLoss: number[];
}

/** The seed's generation-0 data: `digits` real digits in the order of a shuffle by the seed. */
export function generation0Data(train: ImageSet, config: VaeRunConfig, seed: number): ImageSet {
  return mnistSubset(train, config.digits, seed);
}

/** The learner the config describes, with the run's own callbacks and generation 0. */
function learnerOptions(config: VaeRunConfig, extra: Partial<VaeLearnerOptions>): VaeLearnerOptions {
  return { sampleSize: config.digits, epochs: config.epochs, batchSize: config.batchSize, sizes: config.sizes, syntheticSamples: config.syntheticSamples, ...extra };
}

/**
 * Generation 0 of a seed, trained once for every regime: the learner's own fit on the seed's
 * real digits, from the loop's fit stream, so it is the model the loop would train.
 */
export function trainGeneration0(tf: Tf, train: ImageSet, config: VaeRunConfig, seed: number, onProgress?: (f: number) => void, signal?: AbortSignal): VaeGeneration0 {
  let epochLoss: number[] = [];
  const learner = vaeLearner(tf, learnerOptions(config, { signal, onFitProgress: (_, f) => onProgress?.(f), onFitted: (_, loss) => (epochLoss = loss) }));
  const params = learner.fit(generation0Data(train, config, seed), loopStream(seed, "fit"), 0);
  return { seed, params, epochLoss };
}

/** Pixels in [0, 1] as integers 0 … 255 (for grids stored in JSON). */
export function toByteGrid(pixels: Float32Array, images: number): number[] {
  const out = new Array<number>(images * MNIST_PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
  return out;
}

/** Latent spread, classes and grid of `samples`, read by the generation-0 encoder and the classifier. */
export function measureSamples(tf: Tf, samples: ImageSet, encoder: VaeParams, classifier: DigitClassifier, gridSide: number): Omit<VaeGenerationMetrics, "generation" | "trainImages" | "finalLoss"> {
  const spread = latentSpread(encodeMeans(tf, encoder, samples));
  const labels = classifyDigits(tf, classifier, samples);
  const classCounts = new Array<number>(CLASSES).fill(0);
  for (let i = 0; i < labels.length; i++) classCounts[labels[i]]++;
  return {
    latentSd: spread.sd,
    latentDensity: spread.density,
    classCounts,
    classEntropy: entropyBits(classCounts),
    grid: toByteGrid(samples.pixels, gridSide * gridSide),
  };
}

export interface VaeRegimeRunOptions {
  /** Generation 0 of this seed, trained once for every regime (trainGeneration0); else the loop trains it. */
  generation0?: VaeGeneration0;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/**
 * One (seed, regime) run: generations 0 … generations − 1 through runGenerations, each
 * measured by the generation-0 encoder and the classifier.
 */
export function runVaeRegime(tf: Tf, train: ImageSet, seed: number, classifier: DigitClassifier, config: VaeRunConfig, regimeName: VaeRegimeName, o: VaeRegimeRunOptions = {}): VaeRegimeRun {
  const regime = VAE_REGIMES[regimeName];
  const generation0 = o.generation0;
  if (generation0 && generation0.seed !== seed) invalid("generation0.seed", `the run's seed ${seed}`, generation0.seed);
  const lastLoss = new Map<number, number>();
  if (generation0) lastLoss.set(0, generation0.epochLoss[generation0.epochLoss.length - 1]);
  let encoder: VaeParams | undefined;
  const fits = Math.max(1, config.generations - 1);
  const result = runGenerations({
    initialData: generation0Data(train, config, seed),
    learner: vaeLearner(
      tf,
      learnerOptions(config, {
        signal: o.signal,
        generation0: generation0?.params,
        onFitProgress: (g, f) => o.onProgress?.(generation0 ? (g - 1 + f) / fits : (g + f) / config.generations),
        onFitted: (g, loss) => lastLoss.set(g, loss[loss.length - 1]),
      }),
    ),
    dataOps: vaeImageOps,
    generations: config.generations,
    seed,
    regime: regime.regime,
    fractions: regime.fractions,
    sampleSize: config.digits,
    signal: o.signal,
    metrics: ({ generation, model, data }): VaeGenerationMetrics => {
      if (generation === 0) encoder = model;
      const samples = sampleVae(tf, model, config.evalSamples, Rng.stream(seed, "vae-eval", generation));
      return { generation, trainImages: data.count, finalLoss: lastLoss.get(generation) ?? NaN, ...measureSamples(tf, samples, encoder!, classifier, config.gridSide) };
    },
  });
  if (result.stopReason === "aborted") throw new Error("VAE run aborted");
  return { seed, regime: regimeName, generations: result.history.map((h) => h.metrics) };
}

/**
 * The notebook's live run, well under a minute on 2 cores: 4 000 digits, 2 epochs of batch
 * 64 (more steps for the same images), generations 0 … 2, two seeds, the replace regime; the
 * classifier sees 20 000 real digits once.
 */
export const LIVE_VAE_RUN: VaeRunConfig = {
  ...FULL_VAE_RUN,
  digits: 4000,
  generations: 3,
  seeds: [0, 1],
  regimes: ["replace"],
  epochs: 2,
  batchSize: 64,
  evalSamples: 2000,
  classifier: { epochs: 1, hidden: 128, digits: 20000 },
};
