/**
 * Chapter 4 figures: the paper's GMM experiment (SPEC §4) with the official code's settings
 * (one 2-D blob at the origin, K = 2, tol 1e-5, maxIter 2000, k-means init, one init), and
 * what the paper lacks: seeds with bands, the paper's-text "two Gaussians" truth, and the
 * regimes (10 % real data, accumulate) on the same axes.
 */
import type { SeedsRunOptions } from "../experiments/summary";
import type { FigureJob, FigureJobContext, PlotlyFigure } from "./types";
import type { Fractions, Regime } from "../loop/runGenerations";
import { PALETTE, bandTraces, baseLayout, figure, lineTrace } from "./style";
import { logSummary, runGmmRecursion, SNAPSHOT_GENERATIONS, type GmmSnapshot, type GmmTruth } from "../experiments/gmmRecursion";
import { seedOf, type SeriesBand } from "./ch02";

// ------------------------------------------------------------------ snapshots

export interface GmmSnapshots {
  n: number;
  seed: number;
  truth: GmmTruth;
  snapshots: GmmSnapshot[];
}

export function gmmSnapshots(o: { n: number; seed: number; truth?: GmmTruth; generations?: number[]; onProgress?: (d: number, t: number) => void; signal?: AbortSignal }): GmmSnapshots {
  const gens = o.generations ?? SNAPSHOT_GENERATIONS;
  const run = runGmmRecursion({ n: o.n, seed: o.seed, truth: o.truth, generations: Math.max(...gens) + 1, snapshotGenerations: gens, onProgress: o.onProgress, signal: o.signal });
  return { n: o.n, seed: o.seed, truth: o.truth ?? "one-blob", snapshots: run.snapshots };
}

