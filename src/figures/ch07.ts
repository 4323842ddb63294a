/**
 * Chapter 07's figure builders (docs/theory.md#transformer-lm): the transformer's runs are
 * summarised as chapter 05's (../lm/summary.ts), so its perplexity, histogram and
 * continuation figures are chapter 05's builders (./ch05.ts); what is new is the question
 * the chapter asks, drawn here: does the transformer grow the tail of high-perplexity
 * sequences that the n-gram model cannot (docs/theory.md#lm-limits)? The jobs draw the
 * committed full run (figures/data/ch07-nlm-run.json, ../experiments/neuralLmData.ts): it
 * takes over an hour, so `npm run figures` does not compute it unless asked to
 * (`--recompute-nlm`).
 */
import { loadNeuralRunData, type NeuralRunData } from "../experiments/neuralLmData";
import { FULL_NLM_RUN } from "../experiments/neuralLmRun";
import type { Setting } from "../lm/experiment";
import type { CollapseSummary, Histogram } from "../lm/summary";
import { continuationsFigure, histogramFigure, ngramFullRun, perplexityFigure } from "./ch05";
import { baseLayout, figure, lineTrace, PALETTE } from "./style";
import { sharedRun, type FigureJob, type FigureJobContext, type PlotlyFigure } from "./types";

/** The tail of each generation's histogram: the numbers the comparison is about. */
export interface TailRow {
  generation: number;
  median: number;
  p95: number;
  max: number;
  above100: number;
}

export const tailOf = (h: Histogram): TailRow => ({ generation: h.generation, median: h.median, p95: h.p95, max: h.max, above100: h.above100 });

/** The tail of both families side by side for one setting, a generation a line: median / p95 / max of each. */
export function tailTable(ngram: CollapseSummary<unknown>, transformer: CollapseSummary<unknown>, setting: Setting): string {
  const rows = (s: CollapseSummary<unknown>) => (s.settings[setting]?.histograms ?? []).map(tailOf);
  const t = new Map(rows(transformer).map((r) => [r.generation, r]));
  const cells = (r: TailRow | undefined) => (r ? [r.median, r.p95, r.max].map((x) => x.toFixed(1).padStart(6)).join(" ") : "     —      —      —");
  const lines = rows(ngram).map((r) => `${String(r.generation).padStart(15)}   ${cells(r)}       ${cells(t.get(r.generation))}`);
  return [`(${setting})  generation   n-gram median / p95 / max   transformer median / p95 / max`, ...lines].join("\n");
}

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

/** The committed run, read once per export. */
const runData = (ctx: FigureJobContext): Promise<NeuralRunData> => sharedRun(ctx, "ch07-nlm-run", () => loadNeuralRunData());

const params = (d: NeuralRunData) => ({
  ...FULL_NLM_RUN,
  model: { ...FULL_NLM_RUN.model, vocabSize: d.summary.corpus.vocabulary, kind: "decoder-only transformer, GPT-2 style, tied embeddings (src/nlm)" },
  corpus: `brown-${FULL_NLM_RUN.targetGenre}`,
  seed: FULL_NLM_RUN.seeds,
  computed: d.cost,
});

/** Median, 95th percentile, maximum and share above 100 of each generation's histogram, per setting. */
const tails = (s: CollapseSummary<unknown>) => ({ b: s.settings.b?.histograms.map(tailOf), c: s.settings.c?.histograms.map(tailOf) });

export const figures: FigureJob[] = [
  {
    name: "ch07-nlm-perplexity",
    chapter: "07",
    title: "Fig. 1b,c right with a transformer: test perplexity of the model fine-tuned on generation-i data, settings (b) and (c), 2 seeds",
    async run(ctx) {
      const d = await runData(ctx);
      const s = d.summary;
      return { figure: perplexityFigure(s), params: params(d), data: { b: s.settings.b, c: s.settings.c, corpus: s.corpus } as unknown, width: 1000, height: 480 };
    },
  },
  {
    name: "ch07-nlm-histograms",
    chapter: "07",
    title: "Fig. 1b,c left with a transformer: perplexity of generated sequences under the generation-0 model, generations 0,1,2,3,5,9",
    async run(ctx) {
      const d = await runData(ctx);
      const s = d.summary;
      return { figure: histogramFigure(s), params: params(d), data: { tails: tails(s), b: s.settings.b?.histograms, c: s.settings.c?.histograms }, width: 1000, height: 480 };
    },
  },
  {
    name: "ch07-nlm-continuations",
    chapter: "07",
    title: "Example with a transformer: one prompt continued by the models of generations 0, 1, 5, 7, 9 (setting b)",
    async run(ctx) {
      const d = await runData(ctx);
      const s = d.summary;
      return { figure: continuationsFigure(s, "b"), params: params(d), data: { prompt: s.prompt, b: s.settings.b?.continuations, c: s.settings.c?.continuations }, width: 1100, height: 700 };
    },
  },
  {
    name: "ch07-tail-vs-ngram",
    group: "ch05-full-run",
    chapter: "07",
    title: "Does the tail grow? Chapter 05's n-gram histograms beside the transformer's, setting (b)",
    async run(ctx) {
      const [ngram, d] = [await ngramFullRun(ctx), await runData(ctx)];
      return { figure: tailComparisonFigure(ngram, d.summary, "b"), params: params(d), data: { ngram: tails(ngram), transformer: tails(d.summary) }, width: 1100, height: 480 };
    },
  },
];
