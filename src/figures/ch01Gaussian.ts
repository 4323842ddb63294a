/**
 * Chapter 1 figures of the Gaussian chain (docs/theory.md#gaussian-chain): the paper's
 * Supplementary Fig. 3, σ̂² bands over seeds with the theory, the tail mass, W2 against
 * theory, and the d-D regimes. Pure builders from experiment results.
 */
import type { PlotlyFigure } from "./types";
import { PALETTE, axis, bandAround, bandTraces, baseLayout, figure, generationAxis, lineTrace, sidePanels } from "./style";
import type { GaussianPaperRuns } from "../experiments/gaussianPaperRuns";
import type { VarianceBands } from "../experiments/varianceBands";
import type { W2AgainstTheory } from "../experiments/w2AgainstTheory";
import type { GaussianNdRegimes } from "../experiments/gaussianNdRegimes";

const dashed = (dash: string) => ({ line: { color: "#000", dash, width: 2 } });

export function gaussianPaperFigure(d: GaussianPaperRuns): PlotlyFigure {
  const x = generationAxis(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.sampleSizes.forEach((m, i) => {
    const style = { legendgroup: `m${m}`, line: { color: PALETTE[i], width: 1.5 } };
    traces.push(lineTrace(x, d.absMeanError[i], `M = ${m}`, PALETTE[i], style));
    traces.push(lineTrace(x, d.absSdError[i], `M = ${m}`, PALETTE[i], { ...style, showlegend: false, xaxis: "x2", yaxis: "y2" }));
  });
  const refit = d.estimator === "ml" ? "ML σ, ddof = 0, as the official code" : "unbiased σ², as the theorem";
  return figure(
    traces,
    sidePanels(`Recursive 1-D Gaussian refit, one run per M (${refit})`, [
      { title: "|μ − μ̂ₙ|", x: axis("generation n", "log"), y: axis("|μ − μ̂ₙ|") },
      { title: "|σ − σ̂ₙ|", x: axis("generation n", "log"), y: axis("|σ − σ̂ₙ|") },
    ]),
  );
}

export function varianceBandsFigure(d: VarianceBands): PlotlyFigure {
  const x = generationAxis(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.estimators.forEach((e, i) => {
    const ax = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    const legend = (group: string) => ({ ...ax, showlegend: i === 0, legendgroup: group });
    traces.push(...bandTraces(x, e.q10, e.q90, "10–90 % of seeds", PALETTE[0]).map((t) => ({ ...t, ...ax })));
    traces.push(lineTrace(x, e.median, "median σ̂²", PALETTE[0], legend("median")));
    traces.push(lineTrace(x, e.meanVariance, `mean σ̂² over ${d.seeds} seeds`, PALETTE[1], legend("mean")));
    traces.push(lineTrace(x, e.theoryMean, "theory E[σ²ₙ]", "#000", { ...legend("tm"), ...dashed("dash") }));
    traces.push(lineTrace(x, e.geometricMean, "exp mean log σ̂²", PALETTE[2], legend("gm")));
    traces.push(lineTrace(x, e.theoryGeometric, "theory exp E[log σ²ₙ]", "#000", { ...legend("tg"), ...dashed("dot") }));
  });
  const y = { ...axis("σ̂²ₙ", "log"), range: [-4, 0.7] };
  return figure(
    traces,
    sidePanels(`σ̂²ₙ over ${d.seeds} seeds, M = ${d.sampleSize}: the mean stays (unbiased), the typical path collapses`, [
      { title: "unbiased refit (the theorem)", x: axis("generation n", "log"), y },
      { title: "ML refit, ddof = 0 (official code)", x: axis("generation n", "log"), y },
    ]),
  );
}

/**
 * Mass of the model beyond the original ±3σ: the typical (median) model loses the tails
 * (early collapse), while the mean over seeds is carried up by the runs whose mean has
 * drifted towards one tail.
 */
export function tailMassFigure(d: VarianceBands): PlotlyFigure {
  const x = generationAxis(d.generations, 1);
  return figure(
    [
      ...d.estimators.flatMap((e, i) => [
        lineTrace(x, e.tail3Median, `${e.estimator} refit: median of ${d.seeds} seeds`, PALETTE[i]),
        lineTrace(x, e.tail3, `${e.estimator} refit: mean`, PALETTE[i], { line: { color: PALETTE[i], dash: "dot", width: 2 } }),
      ]),
      lineTrace([1, d.generations], [d.originalTail3, d.originalTail3], `original N(0, 1): ${d.originalTail3.toFixed(4)}`, "#000", dashed("dash")),
    ],
    baseLayout(
      `Mass beyond the original ±3σ, M = ${d.sampleSize}: the typical model loses the tails`,
      { title: "generation n", type: "log" },
      { title: "P(|x| > 3σ₀) under model n", type: "log", range: [-12, 0] },
    ),
  );
}

export function w2TheoryFigure(d: W2AgainstTheory): PlotlyFigure {
  const x = generationAxis(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.sampleSizes.forEach((m, i) => {
    const band = bandAround(d.observed[i], d.observedSe[i], 4);
    traces.push(...bandTraces(x, band.lower.map((v) => Math.max(v, 1e-6)), band.upper, `±4 SE, M = ${m}`, PALETTE[i]));
    traces.push(lineTrace(x, d.observed[i], `simulated, M = ${m}`, PALETTE[i]));
    traces.push(lineTrace(x, d.exact[i], i === 0 ? "exact E[W2²]" : "", "#000", { showlegend: i === 0, legendgroup: "exact", line: { color: "#000", dash: "dash", width: 1.5 } }));
    traces.push(lineTrace(x, d.expansion[i], i === 0 ? "(3/2)σ²n/M" : "", "#888", { showlegend: i === 0, legendgroup: "exp", line: { color: "#888", dash: "dot", width: 2 } }));
  });
  return figure(traces, baseLayout(`E[W2²(model n, truth)] over ${d.seeds} seeds vs theory (unbiased refit)`, { title: "generation n", type: "log" }, { title: "E[W2²]", type: "log" }));
}

export function gaussianNdFigure(d: GaussianNdRegimes): PlotlyFigure {
  const x = generationAxis(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.series.forEach((s) => {
    const color = PALETTE[d.dims.indexOf(s.dim)];
    const line = { color, dash: s.regime === "replace" ? "solid" : "dash", width: 2 };
    const name = `d = ${s.dim}, ${s.regime}`;
    traces.push(lineTrace(x, s.w2, name, color, { legendgroup: name, line }));
    traces.push(lineTrace(x, s.trace, name, color, { legendgroup: name, showlegend: false, xaxis: "x2", yaxis: "y2", line }));
  });
  return figure(
    traces,
    sidePanels(`d-dimensional Gaussian, M = ${d.sampleSize}, mean of ${d.seeds} seeds: replacing collapses, accumulating does not`, [
      { title: "W2²(model n, N(0, I))", x: axis("generation n", "log"), y: axis("W2²", "log") },
      { title: "tr Σ̂ₙ / d", x: axis("generation n", "log"), y: axis("mean variance per dimension", "log") },
    ]),
  );
}
