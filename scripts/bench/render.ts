/**
 * Figure rendering: browser start-up with plotly.js loaded, then SVG and PNG (2×) per
 * figure for a figure shaped like the chapters' (4 line traces × 1000 points), on one
 * reused renderer. Reference, measured in the same run: the least any plotly-in-Chromium
 * exporter does — playwright launches the same Chromium, opens a page and injects the same
 * plotly.js bundle, then draws the same figures with a bare `Plotly.toImage`. The export
 * starts the browser while the first figures compute (scripts/export-figures.ts), so the
 * start-up is hidden there; the ratio says what our page set-up adds.
 */
import { baseLayout, figure, lineTrace, PALETTE } from "../../src/figures/style";
import { findChromium } from "../../src/render/chromium";
import { FigureRenderer } from "../../src/render/renderer";

/** The bare reference: launch, one page, plotly.js injected; per-figure time of Plotly.toImage. */
async function bareReference(executablePath: string, formats: readonly (readonly ["svg" | "png", number])[]): Promise<{ startupS: number; perFigureMs: number[] }> {
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  let t = performance.now();
  const browser = await chromium.launch({ executablePath, headless: true });
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ path: require.resolve("plotly.js-dist/plotly.js") });
    const startupS = (performance.now() - t) / 1000;
    const perFigureMs: number[] = [];
    for (const [format, scale] of formats) {
      t = performance.now();
      for (let i = 0; i < 10; i++) {
        const fig = chapterLikeFigure(i);
        await page.evaluate(
          ({ fig, format, scale }) => {
            const P = (globalThis as unknown as { Plotly: { toImage(f: unknown, o: unknown): Promise<string> } }).Plotly;
            return P.toImage(fig, { format, width: 900, height: 500, scale });
          },
          { fig, format, scale },
        );
      }
      perFigureMs.push((performance.now() - t) / 10);
    }
    return { startupS, perFigureMs };
  } finally {
    await browser.close();
  }
}

function chapterLikeFigure(seed: number) {
  const x = Array.from({ length: 1000 }, (_, i) => i + 1);
  const traces = [0, 1, 2, 3].map((k) =>
    lineTrace(x, x.map((n) => Math.abs(Math.sin(n / (50 + 10 * k) + seed)) / Math.sqrt(n)), `M = ${10 ** (k + 2)}`, PALETTE[k]),
  );
  return figure(traces, baseLayout("bench", { title: "generation n", type: "log" }, { title: "|σ − σ̂|" }));
}

export async function run(): Promise<void> {
  const search = findChromium();
  if (!search.executablePath) {
    console.log(`render: skipped, ${search.reason}`);
    return;
  }
  const formats = [["svg", 1], ["png", 2]] as const;
  const reference = await bareReference(search.executablePath, formats);
  const renderer = new FigureRenderer({ executablePath: search.executablePath });
  try {
    let t = performance.now();
    await renderer.warmUp();
    const startupS = (performance.now() - t) / 1000;
    console.log(`start-up (launch + plotly.js)   ours ${startupS.toFixed(2)} s   bare playwright + plotly.js ${reference.startupS.toFixed(2)} s   ours/bare time ${(startupS / reference.startupS).toFixed(2)}`);
    for (const [i, [format, scale]] of formats.entries()) {
      const figures = 10;
      t = performance.now();
      for (let f = 0; f < figures; f++) await renderer.render(chapterLikeFigure(f), { format, width: 900, height: 500, scale });
      const ms = (performance.now() - t) / figures;
      const bare = reference.perFigureMs[i];
      console.log(`${format} 4×1000 points (scale ${scale})   ours ${ms.toFixed(0)} ms/figure   bare Plotly.toImage ${bare.toFixed(0)} ms   ours/bare time ${(ms / bare).toFixed(2)}`);
    }
  } finally {
    await renderer.close();
  }
}
