/**
 * Chapter 1 figures of the discrete chain and of the tails cut off by resampling
 * (docs/theory.md#discrete-chain, #tails-cut-off): pure builders from experiment results.
 */
import type { PlotlyFigure } from "./types";
import { PALETTE, axis, bandAround, bandTraces, baseLayout, figure, generationAxis, lineTrace, sidePanels } from "./style";
import type { AbsorptionResult, DiscreteBands } from "../experiments/discreteChain";
import type { TailsResult } from "../experiments/tailsCutOff";

export function discreteChainFigure(b: DiscreteBands): PlotlyFigure {
  const x = generationAxis(b.generations);
  const se = bandAround(b.collision.mean, b.collision.se, 4);
  const second = { xaxis: "x2", yaxis: "y2" };
  return figure(
    [
      ...bandTraces(x, b.support.q10, b.support.q90, "10–90 % of runs", PALETTE[0]),
      lineTrace(x, b.support.mean, "support size (mean)", PALETTE[0]),
      ...bandTraces(x, se.lower, se.upper, "±4 SE", PALETTE[1]).map((t) => ({ ...t, ...second })),
      lineTrace(x, b.collision.mean, `Σp² (mean of ${b.seeds} runs)`, PALETTE[1], second),
      lineTrace(x, b.theory, "theory 1 − (1 − 1/M)ⁿ (1 − S₀)", "#000", { ...second, line: { color: "#000", dash: "dash", width: 2 } }),
    ],
    sidePanels(`Discrete chain, K = ${b.q.length}, M = ${b.sampleSize}: the support shrinks, Σp² → 1`, [
      { title: "states still alive", x: axis("generation"), y: axis("support size") },
      { title: "collision mass Σp²", x: axis("generation"), y: { ...axis("Σp²"), range: [0, 1.02] } },
    ]),
  );
}

export interface AbsorptionData extends AbsorptionResult {
  q: number[];
  sampleSize: number;
  runs: number;
}

export function absorptionFigure(a: AbsorptionData): PlotlyFigure {
  const labels = a.q.map((_, i) => `state ${i}`);
  return figure(
    [
      {
        type: "bar",
        x: labels,
        y: a.frequencies,
        name: `absorbed there (${a.runs} runs)`,
        marker: { color: PALETTE[0] },
        error_y: { type: "data", array: a.theorySe.map((s) => 4 * s), visible: true, color: "#444" },
      },
      { type: "scatter", mode: "markers", x: labels, y: a.q, name: "q_i (theory)", marker: { color: "#000", symbol: "line-ew-open", size: 30, line: { width: 3 } } },
    ],
    {
      ...baseLayout(`Where the chain is absorbed (M = ${a.sampleSize}): P(state i) = q_i`, { title: "absorbing state", type: "category" }, { title: "fraction of runs" }),
      bargap: 0.35,
    },
  );
}

export function tailsFigure(t: TailsResult): PlotlyFigure {
  const g = Array.from(t.grid);
  const positive = (h: Float64Array) => Array.from(h, (v) => (v > 0 ? v : null));
  const logY = { ...axis("density", "log"), range: [-8, 0] };
  return figure(
    [
      lineTrace(g, t.fatDensity, "fat-tailed mixture (t₃ components)", PALETTE[3]),
      lineTrace(g, t.normalDensity, "Gaussian mixture", PALETTE[0], { xaxis: "x2", yaxis: "y2" }),
      { type: "bar", x: Array.from(t.binCentres), y: positive(t.fatHistogram), name: `fat-tailed, ${t.sampleSize} draws`, marker: { color: PALETTE[3] }, opacity: 0.6, xaxis: "x3", yaxis: "y3" },
      { type: "bar", x: Array.from(t.binCentres), y: positive(t.normalHistogram), name: `Gaussian, ${t.sampleSize} draws`, marker: { color: PALETTE[0] }, opacity: 0.6, xaxis: "x3", yaxis: "y3" },
    ],
    {
      ...sidePanels("Finite resampling cuts the tails: after M draws the two families look alike", [
        { title: "fattened tails", x: axis("x"), y: logY },
        { title: "½N(−4,1) + ½N(4,1)", x: axis("x"), y: logY },
        { title: `after resampling, M = ${t.sampleSize}`, x: axis("x"), y: logY },
      ]),
      barmode: "overlay",
      legend: { orientation: "h", y: -0.2 },
    },
  );
}
