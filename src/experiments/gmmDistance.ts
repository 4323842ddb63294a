/**
 * Multi-run drivers of the paper's GMM experiment (docs/theory.md#gmm-experiment): the
 * snapshot run, the squared L2 distance to GMM₀ for several sample sizes and seeds, and the
 * regimes (replace, 10 % real data kept, accumulate; docs/theory.md#regimes).
 */
import type { Fractions, Regime } from "../loop/runGenerations";
import type { SeedsRunOptions } from "./options";
import { runGmmRecursion, SNAPSHOT_GENERATIONS, type GmmSnapshot, type GmmTruth } from "./gmmRecursion";
import { runSeed } from "../random/rng";
import { seriesBand, type SeriesBand } from "../summary/summarizeSeeds";
import { assertInteger } from "../validate";

export interface GmmSnapshots {
  sampleSize: number;
  seed: number;
  truth: GmmTruth;
  snapshots: GmmSnapshot[];
}

/** One run kept at the paper's snapshot generations (0, 50, 100, 150, 200, 350, 2000). */
export function gmmSnapshots(o: { sampleSize: number; seed: number; truth?: GmmTruth; generations?: number[]; onProgress?: (d: number, t: number) => void; signal?: AbortSignal }): GmmSnapshots {
  const gens = o.generations ?? SNAPSHOT_GENERATIONS;
  const run = runGmmRecursion({ sampleSize: o.sampleSize, seed: o.seed, truth: o.truth, generations: Math.max(...gens) + 1, snapshotGenerations: gens, onProgress: o.onProgress, signal: o.signal });
  return { sampleSize: o.sampleSize, seed: o.seed, truth: o.truth ?? "one-blob", snapshots: run.snapshots };
}

export interface GmmDistanceSeries extends SeriesBand {
  sampleSize: number;
  meanEmIterations: number;
  notConverged: number;
}

export interface GmmDistanceRuns {
  sampleSizes: number[];
  generations: number;
  seeds: number;
  truth: GmmTruth;
  series: GmmDistanceSeries[];
}

export interface GmmDistanceOptions extends SeedsRunOptions {
  sampleSizes: number[];
  truth?: GmmTruth;
  regime?: Regime;
  fractions?: Fractions;
}

/**
 * L2 distance to the generation-0 mixture for each N, over `seeds` runs (1 = the paper).
 * Progress is weighted by N · generations, the cost of a run.
 */
export function gmmDistanceRuns(o: GmmDistanceOptions): GmmDistanceRuns {
  assertInteger(o.seeds, "seeds", 1);
  const series: GmmDistanceSeries[] = [];
  const total = o.sampleSizes.reduce((a, n) => a + n, 0) * o.seeds * o.generations;
  let done = 0;
  for (const sampleSize of o.sampleSizes) {
    const runs: Float64Array[] = [];
    let iterations = 0;
    let notConverged = 0;
    for (let s = 0; s < o.seeds && !o.signal?.aborted; s++) {
      const before = done;
      const r = runGmmRecursion({
        sampleSize,
        generations: o.generations,
        seed: runSeed(o.seed, s),
        truth: o.truth,
        regime: o.regime,
        fractions: o.fractions,
        onProgress: (d) => o.onProgress?.(before + d * sampleSize, total),
        signal: o.signal,
      });
      done = before + sampleSize * o.generations;
      runs.push(r.l2);
      iterations += r.emIterations.mean;
      notConverged += r.emIterations.notConverged;
    }
    if (runs.length === 0) break;
    series.push({ sampleSize, ...seriesBand(`N = ${sampleSize}`, runs), meanEmIterations: iterations / runs.length, notConverged });
  }
  return { sampleSizes: o.sampleSizes, generations: o.generations, seeds: o.seeds, truth: o.truth ?? "one-blob", series };
}

export interface GmmRegimeSpec {
  label: string;
  regime: Regime;
  fractions?: Fractions;
}

/** The regimes compared: the paper's replace, 10 % of the real data kept, accumulate. */
export const GMM_REGIMES: GmmRegimeSpec[] = [
  { label: "replace (the paper)", regime: "replace" },
  { label: "replace, 10 % real data kept", regime: "replace", fractions: { alpha: 0.9, beta: 0, gamma: 0.1 } },
  { label: "accumulate (all data kept)", regime: "accumulate" },
];

/** Generations of the accumulate regime by default: its pool grows by N each, so its cost grows quadratically. */
export const ACCUMULATE_GENERATIONS = 200;

export interface GmmRegimes {
  sampleSize: number;
  seeds: number;
  regimes: (SeriesBand & { regime: Regime; generations: number })[];
}

/**
 * The three regimes (or those of `regimes`) over `seeds` runs; each regime's runs depend only
 * on the seed, so the regimes can be computed apart and put together. The accumulated data grow by N a generation, so that
 * run's cost grows quadratically: it stops at `accumulateGenerations` (default ACCUMULATE_GENERATIONS, 200), and its
 * label says how far it went.
 */
export function gmmRegimes(o: { sampleSize: number; accumulateGenerations?: number; regimes?: readonly GmmRegimeSpec[] } & SeedsRunOptions): GmmRegimes {
  assertInteger(o.seeds, "seeds", 1);
  const accumulateGenerations = o.accumulateGenerations ?? ACCUMULATE_GENERATIONS;
  assertInteger(accumulateGenerations, "accumulateGenerations", 1);
  const specs = o.regimes ?? GMM_REGIMES;
  const regimes: GmmRegimes["regimes"] = [];
  let done = 0;
  const total = specs.length * o.seeds;
  for (const r of specs) {
    const generations = r.regime === "accumulate" ? Math.min(o.generations, accumulateGenerations) : o.generations;
    const runs: Float64Array[] = [];
    for (let s = 0; s < o.seeds && !o.signal?.aborted; s++) {
      runs.push(runGmmRecursion({ sampleSize: o.sampleSize, generations, seed: runSeed(o.seed, s), regime: r.regime, fractions: r.fractions, signal: o.signal }).l2);
      o.onProgress?.(++done, total);
    }
    if (runs.length === 0) break;
    const label = generations < o.generations ? `${r.label}; first ${generations} generations, the pool grows by N each` : r.label;
    regimes.push({ regime: r.regime, generations, ...seriesBand(label, runs) });
  }
  return { sampleSize: o.sampleSize, seeds: o.seeds, regimes };
}
