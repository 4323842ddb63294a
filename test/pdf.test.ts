/**
 * PDF figures for LaTeX (`npm run figures` writes NAME.pdf; src/render/pdf.ts) and
 * `--from-json`. Expected values come from the PDF format (ISO 32000-1: a page object is
 * `/Type /Page`, its `/MediaBox [0 0 W H]` in points, an embedded TrueType/CFF font is a
 * `/FontFile2`/`/FontFile3` stream) and from CSS units (1 px = 0.75 pt, 1 in = 72 pt).
 * poppler's pdfinfo/pdffonts, when installed, give a second opinion; they are not required.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import type { FigureJob } from "../src/figures/types";
import { baseLayout, figure, lineTrace, PALETTE } from "../src/figures/style";
import { Rng } from "../src/random/rng";
import { findChromium } from "../src/render/chromium";
import { browserOrSkip } from "./helpers/browser";
import { pdfGeometry, PRINT_WIDTHS, PT_PER_PX, withFixedPdfDates } from "../src/render/pdf";
import { exportFigures, readStoredFigure, type ExportOptions } from "../scripts/export-figures";
import { parseArgs } from "../scripts/figures";

/** A seeded random walk, 400 × 300 px: small enough to draw in well under a second. */
function walkJob(name: string, seed: number): FigureJob {
  return {
    name,
    chapter: "00",
    title: `Random walk ${name}`,
    run() {
      const rng = new Rng(seed);
      const y = new Float64Array(30);
      for (let i = 1; i < y.length; i++) y[i] = y[i - 1] + rng.normal();
      const x = y.map((_, i) => i);
      const fig = figure([lineTrace(x, y, "walk", PALETTE[0])], baseLayout(`Walk ${seed}`, { title: "generation n" }, { title: "position σ²" }));
      return { figure: fig, params: { seed }, data: { x, y }, width: 400, height: 300 };
    },
  };
}

interface PdfFacts {
  pages: number;
  mediaBox: number[];
  embeddedFontFiles: number;
  rasterImages: number;
}

/** What the test needs from a PDF, read from its (uncompressed) object dictionaries. */
function pdfFacts(bytes: Buffer): PdfFacts {
  const text = bytes.toString("latin1");
  assert.ok(text.startsWith("%PDF-"), "a PDF starts with %PDF-");
  if (/\/ObjStm/.test(text)) assert.fail("objects are in compressed object streams; this reader cannot see them");
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*([-\d.\s]+)\]/g)].map((m) => m[1].trim().split(/\s+/).map(Number));
  assert.equal(boxes.length, 1, `one /MediaBox, got ${boxes.length}`);
  return {
    pages: (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length,
    mediaBox: boxes[0],
    embeddedFontFiles: (text.match(/\/FontFile[23]\b/g) ?? []).length,
    rasterImages: (text.match(/\/Subtype\s*\/Image\b/g) ?? []).length,
  };
}

function hasTool(name: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
}

/** pdfinfo's page count and size (pts), when poppler is installed. */
function pdfinfo(file: string): { pages: number; width: number; height: number } | undefined {
  if (!hasTool("pdfinfo")) return undefined;
  const out = spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout;
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  const pages = /Pages:\s+(\d+)/.exec(out);
  assert.ok(size && pages, out);
  return { pages: Number(pages[1]), width: Number(size[1]), height: Number(size[2]) };
}

/** pdffonts' rows as {name, emb}, read at the column offsets of its header, when installed. */
function pdffonts(file: string): { name: string; emb: string }[] | undefined {
  if (!hasTool("pdffonts")) return undefined;
  const lines = spawnSync("pdffonts", [file], { encoding: "utf8" }).stdout.split("\n");
  const at = lines[0].indexOf(" emb ") + 1;
  assert.ok(at > 0 && /^-+/.test(lines[1]), lines.join("\n"));
  return lines.slice(2).filter((l) => l.trim()).map((l) => ({ name: l.split(/\s+/)[0], emb: l.slice(at, at + 3) }));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-pdf-"));
}

