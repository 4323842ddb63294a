/**
 * Figures of chapter 05 (Nature Fig. 1b,c; docs/theory.md#language-model): the collapse of a
 * language model fine-tuned on its own beam-search output. One full run (both settings, 5
 * seeds, generations 0 … 9) feeds every figure: the jobs share it through the exporter.
 * The builders are pure, so the notebook draws its live run the same way.
 */
import type { Setting } from "../lm/experiment";
import type { CollapseSummary } from "../lm/summary";
import { FULL_RUN, STRONG_RUN, runLanguageModelCollapse, type LanguageModelRunConfig } from "../experiments/languageModelRun";
import { bandAround, bandTraces, baseLayout, figure, lineTrace, PALETTE } from "./style";
import { sharedRun, type FigureJob, type FigureJobContext, type PlotlyFigure } from "./types";

const SETTING_TITLE: Record<Setting, string> = {
  b: "(b) no original data",
  c: "(c) 10% original data kept",
};

const genLabel = (g: number) => (g === 0 ? "Real" : String(g));

/** Titles over the left (b) and right (c) panels. */
const panelTitles = [
  { text: SETTING_TITLE.b, x: 0.23, y: 1.0, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 14 } },
  { text: SETTING_TITLE.c, x: 0.77, y: 1.0, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false, font: { size: 14 } },
];

/** Right panels of Fig. 1b,c: test perplexity per generation, mean ± sd over seeds. */
export function perplexityFigure(s: CollapseSummary<unknown>): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  const layout = baseLayout(`Perplexity on the original test split (${s.seeds.length} seeds, mean ± sd)`, { title: "trained on data of generation" }, { title: "test perplexity" });
  (["b", "c"] as Setting[]).forEach((setting, i) => {
    const r = s.settings[setting];
    if (!r) return;
    const axis = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    const sd = bandAround(r.meanPerplexity, r.sdPerplexity, 1);
    traces.push(...bandTraces(r.generations, sd.lower, sd.upper, `± sd ${setting}`, PALETTE[i]).map((t) => ({ ...t, ...axis })));
    traces.push(lineTrace(r.generations, r.meanPerplexity, SETTING_TITLE[setting], PALETTE[i], { mode: "lines+markers", ...axis }));
  });
  const ticks = { tickvals: s.settings.b?.generations ?? s.settings.c?.generations, ticktext: (s.settings.b?.generations ?? s.settings.c?.generations ?? []).map(genLabel) };
  const xa = layout.xaxis as Record<string, unknown>;
  const ya = layout.yaxis as Record<string, unknown>;
  Object.assign(layout, {
    xaxis: { ...xa, ...ticks, domain: [0, 0.46] },
    xaxis2: { ...xa, ...ticks, domain: [0.54, 1], anchor: "y2" },
    yaxis2: { ...ya, anchor: "x2", title: undefined, matches: "y" },
    legend: { orientation: "h", y: -0.2, traceorder: "normal" },
    annotations: panelTitles,
    margin: { l: 70, r: 20, t: 80, b: 60 },
  });
  return figure(traces, layout);
}

/** Left panels of Fig. 1b,c: perplexity (under model 0) of every generated sequence. */
export function histogramFigure(s: CollapseSummary<unknown>, generations = [0, 1, 2, 3, 5, 9]): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  const layout = baseLayout("Perplexity of generated sequences, scored by the generation-0 model", { title: "perplexity", type: "log" }, { title: "density (per log10 unit)" });
  (["b", "c"] as Setting[]).forEach((setting, i) => {
    const r = s.settings[setting];
    if (!r) return;
    const axis = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    r.histograms
      .filter((h) => generations.includes(h.generation))
      .forEach((h, j) => {
        traces.push(lineTrace(h.centres, h.density, `generation ${h.generation}`, PALETTE[j % PALETTE.length], { ...axis, legendgroup: `g${h.generation}`, showlegend: i === 0, line: { color: PALETTE[j % PALETTE.length], width: 2, shape: "hvh" } }));
      });
  });
  const xa = layout.xaxis as Record<string, unknown>;
  const ya = layout.yaxis as Record<string, unknown>;
  Object.assign(layout, {
    xaxis: { ...xa, domain: [0, 0.46], range: [0, 2.5], title: { text: `perplexity — ${SETTING_TITLE.b}` } },
    xaxis2: { ...xa, domain: [0.54, 1], anchor: "y2", range: [0, 2.5], title: { text: `perplexity — ${SETTING_TITLE.c}` } },
    yaxis2: { ...ya, anchor: "x2", title: undefined },
    annotations: panelTitles,
    margin: { l: 70, r: 20, t: 80, b: 60 },
  });
  return figure(traces, layout);
}

/** The Supplementary's 3-D version: generation × perplexity × density. */
export function histogram3dFigure(s: CollapseSummary<unknown>, setting: Setting = "b"): PlotlyFigure {
  const r = s.settings[setting];
  const traces = (r?.histograms ?? []).map((h, j) => {
    return {
      type: "scatter3d",
      mode: "lines",
      x: h.centres.map(Math.log10),
      y: h.centres.map(() => h.generation),
      z: h.density,
      name: `generation ${h.generation}`,
      line: { color: PALETTE[j % PALETTE.length], width: 5 },
    };
  });
  const layout = baseLayout(`Perplexity histograms by generation, 3-D — ${SETTING_TITLE[setting]}`);
  Object.assign(layout, {
    scene: {
      xaxis: { title: { text: "log10 perplexity" }, range: [0, 2.5] },
      yaxis: { title: { text: "generation" } },
      zaxis: { title: { text: "density" } },
      aspectmode: "manual",
      aspectratio: { x: 1.3, y: 1.3, z: 0.7 },
      camera: { eye: { x: 1.7, y: -1.8, z: 0.9 }, center: { x: 0, y: 0, z: -0.1 } },
      domain: { x: [0, 0.85], y: [0, 1] },
    },
  });
  return figure(traces, layout);
}

