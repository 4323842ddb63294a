/**
 * Chapter 1 figures (statistical approximation error, SPEC §1–3): builders that turn
 * experiment results into plotly figures, and the jobs `npm run figures` runs with the
 * paper's parameters. Notebook 01 calls the same builders on smaller live runs.
 */
import type { FigureJob, PlotlyFigure } from "./types";
import { PALETTE, bandTraces, baseLayout, figure, lineTrace, sidePanels } from "./style";
import { absorptionFrequencies, runDiscreteChain } from "../experiments/discreteChain";
import { runGaussianChain1d, runGaussianChain1dSeeds, runGaussianChainNd, type MultiSeed1d } from "../experiments/gaussianChain";
import { summarizeColumns } from "../experiments/summary";
import { tailsCutOff, type TailsResult } from "../experiments/tailsCutOff";
import { expectedCollisionMass } from "../theory/discreteChain";
import { expectedLogVariance, expectedVariance, expectedW2Squared1d, w2SquaredExpansion1d } from "../theory/gaussianChain";
import { massBeyondKSigma } from "../metrics/tailMass";
import { Rng } from "../random/rng";
import type { Estimator } from "../gaussian/types";

const range = (n: number, from = 0) => Float64Array.from({ length: n }, (_, i) => i + from);

const axisTitle = (text: string, type: "linear" | "log" = "linear") => ({ title: { text }, type });

// ---------------------------------------------------------------- discrete chain (§1)

export interface DiscreteBands {
  q: number[];
  m: number;
  generations: number;
  seeds: number;
  support: { mean: number[]; q10: number[]; q90: number[] };
  collision: { mean: number[]; sd: number[] };
  theory: number[];
}

/** Support size and collision mass over `seeds` runs of the discrete chain. */
export function discreteChainBands(o: { q: number[]; m: number; generations: number; seeds: number; seed: number }): DiscreteBands {
  const g = o.generations;
  const support = new Float64Array(o.seeds * g);
  const collision = new Float64Array(o.seeds * g);
  for (let s = 0; s < o.seeds; s++) {
    const run = runDiscreteChain({ q: o.q, m: o.m, generations: g, seed: Rng.derive(o.seed, s).nextUint32(), stopAtAbsorption: false });
    support.set(Float64Array.from(run.support), s * g);
    collision.set(run.collision, s * g);
  }
  const sup = summarizeColumns(support, o.seeds, g);
  const col = summarizeColumns(collision, o.seeds, g);
  const s0 = o.q.reduce((a, p) => a + p * p, 0);
  return {
    q: o.q,
    m: o.m,
    generations: g,
    seeds: o.seeds,
    support: { mean: Array.from(sup.mean), q10: Array.from(sup.q10), q90: Array.from(sup.q90) },
    collision: { mean: Array.from(col.mean), sd: Array.from(col.sd) },
    // model g is g + 1 multinomial draws away from q
    theory: Array.from(range(g), (i) => expectedCollisionMass(s0, o.m, i + 1)),
  };
}

export function discreteChainFigure(b: DiscreteBands): PlotlyFigure {
  const x = range(b.generations);
  const se = b.collision.sd.map((s) => (4 * s) / Math.sqrt(b.seeds));
  return figure(
    [
      ...bandTraces(x, b.support.q10, b.support.q90, "10–90 % of runs", PALETTE[0]),
      lineTrace(x, b.support.mean, "support size (mean)", PALETTE[0]),
      ...bandTraces(
        x,
        b.collision.mean.map((v, i) => v - se[i]),
        b.collision.mean.map((v, i) => v + se[i]),
        "±4 SE",
        PALETTE[1],
      ).map((t) => ({ ...t, xaxis: "x2", yaxis: "y2" })),
      lineTrace(x, b.collision.mean, `Σp² (mean of ${b.seeds} runs)`, PALETTE[1], { xaxis: "x2", yaxis: "y2" }),
      lineTrace(x, b.theory, "theory 1 − (1 − 1/M)ⁿ (1 − S₀)", "#000", { xaxis: "x2", yaxis: "y2", line: { color: "#000", dash: "dash", width: 2 } }),
    ],
    sidePanels(
      `Discrete chain, K = ${b.q.length}, M = ${b.m}: the support shrinks, Σp² → 1`,
      [
        { title: "states still alive", x: axisTitle("generation"), y: axisTitle("support size") },
        { title: "collision mass Σp²", x: axisTitle("generation"), y: { ...axisTitle("Σp²"), range: [0, 1.02] } },
      ],
    ),
  );
}

