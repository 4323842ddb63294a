/**
 * Figure rendering: browser start-up with plotly.js loaded, then SVG and PNG (2×) per
 * figure for a figure shaped like the chapters' (4 line traces × 1000 points), on one
 * reused renderer. Reference: the costs measured when the stack was chosen
 * (measured once on this kind of machine, 2 cores: launch 0.15–0.3 s + plotly.js-dist-min
 * 1.25 s; 25–150 ms a figure).
 */
import { baseLayout, figure, lineTrace, PALETTE } from "../../src/figures/style";
import { findChromium } from "../../src/render/chromium";
import { FigureRenderer } from "../../src/render/renderer";

const REFERENCE = { startupS: 0.3 + 1.25, perFigureMs: 150 };

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
  const renderer = new FigureRenderer({ executablePath: search.executablePath });
  try {
    let t = performance.now();
    await renderer.warmUp();
    const startupS = (performance.now() - t) / 1000;
    console.log(`start-up (launch + plotly.js)   ours ${startupS.toFixed(2)} s   reference ≤ ${REFERENCE.startupS.toFixed(2)} s   ratio ${(startupS / REFERENCE.startupS).toFixed(2)}`);
    for (const [format, scale] of [["svg", 1], ["png", 2]] as const) {
      const figures = 10;
      t = performance.now();
      for (let i = 0; i < figures; i++) await renderer.render(chapterLikeFigure(i), { format, width: 900, height: 500, scale });
      const ms = (performance.now() - t) / figures;
      console.log(`${format} 4×1000 points (scale ${scale})   ours ${ms.toFixed(0)} ms/figure   reference ≤ ${REFERENCE.perFigureMs} ms   ratio ${(ms / REFERENCE.perFigureMs).toFixed(2)}`);
    }
  } finally {
    await renderer.close();
  }
}
