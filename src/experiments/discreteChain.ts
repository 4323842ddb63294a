/**
 * Experiments on the discrete chain (SPEC §1): one run's support size and collision mass
 * per generation, and absorption frequencies over many seeds.
 */
import { runGenerations } from "../loop/runGenerations";
import { Rng } from "../random/rng";
import { sampleMultinomial } from "../random/categorical";
import { countOps, discreteLearner } from "../discrete/discreteLearner";
import { collisionMass, supportSize } from "../metrics/discrete";
import { assertInteger, assertProbabilities, assertSeed } from "../validate";

export interface DiscreteChainOptions {
  /** True distribution over K states. */
  q: ArrayLike<number>;
  /** Draws per generation (integer ≥ 2). */
  m: number;
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

function checkChain(o: { q: ArrayLike<number>; m: number }): void {
  assertProbabilities(o.q, "q", 1e-8);
  assertInteger(o.m, "M", 2);
}

/** One run of the discrete chain; model_g is the frequency fit of D_g. */
export function runDiscreteChain(o: DiscreteChainOptions): DiscreteChainRun {
  checkChain(o);
  assertInteger(o.generations, "generations", 1);
  assertSeed(o.seed, "seed");
  const stopAtAbsorption = o.stopAtAbsorption ?? true;
  const initial = sampleMultinomial(o.m, o.q, Rng.derive(o.seed, 100));
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
  m: number;
  /** Independent runs (integer ≥ 1). */
  runs: number;
  seed: number;
  /** Give up on a run after this many generations (counted as not absorbed). */
  maxGenerations?: number;
}

export interface AbsorptionResult {
  /** Runs absorbed in each state. */
  counts: Int32Array;
  /** Runs not absorbed within maxGenerations. */
  notAbsorbed: number;
  /** Mean generation of absorption over the absorbed runs; null when none was absorbed. */
  meanAbsorptionTime: number | null;
}

/** Where the chain gets absorbed, over `runs` seeds: P(state i) should be q_i (SPEC §1). */
export function absorptionFrequencies(o: AbsorptionOptions): AbsorptionResult {
  checkChain(o);
  assertInteger(o.runs, "runs", 1);
  assertSeed(o.seed, "seed");
  const maxGenerations = o.maxGenerations ?? 100 * o.m;
  assertInteger(maxGenerations, "maxGenerations", 1);
  const counts = new Int32Array(o.q.length);
  let notAbsorbed = 0;
  let timeSum = 0;
  for (let r = 0; r < o.runs; r++) {
    const run = runDiscreteChain({ q: o.q, m: o.m, generations: maxGenerations, seed: Rng.derive(o.seed, r).nextUint32() });
    if (run.absorbedState < 0) notAbsorbed++;
    else {
      counts[run.absorbedState]++;
      timeSum += run.absorbedAt;
    }
  }
  const absorbed = o.runs - notAbsorbed;
  return { counts, notAbsorbed, meanAbsorptionTime: absorbed > 0 ? timeSum / absorbed : null };
}
