/**
 * Figures of chapter 05 (SPEC.md §6, Nature Fig. 1b,c): the collapse of a language model
 * fine-tuned on its own beam-search output. One full run (both settings, 5 seeds,
 * generations 0 … 9) feeds every figure; it is run once per process and shared.
 * The figure builders are exported so the notebook draws its live run the same way.
 */
import { loadBrown, type BrownGenre } from "../data/brown";
import { prepareCorpus } from "../lm/corpus";
import type { CollapseOptions, Setting } from "../lm/experiment";
import { runExperiment } from "../lm/parallel";
import { summarize, type CollapseSummary } from "../lm/summary";
import { bandTraces, baseLayout, figure, lineTrace, PALETTE } from "./style";
import type { FigureJob, FigureJobContext, PlotlyFigure } from "./types";

/** The full run behind figures/ch05-*.json. */
export const FULL_RUN: { targetGenre: BrownGenre; seeds: number[]; order: number; options: CollapseOptions } = {
  targetGenre: "lore",
  seeds: [0, 1, 2, 3, 4],
  order: 3,
  options: { generations: 10, blockSize: 64, decoding: { method: "beam", beams: 5, newTokens: 64, repetitionPenalty: 3.0 } },
};

/**
 * The same protocol with the fine-tuning weight fixed at λ = 0.7 instead of the ≈ 0.08
 * that validation picks: the analogue of OPT leaning on its fine-tuning data (the paper
 * fine-tunes for 5 or 10 epochs). Three seeds, to keep the export short.
 */
