/**
 * `await show(fig)`: displays a plotly figure in a notebook as ONE output carrying
 *   - `application/vnd.plotly.v1+json`: interactive in JupyterLab (plotly extension) and VS Code,
 *   - `image/png`: rendered now in headless Chromium, shown everywhere (GitHub, nbviewer),
 *   - `text/plain`: the title and a one-line summary of the traces.
 * No `text/html`: inline plotly.js is 4.8 MB per output and does not run in untrusted
 * notebooks (README.md, "What each Jupyter front-end shows").
 * Without a browser the output keeps the interactive figure and says once why no PNG.
 */
import type { PlotlyFigure } from "../figures/types";
import { toPlainJson } from "../render/json";
import { sharedRenderer } from "../render/shared";
import { kernelDisplayWriter, type DisplayContent } from "./kernel";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface ShowOptions {
  /** Pixel size of the PNG (and of the interactive figure when given). */
  width?: number;
  height?: number;
  /** First words of the text/plain summary; defaults to the layout's title. */
  title?: string;
}

/** PNG size when neither the options nor the layout give one (the export's default). */
export const DEFAULT_WIDTH = 900;
export const DEFAULT_HEIGHT = 500;

function layoutTitle(layout: Record<string, unknown>): string | undefined {
  const title = layout.title;
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && typeof (title as { text?: unknown }).text === "string") {
    return (title as { text: string }).text;
  }
  return undefined;
}

function pointCount(trace: Record<string, unknown>): number | undefined {
  for (const key of ["y", "x", "z", "values"]) {
    const v = trace[key];
    if (Array.isArray(v) || ArrayBuffer.isView(v)) return (v as ArrayLike<unknown>).length;
  }
  return undefined;
}

/** `Title — 3 traces: scatter "gen 0" (100 pts), …` on one line. */
export function figureSummary(fig: PlotlyFigure, title?: string): string {
  const heading = title ?? layoutTitle(fig.layout ?? {}) ?? "plotly figure";
  const traces = fig.data.map((trace) => {
    const type = typeof trace.type === "string" ? trace.type : "scatter";
    const name = typeof trace.name === "string" ? ` "${trace.name}"` : "";
    const n = pointCount(trace);
    return `${type}${name}${n === undefined ? "" : ` (${n} pts)`}`;
  });
  const count = `${traces.length} trace${traces.length === 1 ? "" : "s"}`;
  return `${heading} — ${count}${traces.length ? ": " + traces.join(", ") : ""}`.replace(/\s+/g, " ");
}

/** Positive integer pixel size from the options, else the layout, else the default. */
export function figureSize(fig: PlotlyFigure, opts: ShowOptions = {}): { width: number; height: number } {
  const pick = (key: "width" | "height", fallback: number): number => {
    const given = opts[key];
    if (given !== undefined) {
      if (typeof given !== "number" || !Number.isInteger(given) || given < 10 || given > 10000) {
        throw new RangeError(`show: ${key} must be an integer number of pixels in [10, 10000], got ${String(given)}`);
      }
      return given;
    }
    const fromLayout = (fig.layout ?? {})[key];
    return typeof fromLayout === "number" && Number.isInteger(fromLayout) && fromLayout >= 10 ? fromLayout : fallback;
  };
  return { width: pick("width", DEFAULT_WIDTH), height: pick("height", DEFAULT_HEIGHT) };
}

/**
 * The display message content for `fig`: pure, so it is tested without a kernel.
 * `png` is the rendered image (omitted when there is no browser).
 */
export function displayPayload(fig: PlotlyFigure, opts: ShowOptions & { png?: Buffer } = {}): DisplayContent {
  const { width, height } = figureSize(fig, opts);
  const layout: Record<string, unknown> = { ...(fig.layout ?? {}) };
  // A size is pinned only when asked for; otherwise the interactive figure fills the cell.
  if (opts.width !== undefined) layout.width = width;
  if (opts.height !== undefined) layout.height = height;
  const data: Record<string, unknown> = {
    [PLOTLY_MIME]: toPlainJson({ data: fig.data, layout, config: { displaylogo: false, responsive: true } }),
  };
  const metadata: Record<string, unknown> = {};
  if (opts.png) {
    data["image/png"] = opts.png.toString("base64");
    metadata["image/png"] = { width, height };
  }
  data["text/plain"] = figureSummary(fig, opts.title);
  return { data, metadata, transient: {} };
}

const NOTE_KEY = Symbol.for("collapse-lab.show.noPngNoteGiven");

/** Says once per process why outputs carry no PNG. */
function noteMissingPng(reason: string): void {
  const g = globalThis as Record<symbol, boolean | undefined>;
  if (g[NOTE_KEY]) return;
  g[NOTE_KEY] = true;
  process.stderr.write(
    `show: figures are shown interactively but without a PNG copy (GitHub and nbviewer will not show them): ${reason}\n`,
  );
}

function checkFigure(fig: PlotlyFigure): void {
  if (fig === null || typeof fig !== "object" || !Array.isArray(fig.data)) {
    throw new TypeError("show: fig must be a plotly figure {data: [...traces], layout: {...}}");
  }
}

/** Displays `fig` in the notebook (see the module comment). Outside a kernel, prints its summary. */
export async function show(fig: PlotlyFigure, opts: ShowOptions = {}): Promise<void> {
  checkFigure(fig);
  const size = figureSize(fig, opts);
  // Read before any await: tslab points it at the cell that is running now.
  const write = kernelDisplayWriter();
  if (!write) {
    process.stdout.write(`${figureSummary(fig, opts.title)} (not in a notebook kernel: nothing displayed)\n`);
    return;
  }
  let png: Buffer | undefined;
  const { renderer, reason } = sharedRenderer();
  if (!renderer) {
    noteMissingPng(reason);
  } else {
    try {
      png = await renderer.render(fig, { format: "png", width: size.width, height: size.height, scale: 1 });
    } catch (error) {
      process.stderr.write(`show: no PNG for this figure: ${(error as Error).message}\n`);
    }
  }
  write(displayPayload(fig, { ...opts, png }), false);
}
