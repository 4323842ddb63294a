/**
 * Chapter 07's figure builders (docs/theory.md#transformer-lm): the transformer's runs are
 * summarised as chapter 05's (../lm/summary.ts), so its perplexity, histogram and
 * continuation figures are chapter 05's builders (./ch05.ts); what is new is the question
 * the chapter asks, drawn here: does the transformer grow the tail of high-perplexity
 * sequences that the n-gram model cannot (docs/theory.md#lm-limits)? The figure jobs join
 * the registry with the committed data of a full run.
 */
import type { Setting } from "../lm/experiment";
import type { CollapseSummary, Histogram } from "../lm/summary";
import { baseLayout, figure, lineTrace, PALETTE } from "./style";
import type { PlotlyFigure } from "./types";

/** The tail of each generation's histogram: the numbers the comparison is about. */
export interface TailRow {
  generation: number;
  median: number;
  p95: number;
  max: number;
  above100: number;
}

export const tailOf = (h: Histogram): TailRow => ({ generation: h.generation, median: h.median, p95: h.p95, max: h.max, above100: h.above100 });

/**
 * The n-gram model's histograms (left) beside the transformer's (right) for one setting: the
 * perplexity, under each family's own generation-0 model, of the sequences each generation
 * generated (Nature Fig. 1b,c left, log x).
 */
export function tailComparisonFigure(ngram: CollapseSummary<unknown>, transformer: CollapseSummary<unknown>, setting: Setting = "b", generations = [0, 1, 2, 3, 5, 9]): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  const panels: [string, CollapseSummary<unknown>][] = [
    ["n-gram (chapter 05)", ngram],
    ["transformer (chapter 07)", transformer],
  ];
  panels.forEach(([, s], i) => {
    const axis = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    (s.settings[setting]?.histograms ?? [])
      .filter((h) => generations.includes(h.generation))
      .forEach((h, j) => {
        const color = PALETTE[j % PALETTE.length];
        traces.push(lineTrace(h.centres, h.density, `generation ${h.generation}`, color, { ...axis, legendgroup: `g${h.generation}`, showlegend: i === 0, line: { color, width: 2, shape: "hvh" } }));
      });
  });
  const layout = baseLayout(`Does the tail grow? Perplexity of generated sequences under each model's generation 0, setting (${setting})`, { title: "perplexity", type: "log" }, { title: "density (per log10 unit)" });
  const xa = layout.xaxis as Record<string, unknown>;
  const ya = layout.yaxis as Record<string, unknown>;
  Object.assign(layout, {
    xaxis: { ...xa, domain: [0, 0.46], range: [0, 3], title: { text: `perplexity — ${panels[0][0]}` } },
    xaxis2: { ...xa, domain: [0.54, 1], anchor: "y2", range: [0, 3], title: { text: `perplexity — ${panels[1][0]}` } },
    yaxis2: { ...ya, anchor: "x2", title: undefined },
    margin: { l: 70, r: 20, t: 80, b: 60 },
  });
  return figure(traces, layout);
}
