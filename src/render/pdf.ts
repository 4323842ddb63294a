/**
 * PDF figures for LaTeX: one vector page exactly the size of the figure, printed by
 * Chromium from the figure's SVG (see ./renderer.ts). This module holds the geometry:
 * which size a figure is laid out at and which page size it is printed on.
 *
 * Units: plotly lays figures out in CSS pixels; CSS (and Chromium's printing) defines
 * 1 in = 96 px = 72 pt, so 1 px = 0.75 pt.
 */

export type PdfSize = "native" | "column" | "page";

export const PDF_SIZES: readonly PdfSize[] = ["native", "column", "page"];

/** Points per CSS pixel (CSS Values 4, "absolute lengths": 1in = 96px = 72pt). */
export const PT_PER_PX = 0.75;

/**
 * Printed widths and the widths plotly lays the figure out at for them.
 *
 * A figure is re-laid-out at a smaller width, not shrunk: shrinking a 900 px figure to
 * 3.5 in would print its 13 px fonts (style.ts) at 3.8 pt. Plotly keeps font sizes in px
 * when the figure gets narrower and gives the plot area less room instead, so the layout
 * width fixes the printed font size: a font of f px prints at f · 0.75 · (printed width
 * in px / layout width) pt.
 * - column, 3.5 in = 336 px printed, laid out at 448 px (k = 4/3): 13 px prints at 7.3 pt,
 *   just above the ~7 pt journals ask as a minimum, while 448 px still leaves the plot
 *   area ~360 px between style.ts's 70 px and 20 px margins. At k = 1 (336 px) the plot
 *   area would be cramped to ~250 px; at k = 1.5 the text falls to 6.5 pt.
 * - page, 7 in = 672 px printed, laid out at 672 px (k = 1): 13 px prints at 9.75 pt,
 *   the size of the body text the figure sits in, and a full-width figure has the room.
 */
export const PRINT_WIDTHS: Readonly<Record<Exclude<PdfSize, "native">, { inches: number; layoutWidthPx: number }>> = {
  column: { inches: 3.5, layoutWidthPx: 448 },
  page: { inches: 7, layoutWidthPx: 672 },
};

export interface PdfGeometry {
  /** Size plotly lays the figure out at, CSS px. */
  layoutWidth: number;
  layoutHeight: number;
  /** Size of the PDF page, points. */
  pageWidthPt: number;
  pageHeightPt: number;
}

/**
 * Layout and page size of a figure of `width` × `height` px printed at `size`; `column` and
 * `page` keep the figure's aspect ratio (the layout height is rounded to whole px, and the
 * page height follows the rounded layout so the page and the drawing agree exactly).
 */
export function pdfGeometry(size: PdfSize, width: number, height: number): PdfGeometry {
  if (!PDF_SIZES.includes(size)) throw new RangeError(`size must be one of ${PDF_SIZES.join(", ")}, got ${JSON.stringify(size)}`);
  for (const [name, v] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(v) || v < 10 || v > 10000) throw new RangeError(`${name} must be an integer number of pixels in [10, 10000], got ${String(v)}`);
  }
  if (size === "native") return { layoutWidth: width, layoutHeight: height, pageWidthPt: width * PT_PER_PX, pageHeightPt: height * PT_PER_PX };
  const { inches, layoutWidthPx } = PRINT_WIDTHS[size];
  const layoutHeight = Math.max(10, Math.round((layoutWidthPx * height) / width));
  const pageWidthPt = inches * 72;
  return { layoutWidth: layoutWidthPx, layoutHeight, pageWidthPt, pageHeightPt: (pageWidthPt * layoutHeight) / layoutWidthPx };
}

/**
 * An HTML page that prints `svg` (plotly's SVG, with its viewBox) on exactly one page of
 * the given size: `@page` sets the paper and no margins, the SVG is a block (no line box
 * below it) scaled by CSS to the page, so the drawing stays vector and text stays text.
 */
export function printableSvgPage(svg: string, pageWidthPt: number, pageHeightPt: number): string {
  const w = `${pageWidthPt}pt`;
  const h = `${pageHeightPt}pt`;
  return [
    "<!doctype html><html><head><meta charset='utf-8'><style>",
    `@page { size: ${w} ${h}; margin: 0 }`,
    `html, body { margin: 0; padding: 0; width: ${w}; height: ${h}; overflow: hidden }`,
    `body > svg { display: block; width: ${w}; height: ${h} }`,
    "</style></head><body>",
    svg,
    "</body></html>",
  ].join("\n");
}

/**
 * `pdf` with its creation and modification dates set to a fixed instant (2000-01-01), so the
 * same figure prints to the same bytes on every run, like its JSON, SVG and PNG. PDF dates
 * are fixed-width strings (D:YYYYMMDDHHmmSS+HH'mm'), so the replacement keeps every byte
 * offset of the cross-reference table valid.
 */
export function withFixedPdfDates(pdf: Buffer): Buffer {
  const text = pdf.toString("latin1");
  const fixed = text.replace(/\/(CreationDate|ModDate) \(D:\d{14}([+-]\d{2}'\d{2}'|Z)?\)/g, (m, key: string, zone: string | undefined) => {
    const stamp = `D:20000101000000${zone === undefined ? "" : zone === "Z" ? "Z" : "+00'00'"}`;
    const out = `/${key} (${stamp})`;
    return out.length === m.length ? out : m;
  });
  return Buffer.from(fixed, "latin1");
}
