/**
 * Chapter 2 figures: functional expressivity error (SPEC §0). Builders turn experiment runs
 * into figures; the jobs run them with the full configuration for `npm run figures`, and
 * notebook 02 calls the same builders on smaller live runs.
 */
import type { SeedsRunOptions } from "../experiments/summary";
import type { FigureJob, PlotlyFigure } from "./types";
import { PALETTE, bandTraces, baseLayout, figure, lineTrace } from "./style";
import {
  expressivityErrorL2,
  runMixtureOnMixture,
  runSingleGaussianOnMixture,
  THREE_GAUSSIANS_TRUTH,
  TWO_GAUSSIANS_TRUTH,
} from "../experiments/expressivity";
import { logSummary } from "../experiments/gmmRecursion";
import { Rng } from "../random/rng";

export const axis = (text: string, type: "linear" | "log" = "linear") => ({ title: { text }, type });

/** Seeds for run s of a multi-seed experiment with base seed `seed`. */
export const seedOf = (seed: number, s: number) => Rng.derive(seed, s).nextUint32();

export interface SeriesBand {
  label: string;
  geometricMean: number[];
  min: number[];
  max: number[];
}

// ------------------------------------------------------- one Gaussian for two

export interface SingleGaussianExpressivity {
  sampleSizes: number[];
  generations: number;
  seeds: number;
  /** The closed-form expressivity error: L2(truth, moment-matched Gaussian). */
  theory: number;
  series: SeriesBand[];
}

/** L2 to the truth of a single Gaussian refitted on a two-Gaussian mixture, per sample size. */
export function singleGaussianExpressivity(o: {
  sampleSizes: number[];
} & SeedsRunOptions): SingleGaussianExpressivity {
  const series: SeriesBand[] = [];
  const total = o.sampleSizes.length * o.seeds;
  let done = 0;
  for (const m of o.sampleSizes) {
    const runs: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      runs.push(runSingleGaussianOnMixture({ sampleSize: m, generations: o.generations, seed: seedOf(o.seed, s), signal: o.signal }).l2ToTruth);
      o.onProgress?.(++done, total);
    }
    series.push({ label: `M = ${m}`, ...logSummary(runs) });
  }
  return { sampleSizes: o.sampleSizes, generations: o.generations, seeds: o.seeds, theory: expressivityErrorL2(TWO_GAUSSIANS_TRUTH), series };
}

function bandFigure(title: string, yTitle: string, series: SeriesBand[], extra: Record<string, unknown>[] = []): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  series.forEach((s, i) => {
    const x = s.geometricMean.map((_, g) => g);
    const c = PALETTE[i % PALETTE.length];
    if (s.min.some((v, g) => v !== s.max[g])) traces.push(...bandTraces(x, s.min, s.max, s.label, c));
    traces.push(lineTrace(x, s.geometricMean, s.label, c, { legendgroup: s.label }));
  });
  traces.push(...extra);
  return figure(traces, baseLayout(title, { title: "generation" }, { title: yTitle, type: "log" }));
}

export function singleGaussianExpressivityFigure(r: SingleGaussianExpressivity): PlotlyFigure {
  const x = [0, r.generations - 1];
  return bandFigure(
    `One Gaussian fitted to a two-Gaussian mixture: L2 to the truth (geometric mean, min–max over ${r.seeds} seeds)`,
    "∫(f_n − truth)²",
    r.series,
    [lineTrace(x, [r.theory, r.theory], "expressivity error (M → ∞, closed form)", "#000000", { line: { color: "#000000", width: 1.5, dash: "dash" } })],
  );
}

// ------------------------------------------------------- too few components

export interface TooFewComponents {
  sampleSize: number;
  generations: number;
  seeds: number;
  series: SeriesBand[];
}

/** A three-Gaussian truth fitted by K = 1 (moments), 2 and 3 components. */
export function tooFewComponents(o: {
  sampleSize: number;
} & SeedsRunOptions): TooFewComponents {
  const ks = [1, 2, 3];
  const series: SeriesBand[] = [];
  let done = 0;
  for (const k of ks) {
    const runs: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      const args = { sampleSize: o.sampleSize, generations: o.generations, seed: seedOf(o.seed, s), truth: THREE_GAUSSIANS_TRUTH, signal: o.signal };
      runs.push((k === 1 ? runSingleGaussianOnMixture(args) : runMixtureOnMixture({ ...args, components: k })).l2ToTruth);
      o.onProgress?.(++done, ks.length * o.seeds);
    }
    series.push({ label: `K = ${k}${k === 3 ? " (the truth's)" : ""}`, ...logSummary(runs) });
  }
  return { sampleSize: o.sampleSize, generations: o.generations, seeds: o.seeds, series };
}

export function tooFewComponentsFigure(r: TooFewComponents): PlotlyFigure {
  return bandFigure(
    `A three-Gaussian truth, M = ${r.sampleSize}: mixtures with too few components (geometric mean, min–max over ${r.seeds} seeds)`,
    "∫(f_n − truth)²",
    r.series,
  );
}

export const figures: FigureJob[] = [
  {
    name: "ch02-expressivity-single-gaussian",
    chapter: "02",
    title: "Functional expressivity error: one Gaussian refitted on a two-Gaussian mixture, L2 to the truth per generation for M = 10⁵, 10³, 10²",
    run(ctx) {
      const params = { sampleSizes: [100000, 1000, 100], generations: 200, seeds: 10, seed: 1 };
      const data = singleGaussianExpressivity({ ...params, onProgress: (d, t) => ctx.progress(d / t), signal: ctx.signal });
      return { figure: singleGaussianExpressivityFigure(data), params, data };
    },
  },
  {
    name: "ch02-too-few-components",
    chapter: "02",
    title: "Functional expressivity error: a three-Gaussian truth fitted by mixtures of K = 1, 2, 3 components",
    run(ctx) {
      const params = { sampleSize: 5000, generations: 100, seeds: 5, seed: 2 };
      const data = tooFewComponents({ ...params, onProgress: (d, t) => ctx.progress(d / t), signal: ctx.signal });
      return { figure: tooFewComponentsFigure(data), params, data };
    },
  },
];