test("pdfGeometry: native is the figure's size at 0.75 pt/px; column and page keep the aspect ratio at 3.5 in and 7 in", () => {
  assert.deepEqual(pdfGeometry("native", 900, 500), { layoutWidth: 900, layoutHeight: 500, pageWidthPt: 675, pageHeightPt: 375 });
  const column = pdfGeometry("column", 900, 500);
  assert.equal(column.pageWidthPt, 252);
  assert.equal(column.layoutWidth, PRINT_WIDTHS.column.layoutWidthPx);
  assert.ok(Math.abs(column.pageHeightPt / column.pageWidthPt - 500 / 900) < 0.005, JSON.stringify(column));
  assert.equal(column.pageHeightPt / column.pageWidthPt, column.layoutHeight / column.layoutWidth, "page and layout agree exactly");
  const page = pdfGeometry("page", 400, 300);
  assert.deepEqual([page.pageWidthPt, page.pageHeightPt], [504, 378]);
  // The readability rule behind PRINT_WIDTHS: style.ts's 13 px font prints at >= 7 pt.
  for (const size of ["column", "page"] as const) {
    const g = pdfGeometry(size, 900, 500);
    const printedPt = 13 * PT_PER_PX * ((g.pageWidthPt / PT_PER_PX) / g.layoutWidth);
    assert.ok(printedPt >= 7, `${size}: 13 px prints at ${printedPt.toFixed(2)} pt`);
  }
  assert.throws(() => pdfGeometry("a4" as never, 900, 500), /size must be one of native, column, page, got "a4"/);
  assert.throws(() => pdfGeometry("native", 9.5, 500), /width must be an integer number of pixels in \[10, 10000\], got 9.5/);
});

test("withFixedPdfDates sets both dates to 2000-01-01 and keeps the file's length, so its xref offsets stay valid", () => {
  const pdf = Buffer.from("%PDF-1.4\n1 0 obj <</Producer (Skia/PDF m156) /CreationDate (D:20261201194748+00'00') /ModDate (D:20261201194748+00'00')>> endobj\n", "latin1");
  const fixed = withFixedPdfDates(pdf);
  assert.equal(fixed.length, pdf.length);
  assert.equal(fixed.toString("latin1"), pdf.toString("latin1").replace(/D:20261201194748/g, "D:20000101000000"));
  const plain = Buffer.from("%PDF-1.4 no dates here", "latin1");
  assert.ok(withFixedPdfDates(plain).equals(plain));
});

test("the CLI takes --size native|column|page (default native) and --from-json", () => {
  assert.equal(parseArgs([], {}, "/d").pdfSize, "native");
  assert.equal(parseArgs([], {}, "/d").fromJson, false);
  const args = parseArgs(["--from-json", "--size", "column", "--only", "a"], {}, "/d");
  assert.deepEqual([args.fromJson, args.pdfSize, args.only], [true, "column", ["a"]]);
  assert.equal(parseArgs(["--size=page"], {}, "/d").pdfSize, "page");
  assert.throws(() => parseArgs(["--size", "a4"], {}, "/d"), /--size must be one of native, column, page, got "a4"/);
});

