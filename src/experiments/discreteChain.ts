/**
 * Experiments on the discrete chain (docs/theory.md#discrete-chain): one run's support size
 * and collision mass per generation, the same over many seeds with the E[S_m] theory, and
 * absorption frequencies over many runs.
 */
import { runGenerations } from "../loop/runGenerations";
import { Rng, runSeed } from "../random/rng";
import { sampleMultinomial } from "../random/categorical";
import { countOps, discreteLearner } from "../discrete/discreteLearner";
import { collisionMass, supportSize } from "../metrics/discrete";
import { expectedCollisionMass } from "../theory/discreteChain";
import { summarizeSeeds } from "../summary/summarizeSeeds";
import type { SeedsRunOptions } from "./options";
import { assertInteger, assertProbabilities, assertSeed } from "../validate";

export interface DiscreteChainOptions {
  /** True distribution over K states. */
  q: ArrayLike<number>;
  /** Draws per generation, the paper's M (integer ≥ 2). */
  sampleSize: number;
  /** Generations to run (integer ≥ 1). */
  generations: number;
  seed: number;
  /** Stop once the chain is absorbed in a delta (support size 1). Default true. */
  stopAtAbsorption?: boolean;
}

export interface DiscreteChainRun {
  /** Support size of model_g, g = 0 … run length − 1. */
  support: Int32Array;
  /** Collision mass Σp² of model_g. */
  collision: Float64Array;
  /** First generation whose model is a delta, or −1. */
  absorbedAt: number;
  /** The state absorbed in, or −1. */
  absorbedState: number;
}

function checkChain(o: { q: ArrayLike<number>; sampleSize: number }): void {
  assertProbabilities(o.q, "q", 1e-8);
  assertInteger(o.sampleSize, "sampleSize", 2);
}

/** One run of the discrete chain; model_g is the frequency fit of D_g. */
export function runDiscreteChain(o: DiscreteChainOptions): DiscreteChainRun {
  checkChain(o);
  assertInteger(o.generations, "generations", 1);
  assertSeed(o.seed, "seed");
  const stopAtAbsorption = o.stopAtAbsorption ?? true;
  const initial = sampleMultinomial(o.sampleSize, o.q, Rng.stream(o.seed, "initial-data"));
  const res = runGenerations({
    initialData: initial,
    learner: discreteLearner,
    dataOps: countOps,
    generations: o.generations,
    seed: o.seed,
    metrics: ({ model }) => ({ support: supportSize(model), collision: collisionMass(model) }),
    stopWhen: (_ctx, r) => stopAtAbsorption && r!.support === 1,
  });
  const support = Int32Array.from(res.history, (h) => h.metrics.support);
  const collision = Float64Array.from(res.history, (h) => h.metrics.collision);
  let absorbedAt = -1;
  let absorbedState = -1;
  const last = res.finalModel!;
  if (support[support.length - 1] === 1) {
    absorbedAt = support.indexOf(1);
    absorbedState = last.findIndex((v) => v === 1);
  }
  return { support, collision, absorbedAt, absorbedState };
}

export interface AbsorptionOptions {
  q: ArrayLike<number>;
  sampleSize: number;
  /** Independent runs (integer ≥ 1). */
  runs: number;
  seed: number;
  /** Give up on a run after this many generations (counted as not absorbed). */
  maxGenerations?: number;
}

export interface AbsorptionResult {
  /** Runs absorbed in each state. */
  counts: Int32Array;
  /** counts / runs: estimates of P(absorbed in i) = q_i. */
  frequencies: number[];
  /** Binomial standard error of each frequency under the theory, √(q_i (1 − q_i) / runs). */
  theorySe: number[];
  /** Runs not absorbed within maxGenerations. */
  notAbsorbed: number;
  /** Mean generation of absorption over the absorbed runs; null when none was absorbed. */
  meanAbsorptionTime: number | null;
}

/** Where the chain gets absorbed, over `runs` seeds: P(state i) should be q_i (docs/theory.md#discrete-absorption). */
export function absorptionFrequencies(o: AbsorptionOptions): AbsorptionResult {
  checkChain(o);
  assertInteger(o.runs, "runs", 1);
  assertSeed(o.seed, "seed");
  const maxGenerations = o.maxGenerations ?? 100 * o.sampleSize;
  assertInteger(maxGenerations, "maxGenerations", 1);
  const counts = new Int32Array(o.q.length);
  let notAbsorbed = 0;
  let timeSum = 0;
  for (let r = 0; r < o.runs; r++) {
    const run = runDiscreteChain({ q: o.q, sampleSize: o.sampleSize, generations: maxGenerations, seed: runSeed(o.seed, r) });
    if (run.absorbedState < 0) notAbsorbed++;
    else {
      counts[run.absorbedState]++;
      timeSum += run.absorbedAt;
    }
  }
  const absorbed = o.runs - notAbsorbed;
  return {
    counts,
    frequencies: Array.from(counts, (c) => c / o.runs),
    theorySe: Array.from(o.q, (q) => Math.sqrt((q * (1 - q)) / o.runs)),
    notAbsorbed,
    meanAbsorptionTime: absorbed > 0 ? timeSum / absorbed : null,
  };
}

/** Default discrete truth: K = 20 states with Zipf-like q_i ∝ (i + 1)^−1.5, a long tail. */
export const ZIPF_Q: number[] = (() => {
  const w = Array.from({ length: 20 }, (_, i) => 1 / (i + 1) ** 1.5);
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
})();

export interface DiscreteBandsOptions extends SeedsRunOptions {
  q: number[];
  sampleSize: number;
}

export interface DiscreteBands {
  q: number[];
  sampleSize: number;
  generations: number;
  seeds: number;
  support: { mean: number[]; q10: number[]; q90: number[] };
  collision: { mean: number[]; sd: number[]; se: number[] };
  /** E[S] of model g: 1 − (1 − 1/M)^{g+1} (1 − S_0) (docs/theory.md#discrete-collision-mass). */
  theory: number[];
}

/** Support size and collision mass over `seeds` runs of the discrete chain, with E[S_m]. */
export function discreteChainBands(o: DiscreteBandsOptions): DiscreteBands {
  checkChain(o);
  assertInteger(o.seeds, "seeds", 1);
  const support: Int32Array[] = [];
  const collision: Float64Array[] = [];
  for (let s = 0; s < o.seeds && !o.signal?.aborted; s++) {
    const run = runDiscreteChain({ q: o.q, sampleSize: o.sampleSize, generations: o.generations, seed: runSeed(o.seed, s), stopAtAbsorption: false });
    support.push(run.support);
    collision.push(run.collision);
    o.onProgress?.(s + 1, o.seeds);
  }
  const sup = summarizeSeeds(support);
  const col = summarizeSeeds(collision);
  const s0 = o.q.reduce((a, p) => a + p * p, 0);
  return {
    q: o.q,
    sampleSize: o.sampleSize,
    generations: o.generations,
    seeds: support.length,
    support: { mean: sup.mean, q10: sup.q10, q90: sup.q90 },
    collision: { mean: col.mean, sd: col.sd, se: col.se },
    // model g is g + 1 multinomial draws away from q
    theory: Array.from({ length: o.generations }, (_, g) => expectedCollisionMass(s0, o.sampleSize, g + 1)),
  };
}
