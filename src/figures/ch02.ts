/**
 * Chapter 2 figures: functional expressivity error (docs/theory.md#functional-expressivity).
 * Builders turn experiment results into figures; the jobs wire the full configuration for
 * `npm run figures`, and notebook 02 calls the same builders on smaller live runs.
 */
import type { FigureJob, FigureJobContext, PlotlyFigure } from "./types";
import { lineTrace, seriesBandFigure } from "./style";
import { singleGaussianExpressivity, tooFewComponents, type SingleGaussianExpressivity, type TooFewComponents } from "../experiments/expressivity";

export function singleGaussianExpressivityFigure(r: SingleGaussianExpressivity): PlotlyFigure {
  const x = [0, r.generations - 1];
  return seriesBandFigure(
    `One Gaussian fitted to a two-Gaussian mixture: L2 to the truth (geometric mean, min–max over ${r.seeds} seeds)`,
    "∫(f_n − truth)²",
    r.series,
    [lineTrace(x, [r.theory, r.theory], "expressivity error (M → ∞, closed form)", "#000000", { line: { color: "#000000", width: 1.5, dash: "dash" } })],
  );
}

export function tooFewComponentsFigure(r: TooFewComponents): PlotlyFigure {
  return seriesBandFigure(
    `A three-Gaussian truth, M = ${r.sampleSize}: mixtures with too few components (geometric mean, min–max over ${r.seeds} seeds)`,
    "∫(f_n − truth)²",
    r.series,
  );
}

const progressOf = (ctx: FigureJobContext) => (done: number, total: number) => ctx.progress(done / total);

export const figures: FigureJob[] = [
  {
    name: "ch02-expressivity-single-gaussian",
    estimatedSeconds: 20,
    chapter: "02",
    title: "Functional expressivity error: one Gaussian refitted on a two-Gaussian mixture, L2 to the truth per generation for M = 10⁵, 10³, 10²",
    run(ctx) {
      const params = { sampleSizes: [100000, 1000, 100], generations: 200, seeds: 10, seed: 1 };
      const data = singleGaussianExpressivity({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: singleGaussianExpressivityFigure(data), params, data };
    },
  },
  {
    name: "ch02-too-few-components",
    chapter: "02",
    title: "Functional expressivity error: a three-Gaussian truth fitted by mixtures of K = 1, 2, 3 components",
    run(ctx) {
      const params = { sampleSize: 5000, generations: 100, seeds: 5, seed: 2 };
      const data = tooFewComponents({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: tooFewComponentsFigure(data), params, data };
    },
  },
];
