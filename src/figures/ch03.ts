/**
 * Chapter 3 figures: functional approximation error (SPEC §0) — a Gaussian fitted by a fixed
 * budget of SGD steps against chapter 1's exact fit, on the same loop and data sizes.
 */
import type { SeedsRunOptions } from "../experiments/summary";
import type { FigureJob, PlotlyFigure } from "./types";
import { PALETTE, bandTraces, figure, lineTrace, sidePanels } from "./style";
import { runApproximation, type ApproximationLearner } from "../experiments/approximation";
import { meanAndSd } from "../experiments/fitToTruth";
import { logSummary } from "../experiments/gmmRecursion";
import { axis, seedOf } from "./ch02";

export interface ApproximationComparison {
  sampleSize: number;
  generations: number;
  seeds: number;
  learners: {
    learner: ApproximationLearner;
    label: string;
    spread: { mean: number[]; sd: number[] };
    l2: { geometricMean: number[]; min: number[]; max: number[] };
  }[];
}

const LABELS: Record<ApproximationLearner, string> = {
  sgd: "SGD, 100 steps (biased procedure)",
  exact: "exact fit (chapter 1)",
};

export function approximationComparison(o: {
  sampleSize: number;
} & SeedsRunOptions): ApproximationComparison {
  const learners: ApproximationComparison["learners"] = [];
  let done = 0;
  for (const learner of ["sgd", "exact"] as const) {
    const spreads: Float64Array[] = [];
    const l2s: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      const r = runApproximation({ learner, sampleSize: o.sampleSize, generations: o.generations, seed: seedOf(o.seed, s), signal: o.signal });
      spreads.push(r.spread);
      l2s.push(r.l2ToTruth);
      o.onProgress?.(++done, 2 * o.seeds);
    }
    learners.push({ learner, label: LABELS[learner], spread: meanAndSd(spreads), l2: logSummary(l2s) });
  }
  return { sampleSize: o.sampleSize, generations: o.generations, seeds: o.seeds, learners };
}

export function approximationFigure(r: ApproximationComparison): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  r.learners.forEach((l, i) => {
    const c = PALETTE[i];
    const x = l.spread.mean.map((_, g) => g);
    const lo = l.spread.mean.map((m, g) => m - l.spread.sd[g]);
    const hi = l.spread.mean.map((m, g) => m + l.spread.sd[g]);
    traces.push(...bandTraces(x, lo, hi, l.label, c));
    traces.push(lineTrace(x, l.spread.mean, l.label, c, { legendgroup: l.label }));
    traces.push(...bandTraces(x, l.l2.min, l.l2.max, l.label, c).map((t) => ({ ...t, xaxis: "x2", yaxis: "y2" })));
    traces.push(lineTrace(x, l.l2.geometricMean, l.label, c, { legendgroup: l.label, showlegend: false, xaxis: "x2", yaxis: "y2" }));
  });
  const x = [0, r.generations - 1];
  traces.push(lineTrace(x, [1, 1], "truth (sd 1)", "#000000", { line: { color: "#000000", width: 1.5, dash: "dash" } }));
  const layout = sidePanels(`A perfect family, M = ${r.sampleSize} points, a biased fitting procedure (${r.seeds} seeds)`, [
    { title: "spread √(tr Σ / d): mean ± sd", x: axis("generation"), y: axis("sd", "log") },
    { title: "L2 to the truth: geometric mean, min–max", x: axis("generation"), y: axis("∫(f_n − truth)²", "log") },
  ]);
  return figure(traces, layout);
}

export const figures: FigureJob[] = [
  {
    name: "ch03-approximation-sgd",
    chapter: "03",
    title: "Functional approximation error: a Gaussian fitted by 100 SGD steps vs the exact fit, M = 10 000, spread and L2 to the truth per generation",
    run(ctx) {
      const params = { sampleSize: 10000, generations: 200, seeds: 10, seed: 3 };
      const data = approximationComparison({ ...params, onProgress: (d, t) => ctx.progress(d / t), signal: ctx.signal });
      return { figure: approximationFigure(data), params, data, width: 1100, height: 500 };
    },
  },
];
