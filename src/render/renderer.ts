/**
 * Renders plotly figures to SVG or PNG in headless Chromium, driven by
 * playwright-core: one browser and one blank page per renderer, plotly.js loaded into it once,
 * then per figure `Plotly.newPlot(..., {staticPlot: true})` and `Plotly.toImage`.
 * PDF is that SVG printed by Chromium on one page of the figure's size (./pdf.ts): vector,
 * with the fonts embedded (subset) by Chromium's PDF backend.
 * Launch costs ~1.5 s (plotly.js is 4.8 MB); each figure then takes tens of milliseconds,
 * so callers keep one renderer for many figures and close it at the end.
 */
import type { Browser, Page } from "playwright-core";
import type { PlotlyFigure } from "../figures/types";
import { toPlainJson } from "./json";
import { pdfGeometry, printableSvgPage, withFixedPdfDates, type PdfSize } from "./pdf";

/**
 * Flags for a root user on a closed network: no sandbox (root), no GPU, and nothing that
 * phones home (QUIC, component updates, sync, background networking) and could stall.
 * playwright-core adds `--headless` and a fresh temporary `--user-data-dir` itself.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type ImageFormat = "svg" | "png";

export interface RenderOptions {
  format: ImageFormat;
  /** CSS pixels. */
  width: number;
  height: number;
  /** Device pixel ratio for PNG (2 for export, 1 in notebooks); SVG ignores it. */
  scale?: number;
}

export interface PdfOptions {
  /** The figure's own size, CSS pixels, as for `render`. */
  width: number;
  height: number;
  /** Page size (./pdf.ts): the figure's own size (default), one column or the page width. */
  size?: PdfSize;
}

export interface RendererOptions {
  executablePath: string;
  /** Milliseconds to wait for the browser to start; default 30 000. */
  launchTimeoutMs?: number;
  /** Milliseconds one figure may take before the browser is restarted; default 60 000. */
  renderTimeoutMs?: number;
}

/** Thrown by `render` after `close()`: the renderer cannot be used any more. */
export class RendererClosedError extends Error {
  constructor() {
    super("figure renderer was closed");
    this.name = "RendererClosedError";
  }
}

function checkRenderOptions(options: RenderOptions): void {
  if (options.format !== "svg" && options.format !== "png") {
    throw new RangeError(`format must be "svg" or "png", got ${JSON.stringify(options.format)}`);
  }
  for (const key of ["width", "height"] as const) {
    const v = options[key];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 10 || v > 10000) {
      throw new RangeError(`${key} must be an integer number of pixels in [10, 10000], got ${String(v)}`);
    }
  }
  const scale = options.scale ?? 1;
  if (typeof scale !== "number" || !(scale > 0 && scale <= 8)) {
    throw new RangeError(`scale must be a number in (0, 8], got ${String(scale)}`);
  }
}


interface PageImageRequest {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
  format: ImageFormat;
  width: number;
  height: number;
  scale: number;
}

