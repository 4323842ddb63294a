/**
 * `npm run book` (scripts/book.ts): the static book of the executed notebooks. The math
 * tests check the placeholder scheme against markdown-it's own emphasis rules; the browser
 * test opens every built page in headless Chromium with the network cut off and checks
 * against the committed notebooks themselves: as many live plotly figures as plotly
 * outputs, KaTeX wherever the markdown has math, no raw `$` math left, no console error.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { browserOrSkip } from "./helpers/browser";
import { CHROMIUM_ARGS } from "../src/render/renderer";
import { buildBook, chapterFiles } from "../scripts/book";
import { renderMarkdown } from "../scripts/book/markdown";
import { protectMath } from "../scripts/book/math";
import { PLOTLY_MIME, joinText, type Notebook } from "../scripts/book/notebook";

const ROOT = path.resolve(__dirname, "..", "..");
const SCREENSHOT = "/tmp/book-chapter.png";

test("math is cut out before markdown-it, so _ and * inside formulas never become emphasis", () => {
  const html = renderMarkdown("Let $x_i * y_i$ and $a_b$ hold, and $$\\sum_i p_i^2$$ too.");
  assert.doesNotMatch(html, /<em>|<strong>/);
  assert.equal((html.match(/class="katex"/g) ?? []).length, 3);
  assert.equal((html.match(/class="katex-display"/g) ?? []).length, 1);
  assert.doesNotMatch(html.replace(/<[^>]+>/g, ""), /\$/);
});

test("dollars in code, escaped dollars and prices are not math", () => {
  const source = "Code `${x}` and\n```ts\nconst s = `$${a}$`;\n```\ncosts \\$5 or $ 3 and $4.";
  assert.equal(protectMath(source).rendered.size, 0);
  const html = renderMarkdown(source);
  assert.doesNotMatch(html, /katex/);
  assert.match(html, /\$\{x\}/);
});

function plotlyOutputs(nb: Notebook): number {
  let n = 0;
  for (const cell of nb.cells) for (const out of cell.outputs ?? []) if (out.data?.[PLOTLY_MIME] !== undefined) n++;
  return n;
}

/** Whether a notebook's markdown has math outside code (the same rule as the renderer). */
function markdownHasMath(nb: Notebook): boolean {
  return nb.cells.some((c) => c.cell_type === "markdown" && protectMath(joinText(c.source)).rendered.size > 0);
}

test("the built book opens offline in Chromium: live figures, rendered math, no errors", async (t) => {
  const executablePath = browserOrSkip(t);
  if (!executablePath) return;
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-book-"));
  const result = buildBook({ outDir, root: ROOT });
  const notebooks = chapterFiles(ROOT);
  assert.ok(notebooks.length >= 6, `expected the six chapter notebooks, found ${notebooks.length}`);

  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath: executablePath, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const offNetwork: string[] = [];
    await context.route("**", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      offNetwork.push(url);
      return route.abort();
    });
    const errors: string[] = [];
    const open = async (file: string) => {
      const page = await context.newPage();
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(`${file}: console: ${msg.text()}`);
      });
      page.on("pageerror", (err) => errors.push(`${file}: page error: ${err.message}`));
      page.on("requestfailed", (req) => errors.push(`${file}: failed to load ${req.url()}`));
      await page.goto(`file://${path.join(outDir, file)}`, { waitUntil: "load" });
      return page;
    };

    const index = await open("index.html");
    for (const nb of notebooks) {
      const href = nb.replace(/\.ipynb$/, ".html");
      assert.equal(await index.locator(`ul.chapters a[href="${href}"]`).count(), 1, `index links ${href}`);
    }
    // The gallery loads lazily; load every image now and count those that fail to decode.
    const brokenImages = await index.evaluate(async () => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>(".gallery img"));
      images.forEach((img) => (img.loading = "eager"));
      const decoded = await Promise.all(images.map((img) => img.decode().then(() => img.naturalWidth > 0, () => false)));
      return decoded.filter((ok) => !ok).length;
    });
    assert.equal(brokenImages, 0, "every gallery PNG loads");
    assert.ok((await index.locator(".gallery figure").count()) > 0, "the gallery shows figures");
    await index.close();

    for (const file of notebooks) {
      const nb = JSON.parse(fs.readFileSync(path.join(ROOT, "notebooks", file), "utf8")) as Notebook;
      const html = file.replace(/\.ipynb$/, ".html");
      const expected = plotlyOutputs(nb);
      const page = await open(html);
      await page.waitForFunction((n) => document.querySelectorAll(".js-plotly-plot").length === n && document.querySelectorAll(".plotly-fallback").length === 0, expected, { timeout: 15000 }).catch(() => undefined);
      const drawn = await page.locator(".js-plotly-plot").count();
      assert.equal(drawn, expected, `${html}: live plotly figures vs plotly outputs in ${file}`);
      const text = await page.evaluate(() => document.body.innerText);
      assert.ok(!text.includes("$$"), `${html}: raw $$ left in the page text`);
      const rawMath = await page.evaluate(() =>
        Array.from(document.querySelectorAll(".cell-markdown, .output-markdown"))
          .map((cell) => {
            const copy = cell.cloneNode(true) as HTMLElement;
            copy.querySelectorAll("code, pre, .katex").forEach((e) => e.remove());
            return copy.textContent ?? "";
          })
          .filter((t) => /\$[^\s$][^$\n]*\$/.test(t)),
      );
      assert.deepEqual(rawMath, [], `${html}: raw $…$ math left in markdown text`);
      if (markdownHasMath(nb)) assert.ok((await page.locator(".katex").count()) > 0, `${html}: math rendered by KaTeX`);
      assert.equal(await page.locator(`a[href="../notebooks/${file}"]`).count() > 0, true, `${html} links its notebook`);
      if (file.startsWith("01-")) await page.screenshot({ path: SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: 2200 } });
      await page.close();
    }
    assert.deepEqual(errors, []);
    assert.deepEqual(offNetwork, [], "the book must not reach for the network");
    assert.equal(result.pages.length, notebooks.length + 1);
  } finally {
    await browser.close();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});
