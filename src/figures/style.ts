/**
 * One look for every figure, in notebooks and in `figures/`: an explicit font family
 * (PNG text depends on installed fonts; `.ci/run` installs fonts-liberation), a white
 * template and a colour sequence. Options stay in the subset that plotly.js 3.x
 * (JupyterLab's extension) and 4.x (export) share.
 */
import type { PlotlyFigure } from "./types";
import type { SeriesBand } from "../summary/summarizeSeeds";

export const FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif";

/** Colour per series, in order (Okabe–Ito, readable by colour-blind readers). */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

/** `color` with opacity `alpha`, for bands. */
export function withAlpha(color: string, alpha: number): string {
  const n = parseInt(color.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

export interface AxisOptions {
  title?: string;
  type?: "linear" | "log" | "category";
  range?: [number, number];
}

/** Base layout: title, axis titles and types, legend, margins, font. */
export function baseLayout(title: string, x: AxisOptions = {}, y: AxisOptions = {}): Record<string, unknown> {
  const axis = (a: AxisOptions) => ({
    title: a.title ? { text: a.title } : undefined,
    type: a.type ?? "linear",
    range: a.range,
    showline: true,
    linecolor: "#444",
    ticks: "outside",
    gridcolor: "#e5e5e5",
    zeroline: false,
  });
  return {
    title: { text: title, x: 0.02, xanchor: "left" },
    font: { family: FONT_FAMILY, size: 13, color: "#222" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    margin: { l: 70, r: 20, t: 60, b: 60 },
    legend: { bgcolor: "rgba(255,255,255,0.8)" },
    xaxis: axis(x),
    yaxis: axis(y),
  };
}

/**
 * Layout with side-by-side panels sharing the base style, each with its own axes and a
 * bold title above it (annotations: the subset of plotly options that 3.x and 4.x share).
 */
export function sidePanels(title: string, panels: { title: string; x: Record<string, unknown>; y: Record<string, unknown> }[]): Record<string, unknown> {
  const layout = baseLayout(title);
  // Every panel starts from the base axes, so one panel's options (a range, say) never leak into the next.
  const baseX = layout.xaxis as object;
  const baseY = layout.yaxis as object;
  const gap = 0.1;
  const w = (1 - gap * (panels.length - 1)) / panels.length;
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((p, i) => {
    const sx = i === 0 ? "" : String(i + 1);
    const lo = i * (w + gap);
    layout[`xaxis${sx}`] = { ...baseX, ...p.x, domain: [lo, lo + w], anchor: `y${sx}` };
    layout[`yaxis${sx}`] = { ...baseY, ...p.y, anchor: `x${sx}` };
    annotations.push({ text: `<b>${p.title}</b>`, x: lo + w / 2, y: 1.02, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false });
  });
  layout.annotations = annotations;
  layout.margin = { l: 70, r: 20, t: 80, b: 60 };
  return layout;
}

/** An axis of a side panel: its title text and scale. */
export function axis(text: string, type: "linear" | "log" = "linear"): Record<string, unknown> {
  return { title: { text }, type };
}

/** 0, 1, …, n − 1 shifted by `from`: the generation axis of a series of length n. */
export function generationAxis(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => i + from);
}

/** A line trace. */
export function lineTrace(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  name: string,
  color: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: "scatter", mode: "lines", x: Array.from(x), y: Array.from(y), name, line: { color, width: 2 }, ...extra };
}

/**
 * A shaded band between `lower` and `upper` (e.g. mean ± sd over seeds): two traces, the
 * second filled to the first; `name` appears once in the legend.
 */
export function bandTraces(
  x: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  name: string,
  color: string,
  legendgroup = name,
): Record<string, unknown>[] {
  const xs = Array.from(x);
  return [
    { type: "scatter", mode: "lines", x: xs, y: Array.from(lower), line: { width: 0, color }, hoverinfo: "skip", showlegend: false, legendgroup },
    {
      type: "scatter",
      mode: "lines",
      x: xs,
      y: Array.from(upper),
      line: { width: 0, color },
      fill: "tonexty",
      fillcolor: withAlpha(color, 0.2),
      name,
      hoverinfo: "skip",
      showlegend: false,
      legendgroup,
    },
  ];
}

/** The band centre ± k·spread, element by element (e.g. mean ± 4 SE). */
export function bandAround(centre: readonly number[], spread: readonly number[], k: number): { lower: number[]; upper: number[] } {
  return { lower: centre.map((c, i) => c - k * spread[i]), upper: centre.map((c, i) => c + k * spread[i]) };
}

/** One log-scale band (min–max over seeds) and geometric-mean line per series. */
export function seriesBandFigure(title: string, yTitle: string, series: SeriesBand[], extra: Record<string, unknown>[] = []): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  series.forEach((s, i) => {
    const x = generationAxis(s.geometricMean.length);
    const c = PALETTE[i % PALETTE.length];
    if (s.min.some((v, g) => v !== s.max[g])) traces.push(...bandTraces(x, s.min, s.max, s.label, c));
    traces.push(lineTrace(x, s.geometricMean, s.label, c, { legendgroup: s.label }));
  });
  traces.push(...extra);
  return figure(traces, baseLayout(title, { title: "generation" }, { title: yTitle, type: "log" }));
}

/** Assembles a figure. */
export function figure(data: Record<string, unknown>[], layout: Record<string, unknown>): PlotlyFigure {
  return { data, layout };
}
