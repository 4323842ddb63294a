/**
 * The HTML around every book page: local stylesheets (KaTeX, highlight.js, the book's own),
 * navigation, and for chapter pages the local plotly.js plus the few lines that draw each
 * embedded figure. Every URL is relative, so the book opens from file:// with no network.
 */
import { escapeHtml } from "./markdown";

export interface PageOptions {
  title: string;
  body: string;
  /** Whether the page has plotly figures to draw (then it loads assets/plotly.js). */
  plotly: boolean;
}

/**
 * Runs in the reader's browser: draws each `.output-plotly` figure from its JSON and then
 * removes the PNG shown meanwhile. The width is left to the page (responsive) so a figure
 * exported at 1100 px still fits the text column.
 */
const DRAW_FIGURES = `
(function () {
  if (typeof Plotly === "undefined") return;
  document.querySelectorAll(".output-plotly").forEach(function (box) {
    var fig = JSON.parse(box.querySelector(".plotly-json").textContent);
    var target = box.querySelector(".plotly-target");
    var layout = Object.assign({}, fig.layout || {});
    delete layout.width;
    var config = Object.assign({}, fig.config || {}, { responsive: true });
    Plotly.newPlot(target, fig.data || [], layout, config).then(function () {
      var img = box.querySelector(".plotly-fallback");
      if (img) img.remove();
    });
  });
})();
`;

export const BOOK_CSS = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.55; color: #1f2328; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
nav.book-nav { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; padding: .6rem 1.5rem; background: #f6f8fa; border-bottom: 1px solid #d0d7de; font-size: .95rem; }
nav.book-nav.bottom { border-top: 1px solid #d0d7de; border-bottom: none; }
a { color: #0969da; }
pre { overflow-x: auto; font-size: .85rem; line-height: 1.4; }
pre.input { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: .7rem; }
.outputs { margin: .4rem 0 1.2rem; padding-left: .8rem; border-left: 3px solid #eaeef2; }
pre.output-stream, pre.output-text { margin: .3rem 0; padding: .2rem 0; white-space: pre-wrap; }
pre.output-stderr, pre.output-error { background: #fff0f0; padding: .5rem; }
img { max-width: 100%; height: auto; }
.output-plotly { margin: .6rem 0; }
.plotly-target:empty { display: none; }
table { border-collapse: collapse; margin: .8rem 0; }
th, td { border: 1px solid #d0d7de; padding: .35rem .6rem; vertical-align: top; }
.katex-display { overflow-x: auto; overflow-y: hidden; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 1.2rem; }
.gallery figure { margin: 0; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem; background: #fff; }
.gallery figcaption { font-size: .85rem; margin-top: .3rem; }
.gallery figcaption code { font-size: .8rem; }
ul.chapters li { margin: .4rem 0; }
.run-it { font-size: .9rem; color: #57606a; }
`;

/** A full HTML document; `nav` goes above and below the content. */
export function htmlPage(options: PageOptions, nav: string): string {
  const scripts = options.plotly
    ? `<script src="assets/plotly.js"></script>\n<script>${DRAW_FIGURES}</script>\n`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/github.min.css">
<link rel="stylesheet" href="assets/book.css">
</head>
<body>
<nav class="book-nav top">${nav}</nav>
<main>
${options.body}
</main>
<nav class="book-nav bottom">${nav}</nav>
${scripts}</body>
</html>
`;
}
