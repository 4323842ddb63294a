/**
 * One executed notebook (nbformat 4) to the body of a book page, from its stored outputs
 * only: no kernel runs. Outputs are shown as Jupyter shows them: streams and text/plain as
 * <pre>, text/markdown rendered, image/png as <img>, and plotly figures drawn live by the
 * page's local plotly.js from JSON embedded next to them, their PNG shown until then.
 */
import { escapeHtml, highlightCode, renderMarkdown } from "./markdown";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

type MultilineText = string | string[];

export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | string;
  name?: string;
  text?: MultilineText;
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

export interface NotebookCell {
  cell_type: "markdown" | "code" | "raw" | string;
  source: MultilineText;
  outputs?: NotebookOutput[];
}

export interface Notebook {
  cells: NotebookCell[];
}

/** An image the page refers to, written next to it by the caller. */
export interface PageImage {
  /** Path relative to the book folder, e.g. `images/01-c3-o1.png`. */
  file: string;
  bytes: Buffer;
}

export interface RenderedNotebook {
  html: string;
  images: PageImage[];
  plotlyFigures: number;
  /** The first markdown heading, without the `#`s. */
  title: string;
}

export function joinText(text: MultilineText | undefined): string {
  return Array.isArray(text) ? text.join("") : (text ?? "");
}

/** Terminal colour codes in tracebacks and progress bars mean nothing in HTML. */
function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/** JSON safe inside <script>: no `</script>` or `<!--` can appear in it. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function firstHeading(nb: Notebook): string {
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    const m = joinText(cell.source).match(/^#{1,6}\s+(.+)$/m);
    if (m) return m[1].trim();
  }
  return "";
}

class OutputRenderer {
  readonly images: PageImage[] = [];
  plotlyFigures = 0;
  constructor(private readonly slug: string) {}

  private png(base64: MultilineText, id: string): string {
    const file = `images/${this.slug}-${id}.png`;
    this.images.push({ file, bytes: Buffer.from(joinText(base64).replace(/\s+/g, ""), "base64") });
    return file;
  }

  render(output: NotebookOutput, id: string): string {
    if (output.output_type === "stream") {
      const cls = output.name === "stderr" ? "output-stream output-stderr" : "output-stream";
      return `<pre class="${cls}">${escapeHtml(stripAnsi(joinText(output.text)))}</pre>`;
    }
    if (output.output_type === "error") {
      const trace = output.traceback?.length ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`;
      return `<pre class="output-error">${escapeHtml(stripAnsi(trace))}</pre>`;
    }
    const data = output.data ?? {};
    if (data[PLOTLY_MIME] !== undefined) return this.plotly(data[PLOTLY_MIME], data["image/png"] as MultilineText | undefined, id);
    if (typeof data["text/html"] === "string" || Array.isArray(data["text/html"])) {
      return `<div class="output-html">${joinText(data["text/html"] as MultilineText)}</div>`;
    }
    if (data["image/png"] !== undefined) {
      return `<img class="output-image" alt="output image" src="${this.png(data["image/png"] as MultilineText, id)}">`;
    }
    if (data["text/markdown"] !== undefined) {
      return `<div class="output-markdown">${renderMarkdown(joinText(data["text/markdown"] as MultilineText))}</div>`;
    }
    if (data["text/plain"] !== undefined) {
      return `<pre class="output-text">${escapeHtml(stripAnsi(joinText(data["text/plain"] as MultilineText)))}</pre>`;
    }
    return "";
  }

  /** A live figure: its JSON, a div for plotly to draw in, and the PNG until it does. */
  private plotly(figure: unknown, png: MultilineText | undefined, id: string): string {
    this.plotlyFigures++;
    const fallback = png === undefined ? "" : `<img class="plotly-fallback" alt="figure (static image)" src="${this.png(png, id)}">`;
    return (
      `<div class="output-plotly">` +
      `<script type="application/json" class="plotly-json">${jsonForScript(figure)}</script>` +
      `<div class="plotly-target"></div>${fallback}</div>`
    );
  }
}

/** Renders every cell; `slug` names the page's image files (e.g. `01-statistical-approximation`). */
export function renderNotebook(nb: Notebook, slug: string): RenderedNotebook {
  const outputs = new OutputRenderer(slug);
  const parts: string[] = [];
  nb.cells.forEach((cell, c) => {
    const source = joinText(cell.source);
    if (cell.cell_type === "markdown") {
      parts.push(`<section class="cell cell-markdown">${renderMarkdown(source)}</section>`);
    } else if (cell.cell_type === "code") {
      const rendered = (cell.outputs ?? []).map((o, k) => outputs.render(o, `c${c}-o${k}`)).join("\n");
      parts.push(
        `<section class="cell cell-code"><pre class="input hljs"><code class="language-typescript">${highlightCode(source)}</code></pre>` +
          (rendered ? `<div class="outputs">${rendered}</div>` : "") +
          `</section>`,
      );
    } else {
      parts.push(`<section class="cell cell-raw"><pre>${escapeHtml(source)}</pre></section>`);
    }
  });
  return { html: parts.join("\n"), images: outputs.images, plotlyFigures: outputs.plotlyFigures, title: firstHeading(nb) };
}