/** One panel per kept generation, points coloured by their most responsible component. */
export function gmmSnapshotsFigure(r: GmmSnapshots): PlotlyFigure {
  const layout = baseLayout(`GMM refitted on its own samples, N = ${r.n}: data of generation n, coloured by component`);
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
      const sd = Math.sqrt((s.model.covariances[c * 4] + s.model.covariances[c * 4 + 3]) / 2);
      traces.push({
        type: "scatter",
        mode: "markers",
        x: xs,
        y: ys,
        name: `component ${c + 1}`,
        legendgroup: `component ${c + 1}`,
        showlegend: i === 0,
        marker: { color: PALETTE[c % PALETTE.length], size: 3, opacity: 0.6 },
        hovertext: `generation ${s.generation}, component ${c + 1}: weight ${s.model.weights[c].toFixed(2)}, sd ${sd.toPrecision(2)}`,
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

export interface GmmDistanceRuns {
  ns: number[];
  generations: number;
  seeds: number;
  truth: GmmTruth;
  series: (SeriesBand & { n: number; seconds: number; meanEmIterations: number; notConverged: number })[];
}

/**
 * L2 distance to the generation-0 mixture for each N, over `seeds` seeds (1 = the paper).
 * Progress is weighted by N · generations, the cost of a run.
 */
export function gmmDistanceRuns(o: {
  ns: number[];
  generations: number;
  seeds: number;
  seed: number;
  truth?: GmmTruth;
  regime?: Regime;
  fractions?: Fractions;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}): GmmDistanceRuns {
  const series: GmmDistanceRuns["series"] = [];
  const total = o.ns.reduce((a, n) => a + n, 0) * o.seeds * o.generations;
  let done = 0;
  for (const n of o.ns) {
    const runs: Float64Array[] = [];
    const start = Date.now();
    let iterations = 0;
    let notConverged = 0;
    for (let s = 0; s < o.seeds; s++) {
      const before = done;
      const r = runGmmRecursion({
        n,
        generations: o.generations,
        seed: o.seeds === 1 ? o.seed : seedOf(o.seed, s),
        truth: o.truth,
        regime: o.regime,
        fractions: o.fractions,
        onProgress: (d) => o.onProgress?.(before + d * n, total),
        signal: o.signal,
      });
      done = before + n * o.generations;
      runs.push(r.l2);
      iterations += r.emIterations.mean / o.seeds;
      notConverged += r.emIterations.notConverged;
      if (r.stopReason === "aborted") break;
    }
    series.push({ n, label: `N = ${n}`, ...logSummary(runs), seconds: (Date.now() - start) / 1000, meanEmIterations: iterations, notConverged });
  }
  return { ns: o.ns, generations: o.generations, seeds: o.seeds, truth: o.truth ?? "one-blob", series };
}

export function gmmDistanceFigure(r: GmmDistanceRuns, title?: string): PlotlyFigure {
  const traces: Record<string, unknown>[] = [];
  r.series.forEach((s, i) => {
    const x = s.geometricMean.map((_, g) => g);
    const c = PALETTE[i % PALETTE.length];
    // Generation 0 is the reference itself (distance 0): start the log axis at generation 1.
    if (r.seeds > 1) traces.push(...bandTraces(x.slice(1), s.min.slice(1), s.max.slice(1), s.label, c));
    traces.push(lineTrace(x.slice(1), s.geometricMean.slice(1), s.label, c, { legendgroup: s.label, line: { color: c, width: 1.5 } }));
  });
  const what = r.truth === "one-blob" ? "one blob at the origin (official code)" : "two Gaussians (paper's text)";
  const seeds = r.seeds > 1 ? `, geometric mean and min–max over ${r.seeds} seeds` : ", one run each (as the paper)";
  const layout = baseLayout(title ?? `Squared L2 distance between GMM₀ and GMMₙ<br><span style="font-size:13px">${what}${seeds}</span>`, { title: "generation" }, { title: "∫(GMMₙ − GMM₀)²", type: "log" });
  return figure(traces, { ...layout, margin: { l: 70, r: 20, t: 80, b: 60 } });
}

// ------------------------------------------------------------------ regimes

export interface GmmRegimes {
  n: number;
  seeds: number;
  regimes: (SeriesBand & { regime: string; generations: number })[];
}

export const GMM_REGIMES: { label: string; regime: Regime; fractions?: Fractions }[] = [
  { label: "replace (the paper)", regime: "replace" },
  { label: "replace, 10 % real data kept", regime: "replace", fractions: { alpha: 0.9, beta: 0, gamma: 0.1 } },
  { label: "accumulate (all data kept; first 200 generations, the pool grows by N each)", regime: "accumulate" },
];

/**
 * The three regimes over `seeds` seeds. The accumulated data grow by N a generation, so that
 * run's cost grows quadratically: it stops at `accumulateGenerations` (default 200).
 */
export function gmmRegimes(o: {
  n: number;
  accumulateGenerations?: number;
} & SeedsRunOptions): GmmRegimes {
  const regimes: GmmRegimes["regimes"] = [];
  let done = 0;
  const total = GMM_REGIMES.length * o.seeds;
  for (const r of GMM_REGIMES) {
    const g = r.regime === "accumulate" ? Math.min(o.generations, o.accumulateGenerations ?? 200) : o.generations;
    const runs: Float64Array[] = [];
    for (let s = 0; s < o.seeds; s++) {
      runs.push(runGmmRecursion({ n: o.n, generations: g, seed: seedOf(o.seed, s), regime: r.regime, fractions: r.fractions, signal: o.signal }).l2);
      o.onProgress?.(++done, total);
    }
    regimes.push({ label: r.label, regime: r.regime, generations: g, ...logSummary(runs) });
  }
  return { n: o.n, seeds: o.seeds, regimes };
}

export function gmmRegimesFigure(r: GmmRegimes): PlotlyFigure {
  return gmmDistanceFigure(
    { ns: [r.n], generations: 0, seeds: r.seeds, truth: "one-blob", series: r.regimes.map((s) => ({ ...s, n: r.n, seconds: 0, meanEmIterations: 0, notConverged: 0 })) },
    `Regimes, N = ${r.n}: L2 distance to GMM_0 (geometric mean, min–max over ${r.seeds} seeds)`,
  );
}

// ------------------------------------------------------------------ jobs

const progressOf = (ctx: FigureJobContext) => (d: number, t: number) => ctx.progress(d / t);

/** A distance-vs-generation job over 2050 generations (the official loop length). */
function distanceJob(name: string, title: string, run: { ns: number[]; seeds: number; seed: number; truth: GmmTruth }): FigureJob {
  return {
    name,
    chapter: "04",
    title,
    run(ctx) {
      const params = { ...run, generations: 2050 };
      const data = gmmDistanceRuns({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: gmmDistanceFigure(data), params, data };
    },
  };
}

export const figures: FigureJob[] = [
  {
    name: "ch04-gmm-snapshots",
    chapter: "04",
    title: "The paper's GMM snapshots: N = 1000, generations 0, 50, 100, 150, 200, 350, 2000, official settings",
    run(ctx) {
      const params = { n: 1000, seed: 1, truth: "one-blob", generations: SNAPSHOT_GENERATIONS };
      const data = gmmSnapshots({ n: 1000, seed: 1, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: gmmSnapshotsFigure(data), params, data, width: 1200, height: 650 };
    },
  },
  distanceJob(
    "ch04-gmm-l2-distance",
    "The paper's GMM distance figure: L2 to GMM_0 over 2050 generations for N = 500 … 200 000, one run each (the long job: ~10 min)",
    { ns: [500, 1000, 10000, 50000, 200000], seeds: 1, seed: 1, truth: "one-blob" },
  ),
  distanceJob("ch04-gmm-l2-seeds", "GMM distance with 5 seeds per N (geometric mean, min–max band), N = 500, 1000, 10 000", {
    ns: [500, 1000, 10000],
    seeds: 5,
    seed: 2,
    truth: "one-blob",
  }),
  distanceJob("ch04-gmm-l2-two-gaussians", "GMM distance with the paper's-text truth, two Gaussians at (±1.5, 0) with sd 0.5, N = 500, 1000, 10 000", {
    ns: [500, 1000, 10000],
    seeds: 1,
    seed: 3,
    truth: "two-gaussians",
  }),
  {
    name: "ch04-gmm-regimes",
    chapter: "04",
    title: "GMM distance under three regimes, N = 1000: replace, 10 % real data kept, accumulate",
    run(ctx) {
      const run = { n: 1000, generations: 2050, seeds: 3, seed: 4 };
      const data = gmmRegimes({ ...run, onProgress: progressOf(ctx), signal: ctx.signal });
      const params = { ...run, regimes: GMM_REGIMES.map((r) => ({ label: r.label, regime: r.regime, fractions: r.fractions })) };
      return { figure: gmmRegimesFigure(data), params, data };
    },
  },
];