export interface AbsorptionData {
  q: number[];
  m: number;
  runs: number;
  frequencies: number[];
  meanAbsorptionTime: number | null;
}

export function absorptionFigure(a: AbsorptionData): PlotlyFigure {
  const labels = a.q.map((_, i) => `state ${i}`);
  const err = a.q.map((q) => 4 * Math.sqrt((q * (1 - q)) / a.runs));
  return figure(
    [
      { type: "bar", x: labels, y: a.frequencies, name: `absorbed there (${a.runs} runs)`, marker: { color: PALETTE[0] }, error_y: { type: "data", array: err, visible: true, color: "#444" } },
      { type: "scatter", mode: "markers", x: labels, y: a.q, name: "q_i (theory)", marker: { color: "#000", symbol: "line-ew-open", size: 30, line: { width: 3 } } },
    ],
    {
      ...baseLayout(`Where the chain is absorbed (M = ${a.m}): P(state i) = q_i`, { title: "absorbing state" }, { title: "fraction of runs" }),
      bargap: 0.35,
    },
  );
}

// ---------------------------------------------------------------- tails (§3)

export function tailsFigure(t: TailsResult): PlotlyFigure {
  const g = Array.from(t.grid);
  const positive = (h: Float64Array) => Array.from(h, (v) => (v > 0 ? v : null));
  const logY = { ...axisTitle("density", "log"), range: [-8, 0] };
  return figure(
    [
      lineTrace(g, t.fatDensity, "fat-tailed mixture (t₃ components)", PALETTE[3]),
      lineTrace(g, t.normalDensity, "Gaussian mixture", PALETTE[0], { xaxis: "x2", yaxis: "y2" }),
      { type: "bar", x: Array.from(t.binCentres), y: positive(t.fatHistogram), name: `fat-tailed, ${t.m} draws`, marker: { color: PALETTE[3] }, opacity: 0.6, xaxis: "x3", yaxis: "y3" },
      { type: "bar", x: Array.from(t.binCentres), y: positive(t.normalHistogram), name: `Gaussian, ${t.m} draws`, marker: { color: PALETTE[0] }, opacity: 0.6, xaxis: "x3", yaxis: "y3" },
    ],
    {
      ...sidePanels(
        "Finite resampling cuts the tails: after M draws the two families look alike",
        [
          { title: "fattened tails", x: axisTitle("x"), y: logY },
          { title: "½N(−4,1) + ½N(4,1)", x: axisTitle("x"), y: logY },
          { title: `after resampling, M = ${t.m}`, x: axisTitle("x"), y: logY },
        ],
      ),
      barmode: "overlay",
      legend: { orientation: "h", y: -0.2 },
    },
  );
}

// ---------------------------------------------------------------- 1-D Gaussian (§2)

export interface Gaussian1dPaperData {
  ms: number[];
  generations: number;
  estimator: Estimator;
  seed: number;
  absMeanError: number[][];
  absSdError: number[][];
}

/** Supplementary Fig. 3 of the paper: one run per M, |μ − μ̂_n| and |σ − σ̂_n|. */
export function gaussian1dPaperRuns(o: { ms: number[]; generations: number; seed: number; estimator?: Estimator; mu?: number; sigma?: number }): Gaussian1dPaperData {
  const estimator = o.estimator ?? "unbiased";
  const mu = o.mu ?? 0;
  const sigma = o.sigma ?? 1;
  const runs = o.ms.map((m, i) => runGaussianChain1d({ m, generations: o.generations, seed: Rng.derive(o.seed, i).nextUint32(), estimator, mu, sigma }));
  return {
    ms: o.ms,
    generations: o.generations,
    estimator,
    seed: o.seed,
    absMeanError: runs.map((r) => Array.from(r.mean, (v) => Math.abs(v - mu))),
    absSdError: runs.map((r) => Array.from(r.sd, (v) => Math.abs(v - sigma))),
  };
}