/** Runs inside the page: draws the figure in a fresh div, exports it, removes the div. */
async function drawAndExport(request: PageImageRequest): Promise<string> {
  // This function is serialised into the browser page, where `Plotly` and `document` exist.
  const g = globalThis as unknown as {
    Plotly: {
      newPlot(gd: unknown, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
      toImage(gd: unknown, opts: unknown): Promise<string>;
      purge(gd: unknown): void;
    };
    document: { createElement(tag: string): unknown; body: { appendChild(n: unknown): void; removeChild(n: unknown): void } };
  };
  const gd = g.document.createElement("div");
  g.document.body.appendChild(gd);
  // Plotly names clip paths and defs with Math.random ids (Lib.randstr): a seeded generator
  // (mulberry32) while drawing makes the same figure give the same SVG bytes every time.
  const random = Math.random;
  let state = 0x2f6b1d3;
  Math.random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  try {
    const layout = Object.assign({}, request.layout, { width: request.width, height: request.height });
    await g.Plotly.newPlot(gd, request.data, layout, { staticPlot: true });
    return await g.Plotly.toImage(gd, { format: request.format, width: request.width, height: request.height, scale: request.scale });
  } finally {
    Math.random = random;
    g.Plotly.purge(gd);
    g.document.body.removeChild(gd);
  }
}

/** Decodes what `Plotly.toImage` returns: a URI-encoded SVG data URL or a base64 PNG one. */
export function decodeImageDataUrl(format: ImageFormat, dataUrl: string): string | Buffer {
  const comma = dataUrl.indexOf(",");
  if (!dataUrl.startsWith("data:") || comma < 0) throw new Error(`plotly returned no data URL for ${format}`);
  const header = dataUrl.slice(5, comma);
  const body = dataUrl.slice(comma + 1);
  if (format === "png") {
    if (!header.endsWith(";base64")) throw new Error("plotly returned a PNG that is not base64-encoded");
    return Buffer.from(body, "base64");
  }
  return header.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/**
 * Prints an SVG on one page of `widthPt` × `heightPt` in a fresh tab of the renderer's
 * browser (the plotly page stays as it is). `pageRanges: "1"` guards against a rounding
 * sliver spilling onto a blank second page; Chromium embeds the fonts it used, subset.
 */
async function printPdf(plotlyPage: Page, svg: string, widthPt: number, heightPt: number): Promise<Buffer> {
  const browser = plotlyPage.context().browser();
  if (!browser) throw new Error("the figure page has no browser to print in");
  const page = await browser.newPage();
  try {
    await page.setContent(printableSvgPage(svg, widthPt, heightPt));
    await page.evaluate(() => (globalThis as unknown as { document: { fonts: { ready: Promise<unknown> } } }).document.fonts.ready);
    // page.pdf takes px, in, cm or mm, not pt: 1 in = 72 pt.
    return withFixedPdfDates(await page.pdf({ width: `${widthPt / 72}in`, height: `${heightPt / 72}in`, printBackground: true, pageRanges: "1", margin: { top: "0", right: "0", bottom: "0", left: "0" } }));
  } finally {
    await page.close().catch(() => undefined);
  }
}

function imageRequest(fig: PlotlyFigure, options: RenderOptions): PageImageRequest {
  if (fig === null || typeof fig !== "object" || !Array.isArray(fig.data)) {
    throw new TypeError("fig must be a plotly figure {data: [...], layout: {...}}");
  }
  return {
    ...toPlainJson({ data: fig.data, layout: fig.layout ?? {} }),
    format: options.format,
    width: options.width,
    height: options.height,
    scale: options.scale ?? 1,
  };
}

export class FigureRenderer {
  private readonly options: RendererOptions;
  private pagePromise: Promise<Page> | undefined;
  private browser: Browser | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(options: RendererOptions) {
    if (typeof options.executablePath !== "string" || options.executablePath === "") {
      throw new RangeError("executablePath must be the path of a Chromium executable (see findChromium())");
    }
    this.options = options;
  }

  render(fig: PlotlyFigure, options: RenderOptions & { format: "svg" }): Promise<string>;
  render(fig: PlotlyFigure, options: RenderOptions & { format: "png" }): Promise<Buffer>;
  render(fig: PlotlyFigure, options: RenderOptions): Promise<string | Buffer>;
  /** One figure as SVG text or PNG bytes; calls are serialised on the one page. */
  render(fig: PlotlyFigure, options: RenderOptions): Promise<string | Buffer> {
    checkRenderOptions(options);
    const request = imageRequest(fig, options);
    return this.enqueue(async (page) => decodeImageDataUrl(options.format, await this.withTimeout(page.evaluate(drawAndExport, request))));
  }

  /**
   * One figure as a one-page vector PDF (bytes): its SVG, laid out at the size `options.size`
   * calls for (./pdf.ts), printed on a page of exactly that size.
   */
  renderPdf(fig: PlotlyFigure, options: PdfOptions): Promise<Buffer> {
    const geometry = pdfGeometry(options.size ?? "native", options.width, options.height);
    const request = imageRequest(fig, { format: "svg", width: geometry.layoutWidth, height: geometry.layoutHeight });
    return this.enqueue(async (page) => {
      const svg = decodeImageDataUrl("svg", await this.withTimeout(page.evaluate(drawAndExport, request)));
      return this.withTimeout(printPdf(page, String(svg), geometry.pageWidthPt, geometry.pageHeightPt));
    });
  }

  /** Runs `work` on the plotly page after every earlier call: one figure at a time. */
  private enqueue<T>(work: (page: Page) => Promise<T>): Promise<T> {
    const job = this.queue.then(async () => {
      if (this.closed) throw new RendererClosedError();
      return work(await this.page());
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  /** Launches the browser and loads plotly.js now (otherwise the first render does). */
  async warmUp(): Promise<void> {
    await this.page();
  }

  /** Closes the browser; idempotent (every caller waits for the same close). Pending renders reject. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closed = true;
      const pagePromise = this.pagePromise;
      const browser = this.browser;
      this.pagePromise = undefined;
      this.browser = undefined;
      // A launch still in flight closes what it opened itself (see launch()).
      const launched = browser ? Promise.resolve(browser) : pagePromise?.then((p) => p.context().browser());
      this.closing = (launched ?? Promise.resolve(undefined)).then((b) => b?.close()).catch(() => undefined);
    }
    return this.closing;
  }

  /** A hung page would hang every later render: give up on it and relaunch next time. */
  private withTimeout<T>(work: Promise<T>): Promise<T> {
    const ms = this.options.renderTimeoutMs ?? 60000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const browser = this.browser;
        this.browser = undefined;
        this.pagePromise = undefined;
        void browser?.close().catch(() => undefined);
        reject(new Error(`rendering a figure took more than ${ms} ms; the browser was restarted`));
      }, ms);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  private page(): Promise<Page> {
    if (this.closed) return Promise.reject(new RendererClosedError());
    if (!this.pagePromise) {
      this.pagePromise = this.launch();
      // A failed launch is not cached: the next render tries again.
      this.pagePromise.catch(() => {
        this.pagePromise = undefined;
      });
    }
    return this.pagePromise;
  }

  private async launch(): Promise<Page> {
    // Loaded here, not at import time: notebooks and tests import this module without a browser.
    const { chromium } = require("playwright-core") as typeof import("playwright-core");
    const browser = await chromium.launch({
      executablePath: this.options.executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: this.options.launchTimeoutMs ?? 30000,
      // Ctrl-C and signals are the owner's business (the kernel uses SIGINT to interrupt a
      // cell); the owner closes the renderer, and playwright kills the browser on exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    if (this.closed) {
      await browser.close();
      throw new RendererClosedError();
    }
    this.browser = browser;
    browser.on("disconnected", () => {
      // A crashed browser is relaunched by the next render.
      if (this.browser === browser) {
        this.browser = undefined;
        this.pagePromise = undefined;
      }
    });
    const page = await browser.newPage();
    page.on("crash", () => {
      // A crashed page fails every later render: start over with a new browser next time.
      if (this.browser === browser) {
        this.browser = undefined;
        this.pagePromise = undefined;
        void browser.close().catch(() => undefined);
      }
    });
    await page.setContent("<!doctype html><html><head><meta charset='utf-8'></head><body></body></html>");
    await page.addScriptTag({ path: require.resolve("plotly.js-dist/plotly.js") });
    return page;
  }
}
