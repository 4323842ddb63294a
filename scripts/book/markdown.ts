/**
 * Markdown cells and text/markdown outputs to HTML for the static book: markdown-it
 * (CommonMark + tables, raw HTML as Jupyter allows it) with math rendered by KaTeX
 * (see ./math) and fenced code highlighted by highlight.js like the code cells.
 */
import MarkdownIt from "markdown-it";
import hljs from "highlight.js";
import { protectMath, restoreMath } from "./math";

/** Highlights TypeScript (the notebooks' kernel language) or a fenced block's own language. */
export function highlightCode(code: string, language = "typescript"): string {
  const lang = hljs.getLanguage(language) ? language : "typescript";
  return hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
}

const md = new MarkdownIt({
  html: true,
  linkify: false,
  typographer: false,
  highlight: (code, lang) => `<pre class="hljs"><code>${highlightCode(code, lang || "typescript")}</code></pre>`,
});

/** Block markdown → HTML, math included. */
export function renderMarkdown(markdown: string): string {
  const { markdown: safe, rendered } = protectMath(markdown);
  return restoreMath(md.render(safe), rendered);
}

/** One line of markdown (a table cell, a caption) → inline HTML, math included. */
export function renderInlineMarkdown(markdown: string): string {
  const { markdown: safe, rendered } = protectMath(markdown);
  return restoreMath(md.renderInline(safe), rendered);
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
