/**
 * The VAE runs summarised per regime and generation over seeds (../summary/summarizeSeeds.ts):
 * the latent spread the paper plots, the class entropy and class shares of the samples,
 * the densities, and one seed's sample grids. The paper's own numbers ride along so that
 * every figure and report can put ours next to them.
 */
import type { ImageSet } from "../data/mnist";
import { entropyBits } from "../metrics/entropy";
import { summarizeSeeds } from "../summary/summarizeSeeds";
import { CLASSES } from "../vae/digitClassifier";
import { LATENT_CENTRES } from "../vae/latentSpread";
import { VAE_REGIMES, type VaeRegimeName, type VaeRegimeRun, type VaeRunConfig } from "./vaeCollapse";
import type { TrainedGeneration0 } from "./vaeTasks";

/**
 * The official run's sd of the generation-0 encoder's latent means on the samples of
 * generations 1 … 5 (one run; the official notebook's printout).
 */
export const PAPER_LATENT_SD = { generations: [1, 2, 3, 4, 5], sd: [0.674, 0.608, 0.527, 0.468, 0.433] };

export interface VaeRegimeSummary {
  regime: VaeRegimeName;
  label: string;
  generations: number[];
  /** Images each generation trained on (the accumulated pool grows). */
  trainImages: number[];
  /** Mean over seeds of the latent sd, one number per generation. */
  latentSd: number[];
  latentSdSe: number[];
  /** latentSdSeeds[s][g]: seed s, generation g. */
  latentSdSeeds: number[][];
  /** Mean over seeds of the latent density, per generation, at `latentCentres`. */
  latentDensity: number[][];
  classEntropy: number[];
  classEntropySe: number[];
  classEntropySeeds: number[][];
  /** classShares[g][k]: mean over seeds of the share of generation g's samples labelled k. */
  classShares: number[][];
  finalLoss: number[];
  /** The first seed's gridSide² samples per generation, pixels 0 … 255. */
  grids: number[][];
}

export interface VaeCollapseSummary {
  config: VaeRunConfig;
  seeds: number[];
  classifierAccuracy: number;
  latentCentres: number[];
  real: {
    /** The generation-0 encoder's latent sd on the real test digits, per seed. */
    latentSdSeeds: number[];
    latentSd: number;
    latentDensity: number[];
    /** Class shares and entropy of the real test digits' true labels. */
    classShares: number[];
    classEntropy: number;
    grid: number[];
  };
  paper: typeof PAPER_LATENT_SD;
  regimes: Partial<Record<VaeRegimeName, VaeRegimeSummary>>;
}

/** The mean over seeds, entry by entry: rows[s] is seed s's series (or density). */
const meanOverSeeds = (rows: number[][]): number[] => summarizeSeeds(rows).mean;

function summarizeRegime(config: VaeRunConfig, regime: VaeRegimeName, runs: VaeRegimeRun[]): VaeRegimeSummary {
  const generations = runs[0].generations.map((g) => g.generation);
  const latentSdSeeds = runs.map((r) => r.generations.map((g) => g.latentSd));
  const classEntropySeeds = runs.map((r) => r.generations.map((g) => g.classEntropy));
  const latent = summarizeSeeds(latentSdSeeds);
  const entropy = summarizeSeeds(classEntropySeeds);
  return {
    regime,
    label: VAE_REGIMES[regime].label,
    generations,
    trainImages: runs[0].generations.map((g) => g.trainImages),
    latentSd: latent.mean,
    latentSdSe: latent.se,
    latentSdSeeds,
    latentDensity: generations.map((_, g) => meanOverSeeds(runs.map((r) => r.generations[g].latentDensity))),
    classEntropy: entropy.mean,
    classEntropySe: entropy.se,
    classEntropySeeds,
    classShares: generations.map((_, g) => meanOverSeeds(runs.map((r) => r.generations[g].classCounts.map((c) => c / config.evalSamples)))),
    finalLoss: meanOverSeeds(runs.map((r) => r.generations.map((g) => g.finalLoss))),
    grids: runs[0].generations.map((g) => g.grid),
  };
}

export function summarizeVaeRuns(
  config: VaeRunConfig,
  runs: VaeRegimeRun[],
  extra: { classifierAccuracy: number; generation0: TrainedGeneration0[]; test: ImageSet; realGrid: number[] },
): VaeCollapseSummary {
  const regimes: VaeCollapseSummary["regimes"] = {};
  for (const regime of config.regimes) {
    const mine = config.seeds.map((seed) => runs.find((r) => r.seed === seed && r.regime === regime)).filter((r): r is VaeRegimeRun => r !== undefined);
    if (mine.length > 0) regimes[regime] = summarizeRegime(config, regime, mine);
  }
  const counts = new Array<number>(CLASSES).fill(0);
  const labels = extra.test.labels ?? new Uint8Array(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]]++;
  const realSd = extra.generation0.map((g) => g.realLatentSd);
  return {
    config,
    seeds: config.seeds,
    classifierAccuracy: extra.classifierAccuracy,
    latentCentres: LATENT_CENTRES,
    real: {
      latentSdSeeds: realSd,
      latentSd: meanOverSeeds(realSd.map((sd) => [sd]))[0],
      latentDensity: meanOverSeeds(extra.generation0.map((g) => g.realLatentDensity)),
      classShares: counts.map((c) => c / Math.max(1, labels.length)),
      classEntropy: labels.length > 0 ? entropyBits(counts) : NaN,
      grid: extra.realGrid,
    },
    paper: PAPER_LATENT_SD,
    regimes,
  };
}
