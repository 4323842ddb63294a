/**
 * Chapter 3 figures: functional approximation error (docs/theory.md#functional-approximation) — a
 * Gaussian fitted by a fixed budget of SGD steps against chapter 1's exact fit.
 */
import type { FigureJob, PlotlyFigure } from "./types";
import { PALETTE, axis, bandAround, bandTraces, figure, generationAxis, lineTrace, sidePanels } from "./style";
import { approximationComparison, type ApproximationComparison } from "../experiments/approximation";

export function approximationFigure(r: ApproximationComparison): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  const second = { xaxis: "x2", yaxis: "y2" };
  r.learners.forEach((l, i) => {
    const c = PALETTE[i];
    const x = generationAxis(l.spread.mean.length);
    const sd = bandAround(l.spread.mean, l.spread.sd, 1);
    traces.push(...bandTraces(x, sd.lower, sd.upper, l.label, c));
    traces.push(lineTrace(x, l.spread.mean, l.label, c, { legendgroup: l.label }));
    traces.push(...bandTraces(x, l.l2.min, l.l2.max, l.label, c).map((t) => ({ ...t, ...second })));
    traces.push(lineTrace(x, l.l2.geometricMean, l.label, c, { legendgroup: l.label, showlegend: false, ...second }));
  });
  traces.push(lineTrace([0, r.generations - 1], [1, 1], "truth (sd 1)", "#000000", { line: { color: "#000000", width: 1.5, dash: "dash" } }));
  const layout = sidePanels(`A perfect family, M = ${r.sampleSize} points, a biased fitting procedure (${r.seeds} seeds)`, [
    { title: "spread √(tr Σ / d): mean ± sd", x: axis("generation"), y: axis("sd", "log") },
    { title: "L2 to the truth: geometric mean, min–max", x: axis("generation"), y: axis("∫(f_n − truth)²", "log") },
  ]);
  return figure(traces, layout);
}

export const figures: FigureJob[] = [
  {
    name: "ch03-approximation-sgd",
    estimatedSeconds: 13,
    chapter: "03",
    title: "Functional approximation error: a Gaussian fitted by 100 SGD steps vs the exact fit, M = 10 000, spread and L2 to the truth per generation",
    run(ctx) {
      const params = { sampleSize: 10000, generations: 200, seeds: 10, seed: 3 };
      const data = approximationComparison({ ...params, onProgress: (d, t) => ctx.progress(d / t), signal: ctx.signal });
      return { figure: approximationFigure(data), params, data, width: 1100, height: 500 };
    },
  },
];
