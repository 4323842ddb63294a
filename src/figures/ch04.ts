/**
 * Chapter 4 figures: the paper's GMM experiment (docs/theory.md#gmm-experiment) with the
 * official code's settings, and what the paper lacks: seeds with bands, the paper's-text
 * "two Gaussians" truth, and the regimes on the same axes. Pure builders and job wiring.
 */
import { partResults, type FigureJob, type FigureJobContext, type FigurePart, type PlotlyFigure } from "./types";
import { PALETTE, bandTraces, baseLayout, figure, generationAxis, lineTrace } from "./style";
import { SNAPSHOT_GENERATIONS, type GmmTruth } from "../experiments/gmmRecursion";
import { ACCUMULATE_GENERATIONS, GMM_REGIMES, gmmDistanceRuns, gmmRegimes, gmmSnapshots, type GmmDistanceRuns, type GmmRegimes, type GmmSnapshots } from "../experiments/gmmDistance";
import type { SeriesBand } from "../summary/summarizeSeeds";

// ------------------------------------------------------------------ snapshots

/** One panel per kept generation, points coloured by their most responsible component. */
export function gmmSnapshotsFigure(r: GmmSnapshots): PlotlyFigure {
  const layout = baseLayout(`GMM refitted on its own samples, N = ${r.sampleSize}: data of generation n, coloured by component`);
  const cols = 4;
  const rows = Math.ceil(r.snapshots.length / cols);
  const gapX = 0.04;
  const gapY = 0.1;
  const w = (1 - gapX * (cols - 1)) / cols;
  const h = (1 - gapY * (rows - 1)) / rows;
  const traces: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  r.snapshots.forEach((s, i) => {
    const sx = i === 0 ? "" : String(i + 1);
    const col = i % cols;
    const row = Math.floor(i / cols);
    const x0 = col * (w + gapX);
    const y1 = 1 - row * (h + gapY);
    const base = { showline: true, linecolor: "#444", gridcolor: "#e5e5e5", zeroline: false, range: [-3, 3] };
    layout[`xaxis${sx}`] = { ...base, domain: [x0, x0 + w], anchor: `y${sx}`, ticks: "outside" };
    layout[`yaxis${sx}`] = { ...base, domain: [y1 - h, y1], anchor: `x${sx}`, scaleanchor: `x${sx}`, ticks: "outside" };
    annotations.push({ text: `<b>generation ${s.generation}</b>`, x: x0 + w / 2, y: y1, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false });
    const k = s.model.weights.length;
    for (let c = 0; c < k; c++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (let j = 0; j < s.labels.length; j++) {
        if (s.labels[j] === c) {
          xs.push(s.x[j]);
          ys.push(s.y[j]);
        }
      }
      traces.push({
        type: "scatter",
        mode: "markers",
        x: xs,
        y: ys,
        name: `component ${c + 1}`,
        legendgroup: `component ${c + 1}`,
        showlegend: i === 0,
        marker: { color: PALETTE[c % PALETTE.length], size: 3, opacity: 0.6 },
        hovertext: `generation ${s.generation}, component ${c + 1}: weight ${s.model.weights[c].toFixed(2)}, sd ${s.componentSd[c].toPrecision(2)}`,
        xaxis: `x${sx}`,
        yaxis: `y${sx}`,
      });
    }
  });
  layout.annotations = annotations;
  layout.margin = { l: 40, r: 20, t: 80, b: 40 };
  return figure(traces, layout);
}

// ------------------------------------------------------------------ L2 distance

/** Distance to GMM₀ per generation, one line (and a min–max band over seeds) per series. */
function distanceFigure(series: SeriesBand[], seeds: number, title: string): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  series.forEach((s, i) => {
    const x = generationAxis(s.geometricMean.length);
    const c = PALETTE[i % PALETTE.length];
    // Generation 0 is the reference itself (distance 0): start the log axis at generation 1.
    if (seeds > 1) traces.push(...bandTraces(x.slice(1), s.min.slice(1), s.max.slice(1), s.label, c));
    traces.push(lineTrace(x.slice(1), s.geometricMean.slice(1), s.label, c, { legendgroup: s.label, line: { color: c, width: 1.5 } }));
  });
  const layout = baseLayout(title, { title: "generation" }, { title: "∫(GMMₙ − GMM₀)²", type: "log" });
  return figure(traces, { ...layout, margin: { l: 70, r: 20, t: 80, b: 60 } });
}

export function gmmDistanceFigure(r: GmmDistanceRuns): PlotlyFigure {
  const what = r.truth === "one-blob" ? "one blob at the origin (official code)" : "two Gaussians (paper's text)";
  const seeds = r.seeds > 1 ? `, geometric mean and min–max over ${r.seeds} seeds` : ", one run each (as the paper)";
  return distanceFigure(r.series, r.seeds, `Squared L2 distance between GMM₀ and GMMₙ<br><span style="font-size:13px">${what}${seeds}</span>`);
}

// ------------------------------------------------------------------ regimes

export function gmmRegimesFigure(r: GmmRegimes): PlotlyFigure {
  return distanceFigure(r.regimes, r.seeds, `Regimes, N = ${r.sampleSize}: L2 distance to GMM₀ (geometric mean, min–max over ${r.seeds} seeds)`);
}