export function gaussian1dPaperFigure(d: Gaussian1dPaperData): PlotlyFigure {
  const x = range(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.ms.forEach((m, i) => {
    traces.push(lineTrace(x, d.absMeanError[i], `M = ${m}`, PALETTE[i], { legendgroup: `m${m}`, line: { color: PALETTE[i], width: 1.5 } }));
    traces.push(lineTrace(x, d.absSdError[i], `M = ${m}`, PALETTE[i], { legendgroup: `m${m}`, showlegend: false, xaxis: "x2", yaxis: "y2", line: { color: PALETTE[i], width: 1.5 } }));
  });
  return figure(
    traces,
    sidePanels(
      `Recursive 1-D Gaussian refit, one run per M (${d.estimator === "ml" ? "ML σ, ddof = 0, as the official code" : "unbiased σ², as the theorem"})`,
      [
        { title: "|μ − μ̂ₙ|", x: axisTitle("generation n", "log"), y: axisTitle("|μ − μ̂ₙ|") },
        { title: "|σ − σ̂ₙ|", x: axisTitle("generation n", "log"), y: axisTitle("|σ − σ̂ₙ|") },
      ],
    ),
  );
}

export interface VarianceBandsData {
  m: number;
  seeds: number;
  generations: number;
  estimators: { estimator: Estimator; meanVariance: number[]; q10: number[]; median: number[]; q90: number[]; geometricMean: number[]; theoryMean: number[]; theoryGeometric: number[]; tail3: number[]; tail3Median: number[] }[];
}

/** σ̂²_n over many seeds for both estimators, with E[σ²_n] and exp E[log σ²_n] theory. */
export function varianceBands(o: { m: number; generations: number; seeds: number; seed: number; onProgress?: (d: number, t: number) => void; signal?: AbortSignal }): VarianceBandsData {
  const estimators: Estimator[] = ["unbiased", "ml"];
  return {
    m: o.m,
    seeds: o.seeds,
    generations: o.generations,
    estimators: estimators.map((estimator, k) => {
      const run: MultiSeed1d = runGaussianChain1dSeeds({ m: o.m, generations: o.generations, seeds: o.seeds, seed: Rng.derive(o.seed, k).nextUint32(), estimator, onProgress: o.onProgress, signal: o.signal });
      const s = summarizeColumns(run.variance, o.seeds, o.generations);
      const logs = summarizeColumns(run.variance, o.seeds, o.generations, (v) => Math.log(Math.max(v, 1e-300)));
      const tail = new Float64Array(o.seeds * o.generations);
      for (let i = 0; i < tail.length; i++) tail[i] = massBeyondKSigma(run.mean[i], Math.sqrt(run.variance[i]), 0, 1, 3);
      const tailSummary = summarizeColumns(tail, o.seeds, o.generations);
      return {
        estimator,
        meanVariance: Array.from(s.mean),
        q10: Array.from(s.q10),
        median: Array.from(s.median),
        q90: Array.from(s.q90),
        geometricMean: Array.from(logs.mean, Math.exp),
        theoryMean: Array.from(range(o.generations, 1), (n) => expectedVariance(1, o.m, n, estimator)),
        theoryGeometric: Array.from(range(o.generations, 1), (n) => Math.exp(expectedLogVariance(1, o.m, n, estimator))),
        tail3: Array.from(tailSummary.mean),
        tail3Median: Array.from(tailSummary.median),
      };
    }),
  };
}

export function varianceBandsFigure(d: VarianceBandsData): PlotlyFigure {
  const x = range(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.estimators.forEach((e, i) => {
    const ax = i === 0 ? {} : { xaxis: "x2", yaxis: "y2" };
    const show = i === 0;
    traces.push(...bandTraces(x, e.q10, e.q90, "10–90 % of seeds", PALETTE[0]).map((t) => ({ ...t, ...ax })));
    traces.push(lineTrace(x, e.median, "median σ̂²", PALETTE[0], { ...ax, showlegend: show, legendgroup: "median" }));
    traces.push(lineTrace(x, e.meanVariance, `mean σ̂² over ${d.seeds} seeds`, PALETTE[1], { ...ax, showlegend: show, legendgroup: "mean" }));
    traces.push(lineTrace(x, e.theoryMean, "theory E[σ²ₙ]", "#000", { ...ax, showlegend: show, legendgroup: "tm", line: { color: "#000", dash: "dash", width: 2 } }));
    traces.push(lineTrace(x, e.geometricMean, "exp mean log σ̂²", PALETTE[2], { ...ax, showlegend: show, legendgroup: "gm" }));
    traces.push(lineTrace(x, e.theoryGeometric, "theory exp E[log σ²ₙ]", "#000", { ...ax, showlegend: show, legendgroup: "tg", line: { color: "#000", dash: "dot", width: 2 } }));
  });
  return figure(
    traces,
    sidePanels(
      `σ̂²ₙ over ${d.seeds} seeds, M = ${d.m}: the mean stays (unbiased), the typical path collapses`,
      [
        { title: "unbiased refit (the theorem)", x: axisTitle("generation n", "log"), y: { ...axisTitle("σ̂²ₙ", "log"), range: [-4, 0.7] } },
        { title: "ML refit, ddof = 0 (official code)", x: axisTitle("generation n", "log"), y: { ...axisTitle("σ̂²ₙ", "log"), range: [-4, 0.7] } },
      ],
    ),
  );
}

/**
 * Mass of the model beyond the original ±3σ: the typical (median) model loses the tails
 * (early collapse), while the mean over seeds is carried up by the runs whose mean has
 * drifted towards one tail.
 */
export function tailMassFigure(d: VarianceBandsData): PlotlyFigure {
  const x = range(d.generations, 1);
  const original = massBeyondKSigma(0, 1, 0, 1, 3);
  return figure(
    [
      ...d.estimators.flatMap((e, i) => [
        lineTrace(x, e.tail3Median, `${e.estimator} refit: median of ${d.seeds} seeds`, PALETTE[i]),
        lineTrace(x, e.tail3, `${e.estimator} refit: mean`, PALETTE[i], { line: { color: PALETTE[i], dash: "dot", width: 2 } }),
      ]),
      lineTrace([1, d.generations], [original, original], "original N(0, 1): 0.0027", "#000", { line: { color: "#000", dash: "dash", width: 2 } }),
    ],
    baseLayout(
      `Mass beyond the original ±3σ, M = ${d.m}: the typical model loses the tails`,
      { title: "generation n", type: "log" },
      { title: "P(|x| > 3σ₀) under model n", type: "log", range: [-12, 0] },
    ),
  );
}

export interface W2TheoryData {
  ms: number[];
  seeds: number;
  generations: number;
  observed: number[][];
  observedSe: number[][];
  exact: number[][];
  expansion: number[][];
}

/** E[W2²(model_n, truth)] over seeds vs the exact formula and its (3/2)σ²n/M expansion. */
export function w2Theory(o: { ms: number[]; generations: number; seeds: number; seed: number; signal?: AbortSignal }): W2TheoryData {
  const out: W2TheoryData = { ms: o.ms, seeds: o.seeds, generations: o.generations, observed: [], observedSe: [], exact: [], expansion: [] };
  o.ms.forEach((m, i) => {
    const run = runGaussianChain1dSeeds({ m, generations: o.generations, seeds: o.seeds, seed: Rng.derive(o.seed, i).nextUint32(), signal: o.signal });
    const w2 = new Float64Array(run.variance.length);
    for (let k = 0; k < w2.length; k++) w2[k] = run.mean[k] ** 2 + (Math.sqrt(run.variance[k]) - 1) ** 2;
    const s = summarizeColumns(w2, o.seeds, o.generations);
    out.observed.push(Array.from(s.mean));
    out.observedSe.push(Array.from(s.sd, (v) => v / Math.sqrt(o.seeds)));
    out.exact.push(Array.from(range(o.generations, 1), (n) => expectedW2Squared1d(1, m, n)));
    out.expansion.push(Array.from(range(o.generations, 1), (n) => w2SquaredExpansion1d(1, m, n)));
  });
  return out;
}

export function w2TheoryFigure(d: W2TheoryData): PlotlyFigure {
  const x = range(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.ms.forEach((m, i) => {
    const lo = d.observed[i].map((v, k) => Math.max(v - 4 * d.observedSe[i][k], 1e-6));
    const hi = d.observed[i].map((v, k) => v + 4 * d.observedSe[i][k]);
    traces.push(...bandTraces(x, lo, hi, `±4 SE, M = ${m}`, PALETTE[i]));
    traces.push(lineTrace(x, d.observed[i], `simulated, M = ${m}`, PALETTE[i]));
    traces.push(lineTrace(x, d.exact[i], i === 0 ? "exact E[W2²]" : "", "#000", { showlegend: i === 0, legendgroup: "exact", line: { color: "#000", dash: "dash", width: 1.5 } }));
    traces.push(lineTrace(x, d.expansion[i], i === 0 ? "(3/2)σ²n/M" : "", "#888", { showlegend: i === 0, legendgroup: "exp", line: { color: "#888", dash: "dot", width: 2 } }));
  });
  return figure(traces, baseLayout(`E[W2²(model n, truth)] over ${d.seeds} seeds vs theory (unbiased refit)`, { title: "generation n", type: "log" }, { title: "E[W2²]", type: "log" }));
}

// ---------------------------------------------------------------- d-D Gaussian (§2, §0)

export interface NdData {
  dims: number[];
  m: number;
  seeds: number;
  generations: number;
  series: { dim: number; regime: "replace" | "accumulate"; w2: number[]; trace: number[] }[];
}

/** W2² to the truth and tr Σ̂ (mean over seeds) for each d, replacing vs accumulating. */
export function gaussianNd(o: { dims: number[]; m: number; generations: number; seeds: number; seed: number }): NdData {
  const series: NdData["series"] = [];
  o.dims.forEach((dim, i) => {
    for (const regime of ["replace", "accumulate"] as const) {
      const w2 = new Float64Array(o.seeds * o.generations);
      const tr = new Float64Array(o.seeds * o.generations);
      for (let s = 0; s < o.seeds; s++) {
        const r = runGaussianChainNd({ dim, m: o.m, generations: o.generations, seed: Rng.derive(o.seed, i * 1000 + s).nextUint32(), regime });
        w2.set(r.w2Squared, s * o.generations);
        tr.set(r.traceCov, s * o.generations);
      }
      series.push({
        dim,
        regime,
        w2: Array.from(summarizeColumns(w2, o.seeds, o.generations).mean),
        trace: Array.from(summarizeColumns(tr, o.seeds, o.generations).mean, (v) => v / dim),
      });
    }
  });
  return { dims: o.dims, m: o.m, seeds: o.seeds, generations: o.generations, series };
}

export function gaussianNdFigure(d: NdData): PlotlyFigure {
  const x = range(d.generations, 1);
  const traces: Record<string, unknown>[] = [];
  d.series.forEach((s) => {
    const color = PALETTE[d.dims.indexOf(s.dim)];
    const dash = s.regime === "replace" ? "solid" : "dash";
    const name = `d = ${s.dim}, ${s.regime}`;
    traces.push(lineTrace(x, s.w2, name, color, { legendgroup: name, line: { color, dash, width: 2 } }));
    traces.push(lineTrace(x, s.trace, name, color, { legendgroup: name, showlegend: false, xaxis: "x2", yaxis: "y2", line: { color, dash, width: 2 } }));
  });
  return figure(
    traces,
    sidePanels(
      `d-dimensional Gaussian, M = ${d.m}, mean of ${d.seeds} seeds: replacing collapses, accumulating does not`,
      [
        { title: "W2²(model n, N(0, I))", x: axisTitle("generation n", "log"), y: axisTitle("W2²", "log") },
        { title: "tr Σ̂ₙ / d", x: axisTitle("generation n", "log"), y: axisTitle("mean variance per dimension", "log") },
      ],
    ),
  );
}

// ---------------------------------------------------------------- jobs (paper defaults)

/** Supplementary Fig. 3 with the paper's parameters, for one estimator (text: unbiased; code: ML). */
function gaussian1dPaperJob(name: string, title: string, estimator: Estimator): FigureJob {
  return {
    name,
    chapter: "01",
    title,
    run() {
      const params = { ms: [100, 500, 1000, 10000], generations: 1000, seed: 4, estimator };
      const data = gaussian1dPaperRuns(params);
      return { figure: gaussian1dPaperFigure(data), params, data, width: 1100, height: 450 };
    },
  };
}

/** The variance-bands run feeds two figures; the export computes it once. */
const BANDS_PARAMS = { m: 100, generations: 1000, seeds: 1000, seed: 5 };
let bandsCache: VarianceBandsData | undefined;
function exportBands(ctx: { progress(f: number): void; signal?: AbortSignal }): VarianceBandsData {
  if (!bandsCache) {
    const data = varianceBands({ ...BANDS_PARAMS, onProgress: (d, t) => ctx.progress(d / t), signal: ctx.signal });
    if (ctx.signal?.aborted) return data;
    bandsCache = data;
  }
  return bandsCache;
}

const DISCRETE_Q = Array.from({ length: 20 }, (_, i) => 1 / (i + 1) ** 1.5);
const qSum = DISCRETE_Q.reduce((a, b) => a + b, 0);
/** Default discrete truth: K = 20 states with Zipf-like q_i ∝ (i + 1)^−1.5 (a long tail). */
export const ZIPF_Q = DISCRETE_Q.map((v) => v / qSum);

export const figures: FigureJob[] = [
  {
    name: "ch01-discrete-chain",
    chapter: "01",
    title: "Discrete chain (SPEC §1): support size and Σp² per generation, with E[S_m] = 1 − (1 − 1/M)^m (1 − S_0) drawn over 500 runs",
    run(ctx) {
      const params = { q: ZIPF_Q, m: 100, generations: 400, seeds: 500, seed: 1 };
      const data = discreteChainBands(params);
      ctx.progress(1);
      return { figure: discreteChainFigure(data), params, data, width: 1100, height: 450 };
    },
  },
  {
    name: "ch01-absorption",
    chapter: "01",
    title: "Discrete chain (SPEC §1): absorption frequencies over 4000 runs vs q_i",
    run() {
      const params = { q: [0.4, 0.25, 0.15, 0.1, 0.06, 0.04], m: 50, runs: 4000, seed: 2 };
      const res = absorptionFrequencies(params);
      const data: AbsorptionData = { ...params, frequencies: Array.from(res.counts, (c) => c / params.runs), meanAbsorptionTime: res.meanAbsorptionTime };
      return { figure: absorptionFigure(data), params, data };
    },
  },
  {
    name: "ch01-tails-cut-off",
    chapter: "01",
    title: "Tails cut off by finite resampling (SPEC §3, Nature Fig. 2 illustration)",
    run() {
      const params = { m: 1000, nu: 3, centre: 4, seed: 3 };
      const data = tailsCutOff(params);
      return { figure: tailsFigure(data), params, data, width: 1200, height: 450 };
    },
  },
  gaussian1dPaperJob(
    "ch01-gaussian-1d",
    "Recursive 1-D Gaussian refit (Supplementary Fig. 3): μ = 0, σ = 1, M ∈ {100, 500, 1000, 10000}, 1000 generations, one run each",
    "unbiased",
  ),
  gaussian1dPaperJob("ch01-gaussian-1d-official-ddof0", "The same with the official code's ML (ddof = 0) standard deviation", "ml"),
  {
    name: "ch01-variance-bands",
    chapter: "01",
    title: "σ̂²_n over 1000 seeds (M = 100): E[σ²_n] = σ² vs the E[log σ²_n] drift, unbiased vs ML",
    run(ctx) {
      const data = exportBands(ctx);
      return { figure: varianceBandsFigure(data), params: BANDS_PARAMS, data, width: 1100, height: 450 };
    },
  },
  {
    name: "ch01-tail-mass",
    chapter: "01",
    title: "Mass beyond the original ±3σ per generation (M = 100, 1000 seeds): the typical model loses the tails (early collapse)",
    run(ctx) {
      const data = exportBands(ctx);
      return { figure: tailMassFigure(data), params: BANDS_PARAMS, data: { m: data.m, seeds: data.seeds, tail3: data.estimators.map((e) => ({ estimator: e.estimator, mean: e.tail3, median: e.tail3Median })) } };
    },
  },
  {
    name: "ch01-w2-theory",
    chapter: "01",
    title: "E[W2²] over 1000 seeds vs the exact formula and the (3/2)σ²n/M expansion (Supplementary §3.1.1)",
    run(ctx) {
      const params = { ms: [100, 1000, 10000], generations: 1000, seeds: 1000, seed: 6 };
      const data = w2Theory({ ...params, signal: ctx.signal });
      return { figure: w2TheoryFigure(data), params, data };
    },
  },
  {
    name: "ch01-gaussian-nd",
    chapter: "01",
    title: "d-D Gaussian (d ∈ {2, 10}, M = 100): W2² grows and Σ → 0 when replacing; bounded when accumulating",
    run(ctx) {
      const params = { dims: [2, 10], m: 100, generations: 1000, seeds: 20, seed: 7 };
      const data = gaussianNd(params);
      ctx.progress(1);
      return { figure: gaussianNdFigure(data), params, data, width: 1100, height: 450 };
    },
  },
];