export const STRONG_RUN: typeof FULL_RUN = {
  ...FULL_RUN,
  seeds: [0, 1, 2],
  options: { ...FULL_RUN.options, fineTuneWeight: 0.7 },
};

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
export function perplexityFigure(s: CollapseSummary): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  const layout = baseLayout(`Perplexity on the original test split (${s.seeds.length} seeds, mean ± sd)`, { title: "trained on data of generation" }, { title: "test perplexity" });
  (["b", "c"] as Setting[]).forEach((setting, i) => {
    const r = s.settings[setting];
    if (!r) return;
    const axis = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    const lo = r.meanPerplexity.map((m, g) => m - r.sdPerplexity[g]);
    const hi = r.meanPerplexity.map((m, g) => m + r.sdPerplexity[g]);
    traces.push(...bandTraces(r.generations, lo, hi, `± sd ${setting}`, PALETTE[i]).map((t) => ({ ...t, ...axis })));
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
export function histogramFigure(s: CollapseSummary, generations = [0, 1, 2, 3, 5, 9]): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  const layout = baseLayout("Perplexity of generated sequences, scored by the generation-0 model", { title: "perplexity", type: "log" }, { title: "density (per log10 unit)" });
  (["b", "c"] as Setting[]).forEach((setting, i) => {
    const r = s.settings[setting];
    if (!r) return;
    const axis = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    r.histograms
      .filter((h) => generations.includes(h.generation))
      .forEach((h, j) => {
        const mids = h.edges.slice(0, -1).map((e, k) => Math.sqrt(e * h.edges[k + 1]));
        traces.push(lineTrace(mids, h.density, `generation ${h.generation}`, PALETTE[j % PALETTE.length], { ...axis, legendgroup: `g${h.generation}`, showlegend: i === 0, line: { color: PALETTE[j % PALETTE.length], width: 2, shape: "hvh" } }));
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
export function histogram3dFigure(s: CollapseSummary, setting: Setting = "b"): PlotlyFigure {
  const r = s.settings[setting];
  const traces = (r?.histograms ?? []).map((h, j) => {
    const mids = h.edges.slice(0, -1).map((e, k) => Math.log10(Math.sqrt(e * h.edges[k + 1])));
    return {
      type: "scatter3d",
      mode: "lines",
      x: mids,
      y: mids.map(() => h.generation),
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
export function continuationsFigure(s: CollapseSummary, setting: Setting = "b", generations = [0, 1, 5, 7, 9]): PlotlyFigure {
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

const runs = new Map<typeof FULL_RUN, Promise<CollapseSummary>>();

/** Runs `config` (FULL_RUN by default) once per process; the figures of a run share it. */
export function fullRunSummary(ctx: Pick<FigureJobContext, "progress" | "signal">, config: typeof FULL_RUN = FULL_RUN): Promise<CollapseSummary> {
  let run = runs.get(config);
  if (!run) {
    run = (async () => {
      ctx.progress(0, "loading the Brown corpus");
      const corpus = prepareCorpus(loadBrown({ targetGenre: config.targetGenre }));
      const r = await runExperiment({
        corpus,
        seeds: config.seeds,
        order: config.order,
        options: config.options,
        signal: ctx.signal,
        onProgress: (done, total, note) => ctx.progress(done / total, note),
      });
      return summarize(corpus, r.runs, { options: config.options, mode: r.mode, seconds: r.seconds });
    })();
    runs.set(config, run);
    run.catch(() => runs.delete(config));
  }
  return run;
}

const params = (config: typeof FULL_RUN = FULL_RUN) => ({ ...config, corpus: `brown-${config.targetGenre}`, seed: config.seeds });

export const figures: FigureJob[] = [
  {
    name: "ch05-perplexity",
    chapter: "05",
    title: "Fig. 1b,c right: test perplexity of models trained on generation-i data, settings (b) and (c), 5 seeds",
    async run(ctx) {
      const s = await fullRunSummary(ctx);
      return { figure: perplexityFigure(s), params: params(), data: s, width: 1000, height: 480 };
    },
  },
  {
    name: "ch05-histograms",
    chapter: "05",
    title: "Fig. 1b,c left: perplexity of generated sequences under the generation-0 model, generations 0,1,2,3,5,9",
    async run(ctx) {
      const s = await fullRunSummary(ctx);
      return { figure: histogramFigure(s), params: params(), data: { b: s.settings.b?.histograms, c: s.settings.c?.histograms }, width: 1000, height: 480 };
    },
  },
  {
    name: "ch05-histograms-3d",
    chapter: "05",
    title: "Supplementary: the perplexity histograms as a 3-D plot (generation × perplexity × density), setting (b)",
    async run(ctx) {
      const s = await fullRunSummary(ctx);
      return { figure: histogram3dFigure(s, "b"), params: params(), data: s.settings.b?.histograms, width: 900, height: 600 };
    },
  },
  {
    name: "ch05-continuations",
    chapter: "05",
    title: "Example: one prompt continued by the models of generations 0, 1, 5, 7, 9 (setting b)",
    async run(ctx) {
      const s = await fullRunSummary(ctx);
      return { figure: continuationsFigure(s, "b"), params: params(), data: { prompt: s.prompt, b: s.settings.b?.continuations, c: s.settings.c?.continuations }, width: 1100, height: 700 };
    },
  },
  {
    name: "ch05-perplexity-strong",
    chapter: "05",
    title: "Fig. 1b,c right with a strong fine-tuning (λ fixed at 0.7, the analogue of more epochs), 3 seeds",
    async run(ctx) {
      const s = await fullRunSummary(ctx, STRONG_RUN);
      return { figure: perplexityFigure(s), params: params(STRONG_RUN), data: s, width: 1000, height: 480 };
    },
  },
  {
    name: "ch05-histograms-strong",
    chapter: "05",
    title: "Fig. 1b,c left with a strong fine-tuning (λ fixed at 0.7), generations 0,1,2,3,5,9",
    async run(ctx) {
      const s = await fullRunSummary(ctx, STRONG_RUN);
      return { figure: histogramFigure(s), params: params(STRONG_RUN), data: { b: s.settings.b?.histograms, c: s.settings.c?.histograms }, width: 1000, height: 480 };
    },
  },
];
