/**
 * Figure jobs for the export tests of FigureJob.parts (test/export.test.ts), loaded by the
 * export's worker threads as a jobs module: one job in three seeded parts whose typed
 * arrays must cross the thread boundary bit for bit, one plain job, and one job whose
 * second part fails.
 */
import { partResults, type FigureJob, type FigurePart } from "../../src/figures/types";
import { baseLayout, figure, lineTrace, PALETTE } from "../../src/figures/style";
import { Rng } from "../../src/random/rng";

function walkPart(key: string, seed: number, estimatedSeconds: number): FigurePart {
  return {
    key,
    estimatedSeconds,
    compute(ctx) {
      const y = new Float64Array(50);
      new Rng(seed).fillNormal(y);
      for (let i = 1; i < y.length; i++) y[i] += y[i - 1];
      ctx.progress(1);
      return { seed, y };
    },
  };
}

function partsJob(name: string, parts: FigurePart[]): FigureJob {
  return {
    name,
    chapter: "00",
    title: `Walks in parts ${name}`,
    parts,
    async run(ctx) {
      const walks = await partResults<{ seed: number; y: Float64Array }>(ctx, parts);
      const traces = walks.map((w, i) => lineTrace(Array.from(w.y, (_, j) => j), w.y, `seed ${w.seed}`, PALETTE[i]));
      return { figure: figure(traces, baseLayout(name)), params: { seed: walks[0]?.seed ?? 0, seeds: walks.map((w) => w.seed) }, data: walks.map((w) => Array.from(w.y)), width: 400, height: 300 };
    },
  };
}

const failingPart: FigurePart = {
  key: "ch00-broken:1",
  estimatedSeconds: 1,
  compute: () => {
    throw new Error("this part diverged");
  },
};

export const allFigures: FigureJob[] = [
  partsJob("ch00-parts", [walkPart("ch00-parts:a", 1, 2), walkPart("ch00-parts:b", 2, 9), walkPart("ch00-parts:c", 3, 4)]),
  {
    ...partsJob("ch00-plain", []),
    parts: undefined,
    estimatedSeconds: 5,
    run: () => ({ figure: figure([], baseLayout("plain")), params: { seed: 0 }, data: [], width: 400, height: 300 }),
  },
  partsJob("ch00-broken", [walkPart("ch00-broken:0", 4, 1), failingPart]),
];