// ------------------------------------------------------------------ jobs

const progressOf = (ctx: FigureJobContext) => (d: number, t: number) => ctx.progress(d / t);

/**
 * Seconds a GMM run costs on one core, roughly: proportional to the points fitted (EM and
 * k-means are linear in N); N = 200 000 over 2050 generations takes about four minutes.
 */
const gmmRunSeconds = (sampleSize: number, generations: number) => 6e-7 * sampleSize * generations;

/**
 * A distance-vs-generation job over 2050 generations (the official loop length). Each N is a
 * part of its own: the runs of one N depend only on the seed, so the parallel export spreads
 * the sizes over its workers and the N = 200 000 chain does not hold up the rest.
 */
function distanceJob(name: string, title: string, run: { sampleSizes: number[]; seeds: number; seed: number; truth: GmmTruth }): FigureJob {
  const params = { ...run, generations: 2050 };
  const parts: FigurePart[] = run.sampleSizes.map((sampleSize) => ({
    key: `${name}:N=${sampleSize}`,
    estimatedSeconds: run.seeds * gmmRunSeconds(sampleSize, params.generations),
    compute: (ctx) => gmmDistanceRuns({ ...params, sampleSizes: [sampleSize], onProgress: progressOf(ctx), signal: ctx.signal }),
  }));
  return {
    name,
    chapter: "04",
    title,
    estimatedSeconds: parts.reduce((sum, p) => sum + p.estimatedSeconds, 0),
    parts,
    async run(ctx) {
      const bySize = await partResults<GmmDistanceRuns>(ctx, parts);
      const data: GmmDistanceRuns = { sampleSizes: params.sampleSizes, generations: params.generations, seeds: params.seeds, truth: params.truth, series: bySize.flatMap((r) => r.series) };
      return { figure: gmmDistanceFigure(data), params, data };
    },
  };
}

/** The regimes figure, one part per regime (accumulate, whose pool grows, is the long one). */
function regimesJob(): FigureJob {
  const run = { sampleSize: 1000, generations: 2050, seeds: 3, seed: 4 };
  const parts: FigurePart[] = GMM_REGIMES.map((regime) => ({
    key: `ch04-gmm-regimes:${regime.label}`,
    // Accumulating, generation g fits (g + 1)·N points: G(G + 1)/2 generations' worth of N in all.
    estimatedSeconds: run.seeds * gmmRunSeconds(run.sampleSize, regime.regime === "accumulate" ? (ACCUMULATE_GENERATIONS * (ACCUMULATE_GENERATIONS + 1)) / 2 : run.generations),
    compute: (ctx) => gmmRegimes({ ...run, regimes: [regime], onProgress: progressOf(ctx), signal: ctx.signal }),
  }));
  return {
    name: "ch04-gmm-regimes",
    chapter: "04",
    estimatedSeconds: parts.reduce((sum, p) => sum + p.estimatedSeconds, 0),
    title: "GMM distance under three regimes, N = 1000: replace, 10 % real data kept, accumulate",
    parts,
    async run(ctx) {
      const byRegime = await partResults<GmmRegimes>(ctx, parts);
      const data: GmmRegimes = { sampleSize: run.sampleSize, seeds: run.seeds, regimes: byRegime.flatMap((r) => r.regimes) };
      const params = { ...run, regimes: GMM_REGIMES.map((r) => ({ label: r.label, regime: r.regime, fractions: r.fractions })) };
      return { figure: gmmRegimesFigure(data), params, data };
    },
  };
}

export const figures: FigureJob[] = [
  {
    name: "ch04-gmm-snapshots",
    chapter: "04",
    estimatedSeconds: 12,
    title: "The paper's GMM snapshots: N = 1000, generations 0, 50, 100, 150, 200, 350, 2000, official settings",
    run(ctx) {
      const params = { sampleSize: 1000, seed: 1, truth: "one-blob" as const, generations: SNAPSHOT_GENERATIONS };
      const data = gmmSnapshots({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: gmmSnapshotsFigure(data), params, data, width: 1200, height: 650 };
    },
  },
  distanceJob(
    "ch04-gmm-l2-distance",
    "The paper's GMM distance figure: L2 to GMM_0 over 2050 generations for N = 500 … 200 000, one run each (the long job: its N = 200 000 chain takes about 4 min)",
    { sampleSizes: [500, 1000, 10000, 50000, 200000], seeds: 1, seed: 1, truth: "one-blob" },
  ),
  distanceJob("ch04-gmm-l2-seeds", "GMM distance with 5 seeds per N (geometric mean, min–max band), N = 500, 1000, 10 000", {
    sampleSizes: [500, 1000, 10000],
    seeds: 5,
    seed: 2,
    truth: "one-blob",
  }),
  distanceJob("ch04-gmm-l2-two-gaussians", "GMM distance with the paper's-text truth, two Gaussians at (±1.5, 0) with sd 0.5, N = 500, 1000, 10 000", {
    sampleSizes: [500, 1000, 10000],
    seeds: 1,
    seed: 3,
    truth: "two-gaussians",
  }),
  regimesJob(),
];