test("--from-json without the figure's JSON fails that figure, naming the file, and writes nothing", async () => {
  const dir = tempDir();
  try {
    assert.throws(() => readStoredFigure(dir, "ch00-none"), /--from-json needs .*ch00-none\.json; export the figure once without --from-json/);
    const lines: string[] = [];
    const result = await exportFigures({
      jobs: [walkJob("ch00-none", 1)],
      outDir: dir,
      fromJson: true,
      findBrowser: () => findChromium({ env: {}, candidates: [] }),
      log: (l) => lines.push(l),
    });
    assert.equal(result.exitCode, 1);
    assert.match(result.figures[0].error ?? "", /ch00-none\.json/);
    assert.deepEqual(fs.readdirSync(dir), ["index.md"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("real Chromium: one-page vector PDF at the figure's size with fonts embedded; --from-json redraws the same SVG and leaves the JSON alone", async (t) => {
  const executablePath = browserOrSkip(t);
  if (!executablePath) return;
  const chrome = executablePath;
  const dir = tempDir();
  const run = async (extra: Partial<ExportOptions>) => {
    const lines: string[] = [];
    const result = await exportFigures({ jobs: [walkJob("ch00-walk", 5)], outDir: dir, findBrowser: () => ({ executablePath: chrome, reason: "test" }), log: (l) => lines.push(l), ...extra });
    assert.equal(result.exitCode, 0, lines.join("\n"));
    return { result, lines };
  };
  const file = (ext: string) => path.join(dir, `ch00-walk.${ext}`);
  try {
    const first = await run({ pdfSize: "native" });
    assert.deepEqual(fs.readdirSync(dir).sort(), ["ch00-walk.json", "ch00-walk.pdf", "ch00-walk.png", "ch00-walk.svg", "index.md"]);
    assert.match(fs.readFileSync(path.join(dir, "index.md"), "utf8"), /\[svg\]\(ch00-walk\.svg\) · \[png\]\(ch00-walk\.png\) · \[pdf\]\(ch00-walk\.pdf\) · \[json\]\(ch00-walk\.json\)/);
    assert.match(first.lines.join("\n"), /ch00-walk +\d+\.\d s {2}\(PDF \d+\.\d s\)/, "the time table shows the PDF's share");

    const native = pdfFacts(fs.readFileSync(file("pdf")));
    assert.equal(native.pages, 1, "exactly one page");
    assert.equal(native.mediaBox.length, 4);
    assert.deepEqual(native.mediaBox.slice(0, 2), [0, 0]);
    // 400 × 300 CSS px at 0.75 pt/px; Chromium rounds the page to its print units (±1 pt).
    assert.ok(Math.abs(native.mediaBox[2] - 300) <= 1 && Math.abs(native.mediaBox[3] - 225) <= 1, `MediaBox ${native.mediaBox}`);
    assert.ok(native.embeddedFontFiles >= 1, "an embedded font program (/FontFile2 or /FontFile3)");
    assert.equal(native.rasterImages, 0, "a line plot prints as vectors and text, no bitmap");
    const info = pdfinfo(file("pdf"));
    if (info) {
      assert.equal(info.pages, 1);
      assert.ok(Math.abs(info.width - 300) <= 1 && Math.abs(info.height - 225) <= 1, JSON.stringify(info));
    }
    const fonts = pdffonts(file("pdf"));
    if (fonts) {
      assert.ok(fonts.length >= 1 && fonts.some((f) => /LiberationSans/.test(f.name)), JSON.stringify(fonts));
      assert.deepEqual(fonts.filter((f) => f.emb !== "yes"), [], "every font embedded");
    }

    const firstPdf = fs.readFileSync(file("pdf"));
    // A second later the print would carry another date: the bytes must not change.
    await new Promise((r) => setTimeout(r, 1100));
    await run({ pdfSize: "native", fromJson: true });
    assert.ok(fs.readFileSync(file("pdf")).equals(firstPdf), "the same figure prints to the same PDF bytes (fixed creation and modification dates)");

    const json = fs.readFileSync(file("json"));
    const svg = fs.readFileSync(file("svg"));
    const png = fs.readFileSync(file("png"));
    fs.utimesSync(file("json"), new Date(0), new Date(0));
    const redraw = await run({ pdfSize: "column", fromJson: true });
    assert.deepEqual(redraw.result.figures[0].files.sort(), ["ch00-walk.pdf", "ch00-walk.png", "ch00-walk.svg"], "the JSON is not rewritten");
    assert.ok(fs.readFileSync(file("json")).equals(json));
    assert.equal(fs.statSync(file("json")).mtimeMs, 0, "the JSON file was not touched");
    assert.ok(fs.readFileSync(file("svg")).equals(svg), "the SVG redrawn from the JSON is byte-identical to the first export's");
    assert.ok(fs.readFileSync(file("png")).equals(png), "so is the PNG");

    const column = pdfFacts(fs.readFileSync(file("pdf")));
    assert.equal(column.pages, 1);
    assert.ok(Math.abs(column.mediaBox[2] - 252) <= 1, `column width 3.5 in = 252 pt, MediaBox ${column.mediaBox}`);
    assert.ok(Math.abs(column.mediaBox[3] - 252 * (300 / 400)) <= 1, `aspect ratio kept, MediaBox ${column.mediaBox}`);
    assert.ok(column.embeddedFontFiles >= 1);

    await run({ pdfSize: "page", fromJson: true });
    const page = pdfFacts(fs.readFileSync(file("pdf")));
    assert.ok(Math.abs(page.mediaBox[2] - 504) <= 1 && Math.abs(page.mediaBox[3] - 378) <= 1, `page width 7 in = 504 pt, MediaBox ${page.mediaBox}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
