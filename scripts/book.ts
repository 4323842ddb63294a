/**
 * `npm run book`: a static site of the executed chapter notebooks in `book/` (issue "static
 * book"), built from the committed notebooks' stored outputs — no kernel, no server, no
 * Python. Markdown via markdown-it, math via KaTeX and code via highlight.js at build time;
 * plotly figures stay live, drawn by one local copy of plotly.js. Every asset is copied
 * into book/assets, so the book opens from file:// with no network.
 */
import * as fs from "fs";
import * as path from "path";
import { escapeHtml, renderInlineMarkdown, renderMarkdown } from "./book/markdown";
import { renderNotebook, type Notebook } from "./book/notebook";
import { BOOK_CSS, htmlPage } from "./book/page";
import { chapterNotebooks } from "./notebook-files";
import { figureIndex, readmeChapters, readmeIntro, type GalleryFigure } from "./book/sources";

export interface BuildBookOptions {
  /** Folder to write the site into (created; existing files are overwritten). */
  outDir: string;
  /** The repository root holding README.md, notebooks/ and figures/. */
  root: string;
}

export interface BookPage {
  /** File name inside outDir, e.g. `01-statistical-approximation.html`. */
  file: string;
  title: string;
  /** Bytes of the HTML plus the images written for it. */
  htmlBytes: number;
  imageBytes: number;
  /** Plotly outputs in the notebook, each drawn live on the page (0 for the index). */
  plotlyFigures: number;
  /** The notebook the page was built from (undefined for the index). */
  notebook?: string;
}

export interface BookResult {
  pages: BookPage[];
  /** Every byte written, assets included. */
  totalBytes: number;
  milliseconds: number;
}

/** The chapter notebooks' file names (`NN-name.ipynb`), in chapter order. */
export function chapterFiles(root: string): string[] {
  return chapterNotebooks(path.join(root, "notebooks")).map((file) => path.basename(file));
}

function copyInto(from: string, to: string): number {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
  return fs.statSync(to).size;
}

/** plotly.js, KaTeX's CSS and fonts, a highlight.js theme and the book's CSS, once for all pages. */
function copyAssets(root: string, outDir: string): number {
  const modules = path.join(root, "node_modules");
  const assets = path.join(outDir, "assets");
  let bytes = copyInto(path.join(modules, "plotly.js-dist", "plotly.js"), path.join(assets, "plotly.js"));
  bytes += copyInto(path.join(modules, "katex", "dist", "katex.min.css"), path.join(assets, "katex", "katex.min.css"));
  const fonts = path.join(modules, "katex", "dist", "fonts");
  for (const font of fs.readdirSync(fonts)) bytes += copyInto(path.join(fonts, font), path.join(assets, "katex", "fonts", font));
  bytes += copyInto(path.join(modules, "highlight.js", "styles", "github.min.css"), path.join(assets, "github.min.css"));
  fs.writeFileSync(path.join(assets, "book.css"), BOOK_CSS);
  return bytes + Buffer.byteLength(BOOK_CSS);
}

function chapterNav(names: string[], i: number, notebookFile: string): string {
  const link = (j: number, label: string) => (j >= 0 && j < names.length ? `<a href="${names[j]}.html">${label}</a>` : `<span></span>`);
  return (
    `${link(i - 1, `← ${escapeHtml(names[i - 1] ?? "")}`)}` +
    `<a href="index.html">Chapters</a>` +
    `<a href="../notebooks/${notebookFile}" class="run-it">notebook (${escapeHtml(notebookFile)})</a>` +
    `${link(i + 1, `${escapeHtml(names[i + 1] ?? "")} →`)}`
  );
}

/** Links in README.md are relative to the repository root; the book is one folder down. */
function fromRepositoryRoot(html: string): string {
  return html.replace(/(href|src)="(?![a-z][a-z0-9+.-]*:|#|\/|\.\.\/)([^"]+)"/gi, '$1="../$2"');
}

function gallery(figures: GalleryFigure[], root: string, outDir: string): { html: string; bytes: number } {
  let bytes = 0;
  const sections: string[] = [];
  let current = "";
  let items: string[] = [];
  const flush = () => {
    if (items.length) sections.push(`<h3>${escapeHtml(current)}</h3>\n<div class="gallery">${items.join("\n")}</div>`);
    items = [];
  };
  for (const fig of figures) {
    const png = path.join(root, "figures", `${fig.name}.png`);
    if (!fs.existsSync(png)) continue;
    if (fig.section !== current) {
      flush();
      current = fig.section;
    }
    bytes += copyInto(png, path.join(outDir, "figures", `${fig.name}.png`));
    const svg = path.join(root, "figures", `${fig.name}.svg`);
    const hasSvg = fs.existsSync(svg);
    if (hasSvg) bytes += copyInto(svg, path.join(outDir, "figures", `${fig.name}.svg`));
    const href = hasSvg ? `figures/${fig.name}.svg` : `figures/${fig.name}.png`;
    const caption = renderInlineMarkdown(fig.title);
    items.push(
      `<figure><a href="${href}"><img src="figures/${fig.name}.png" alt="${escapeHtml(fig.title)}" loading="lazy"></a>` +
        `<figcaption>${caption} <code>${escapeHtml(fig.name)}</code></figcaption></figure>`,
    );
  }
  flush();
  return { html: sections.join("\n"), bytes };
}