/** One prompt continued by the models of chosen generations (like the paper's Example). */
export function continuationsFigure(s: CollapseSummary<unknown>, setting: Setting = "b", generations = [0, 1, 5, 7, 9]): PlotlyFigure {
  const r = s.settings[setting];
  const rows = (r?.continuations ?? []).filter((c) => generations.includes(c.generation));
  const layout = baseLayout(`One prompt, continued by each generation's model — ${SETTING_TITLE[setting]}`);
  return figure(
    [
      {
        type: "table",
        columnwidth: [1, 9],
        header: { values: ["generation", `prompt: ${s.prompt.slice(0, 160)}…`], align: "left", fill: { color: "#eeeeee" } },
        cells: { values: [rows.map((c) => genLabel(c.generation)), rows.map((c) => c.text)], align: "left", height: 40 },
      },
    ],
    { ...layout, margin: { l: 20, r: 20, t: 60, b: 20 } },
  );
}

/** The run of `config`, computed once per export and shared by the figures drawn from it. */
function sharedSummary(ctx: FigureJobContext, name: string, config: LanguageModelRunConfig): Promise<CollapseSummary> {
  return sharedRun(ctx, name, async () => {
    const run = await runLanguageModelCollapse(config, { onProgress: (done, total, note) => ctx.progress(done / total, note), signal: ctx.signal });
    return run.summary;
  });
}
const fullRun = (ctx: FigureJobContext) => sharedSummary(ctx, "ch05-full-run", FULL_RUN);
/** Chapter 05's full run, for the figure that sets the transformer's tail beside the n-gram's (./ch07.ts). */
export const ngramFullRun = fullRun;
const strongRun = (ctx: FigureJobContext) => sharedSummary(ctx, "ch05-strong-run", STRONG_RUN);

const params = (config: LanguageModelRunConfig = FULL_RUN) => ({ ...config, corpus: `brown-${config.targetGenre}`, seed: config.seeds });

export const figures: FigureJob[] = [
  {
    name: "ch05-perplexity",
    estimatedSeconds: 300,
    group: "ch05-full-run",
    chapter: "05",
    title: "Fig. 1b,c right: test perplexity of models trained on generation-i data, settings (b) and (c), 5 seeds",
    async run(ctx) {
      const s = await fullRun(ctx);
      return { figure: perplexityFigure(s), params: params(), data: s, width: 1000, height: 480 };
    },
  },
  {
    name: "ch05-histograms",
    group: "ch05-full-run",
    chapter: "05",
    title: "Fig. 1b,c left: perplexity of generated sequences under the generation-0 model, generations 0,1,2,3,5,9",
    async run(ctx) {
      const s = await fullRun(ctx);
      return { figure: histogramFigure(s), params: params(), data: { b: s.settings.b?.histograms, c: s.settings.c?.histograms }, width: 1000, height: 480 };
    },
  },
  {
    name: "ch05-histograms-3d",
    group: "ch05-full-run",
    chapter: "05",
    title: "Supplementary: the perplexity histograms as a 3-D plot (generation × perplexity × density), setting (b)",
    async run(ctx) {
      const s = await fullRun(ctx);
      return { figure: histogram3dFigure(s, "b"), params: params(), data: s.settings.b?.histograms, width: 900, height: 600 };
    },
  },
  {
    name: "ch05-continuations",
    group: "ch05-full-run",
    chapter: "05",
    title: "Example: one prompt continued by the models of generations 0, 1, 5, 7, 9 (setting b)",
    async run(ctx) {
      const s = await fullRun(ctx);
      return { figure: continuationsFigure(s, "b"), params: params(), data: { prompt: s.prompt, b: s.settings.b?.continuations, c: s.settings.c?.continuations }, width: 1100, height: 700 };
    },
  },
  {
    name: "ch05-perplexity-strong",
    estimatedSeconds: 180,
    group: "ch05-strong-run",
    chapter: "05",
    title: "Fig. 1b,c right with a strong fine-tuning (λ fixed at 0.7, the analogue of more epochs), 3 seeds",
    async run(ctx) {
      const s = await strongRun(ctx);
      return { figure: perplexityFigure(s), params: params(STRONG_RUN), data: s, width: 1000, height: 480 };
    },
  },
  {
    name: "ch05-histograms-strong",
    group: "ch05-strong-run",
    chapter: "05",
    title: "Fig. 1b,c left with a strong fine-tuning (λ fixed at 0.7), generations 0,1,2,3,5,9",
    async run(ctx) {
      const s = await strongRun(ctx);
      return { figure: histogramFigure(s), params: params(STRONG_RUN), data: { b: s.settings.b?.histograms, c: s.settings.c?.histograms }, width: 1000, height: 480 };
    },
  },
];
