/**
 * TeX math in notebook markdown, rendered to HTML at build time with KaTeX (the static
 * book, README "Chapters"). markdown-it knows nothing of `$…$`: left in the text, `_` and
 * `*` inside formulas would turn into emphasis. So math spans are cut out first, replaced by
 * inert placeholder words, and their KaTeX HTML is put back after markdown-it has run.
 */
import katex from "katex";

/** What `protectMath` returns: markdown with placeholders, and the HTML each stands for. */
export interface ProtectedMath {
  markdown: string;
  /** Placeholder word → KaTeX HTML. */
  rendered: Map<string, string>;
}

const PLACEHOLDER_PREFIX = "KATEXMATHSPAN";

/** Renders one formula; a TeX error becomes a visible red span, never an exception. */
export function renderTex(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: "html" });
}

/** Where an inline-code span starting at `i` (a run of backticks) ends, or -1. */
function codeSpanEnd(text: string, i: number): number {
  let run = 0;
  while (text[i + run] === "`") run++;
  const fence = "`".repeat(run);
  const close = text.indexOf(fence, i + run);
  return close < 0 ? -1 : close + run;
}

/**
 * Replaces `$$…$$` (display, may span lines) and `$…$` (inline, one line, no space just
 * inside the dollars, as in Jupyter) by placeholders. Fenced code blocks, inline code and
 * `\$` are left alone, so dollars in code and escaped dollars stay literal.
 */
export function protectMath(markdown: string): ProtectedMath {
  const rendered = new Map<string, string>();
  const add = (tex: string, display: boolean): string => {
    const key = `${PLACEHOLDER_PREFIX}${rendered.size}X`;
    rendered.set(key, renderTex(tex.trim(), display));
    return key;
  };
  let out = "";
  let i = 0;
  let lineStart = true;
  while (i < markdown.length) {
    if (lineStart && /^ {0,3}(```|~~~)/.test(markdown.slice(i, i + 6))) {
      const fence = markdown.slice(i).match(/^ {0,3}(`{3,}|~{3,})/)![1];
      const closeRe = new RegExp(`\\n {0,3}${fence[0] === "`" ? "`" : "~"}{${fence.length},}[^\\n]*(\\n|$)`, "g");
      closeRe.lastIndex = i + fence.length;
      const close = closeRe.exec(markdown);
      const end = close ? close.index + close[0].length : markdown.length;
      out += markdown.slice(i, end);
      i = end;
      lineStart = true;
      continue;
    }
    const ch = markdown[i];
    lineStart = ch === "\n";
    if (ch === "\\" && markdown[i + 1] === "$") {
      out += "\\$";
      i += 2;
    } else if (ch === "`") {
      const end = codeSpanEnd(markdown, i);
      const stop = end < 0 ? i + 1 : end;
      out += markdown.slice(i, stop);
      i = stop;
    } else if (ch === "$" && markdown[i + 1] === "$") {
      const close = markdown.indexOf("$$", i + 2);
      if (close < 0) {
        out += "$$";
        i += 2;
        continue;
      }
      out += add(markdown.slice(i + 2, close), true);
      i = close + 2;
    } else if (ch === "$") {
      const m = markdown.slice(i).match(/^\$(?=\S)((?:\\\$|[^$\n])*?\S)\$(?!\d)/) ?? markdown.slice(i).match(/^\$(\S)\$/);
      if (!m) {
        out += "$";
        i += 1;
        continue;
      }
      out += add(m[1], false);
      i += m[0].length;
    } else {
      out += ch;
      i += 1;
    }
  }
  return { markdown: out, rendered };
}

/** Puts the KaTeX HTML back in place of the placeholders in markdown-it's output. */
export function restoreMath(html: string, rendered: Map<string, string>): string {
  if (rendered.size === 0) return html;
  return html.replace(new RegExp(`${PLACEHOLDER_PREFIX}\\d+X`, "g"), (key) => rendered.get(key) ?? key);
}