function writePage(outDir: string, file: string, html: string): number {
  fs.writeFileSync(path.join(outDir, file), html);
  return Buffer.byteLength(html);
}

/** Builds the whole book into `outDir`; returns what was written. */
export function buildBook(options: BuildBookOptions): BookResult {
  const started = Date.now();
  const { outDir, root } = options;
  fs.mkdirSync(path.join(outDir, "images"), { recursive: true });
  let totalBytes = copyAssets(root, outDir);
  const notebooks = chapterFiles(root);
  const names = notebooks.map((f) => f.replace(/\.ipynb$/, ""));
  const pages: BookPage[] = [];
  const titles = new Map<string, string>();

  notebooks.forEach((file, i) => {
    const nb = JSON.parse(fs.readFileSync(path.join(root, "notebooks", file), "utf8")) as Notebook;
    const rendered = renderNotebook(nb, names[i]);
    let imageBytes = 0;
    for (const image of rendered.images) {
      fs.writeFileSync(path.join(outDir, image.file), image.bytes);
      imageBytes += image.bytes.length;
    }
    const title = rendered.title || names[i];
    titles.set(names[i], title);
    const html = htmlPage({ title: `${title} — collapse-lab`, body: rendered.html, plotly: rendered.plotlyFigures > 0 }, chapterNav(names, i, file));
    const htmlBytes = writePage(outDir, `${names[i]}.html`, html);
    totalBytes += htmlBytes + imageBytes;
    pages.push({ file: `${names[i]}.html`, title, htmlBytes, imageBytes, plotlyFigures: rendered.plotlyFigures, notebook: file });
  });

  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const summaries = new Map(readmeChapters(readme).map((c) => [c.name, c.summary]));
  const chapterList = names
    .map((name) => {
      const summary = summaries.get(name);
      const line = summary === undefined ? "" : ` — ${renderInlineMarkdown(summary)}`;
      return `<li><a href="${name}.html"><strong>${escapeHtml(titles.get(name) ?? name)}</strong></a>${line}</li>`;
    })
    .join("\n");
  const indexMd = path.join(root, "figures", "index.md");
  const figures = fs.existsSync(indexMd) ? gallery(figureIndex(fs.readFileSync(indexMd, "utf8")), root, outDir) : { html: "", bytes: 0 };
  totalBytes += figures.bytes;
  const body =
    `<h1>collapse-lab</h1>\n${fromRepositoryRoot(renderMarkdown(readmeIntro(readme)))}\n` +
    `<p class="run-it">These pages show the notebooks as last executed, with their stored outputs; to run them yourself see the <a href="../README.md">README</a>.</p>\n` +
    `<h2>Chapters</h2>\n<ul class="chapters">\n${chapterList}\n</ul>\n` +
    (figures.html ? `<h2>Figures</h2>\n<p>Exported by <code>npm run figures</code> with the paper's parameters; click a figure for its SVG.</p>\n${figures.html}\n` : "");
  const indexNav = `<a href="index.html">collapse-lab</a>${names.length ? `<a href="${names[0]}.html">${escapeHtml(names[0])} →</a>` : ""}`;
  const indexBytes = writePage(outDir, "index.html", htmlPage({ title: "collapse-lab — the book", body, plotly: false }, indexNav));
  totalBytes += indexBytes;
  pages.unshift({ file: "index.html", title: "collapse-lab", htmlBytes: indexBytes, imageBytes: figures.bytes, plotlyFigures: 0 });
  return { pages, totalBytes, milliseconds: Date.now() - started };
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function main(): void {
  const root = path.resolve(__dirname, "..", "..");
  const outDir = path.join(root, "book");
  const result = buildBook({ outDir, root });
  for (const page of result.pages) {
    const figures = page.notebook ? `, ${page.plotlyFigures} live figures` : "";
    console.log(`book/${page.file}: ${kib(page.htmlBytes)} HTML + ${kib(page.imageBytes)} images${figures}`);
  }
  console.log(`book/: ${result.pages.length} pages, ${kib(result.totalBytes)} in all (assets included), built in ${(result.milliseconds / 1000).toFixed(1)} s`);
}

if (require.main === module) main();
