/**
 * Chapter 1 figure jobs (statistical approximation error, docs/theory.md#error-sources):
 * the paper's parameters wired to the experiments and the builders of ch01Discrete.ts and
 * ch01Gaussian.ts. `npm run figures` runs these; notebook 01 calls the same experiments and
 * builders on smaller live configurations.
 */
import { sharedRun, type FigureJob, type FigureJobContext } from "./types";
import { absorptionFigure, discreteChainFigure, tailsFigure } from "./ch01Discrete";
import { gaussianNdFigure, gaussianPaperFigure, tailMassFigure, varianceBandsFigure, w2TheoryFigure } from "./ch01Gaussian";
import { absorptionFrequencies, discreteChainBands, ZIPF_Q } from "../experiments/discreteChain";
import { tailsCutOff } from "../experiments/tailsCutOff";
import { gaussianPaperRuns } from "../experiments/gaussianPaperRuns";
import { varianceBands } from "../experiments/varianceBands";
import { w2AgainstTheory } from "../experiments/w2AgainstTheory";
import { gaussianNdRegimes } from "../experiments/gaussianNdRegimes";
import type { Estimator } from "../gaussian/types";

const progressOf = (ctx: FigureJobContext) => (done: number, total: number) => ctx.progress(done / total);

/** Supplementary Fig. 3 with the paper's parameters, for one estimator (text: unbiased; code: ML). */
function gaussianPaperJob(name: string, title: string, estimator: Estimator): FigureJob {
  return {
    name,
    chapter: "01",
    title,
    run() {
      const params = { sampleSizes: [100, 500, 1000, 10000], generations: 1000, seed: 4, estimator };
      const data = gaussianPaperRuns(params);
      return { figure: gaussianPaperFigure(data), params, data, width: 1100, height: 450 };
    },
  };
}

/** The variance-bands run feeds two figures; the exporter computes it once. */
const BANDS_PARAMS = { sampleSize: 100, generations: 1000, seeds: 1000, seed: 5 };
const exportBands = (ctx: FigureJobContext) =>
  sharedRun(ctx, "ch01-variance-bands", () => varianceBands({ ...BANDS_PARAMS, onProgress: progressOf(ctx), signal: ctx.signal }));

export const figures: FigureJob[] = [
  {
    name: "ch01-discrete-chain",
    estimatedSeconds: 7,
    chapter: "01",
    title: "Discrete chain: support size and Σp² per generation, with E[S_m] = 1 − (1 − 1/M)^m (1 − S_0) drawn over 500 runs",
    run(ctx) {
      const params = { q: ZIPF_Q, sampleSize: 100, generations: 400, seeds: 500, seed: 1 };
      const data = discreteChainBands({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: discreteChainFigure(data), params, data, width: 1100, height: 450 };
    },
  },
  {
    name: "ch01-absorption",
    chapter: "01",
    title: "Discrete chain: absorption frequencies over 4000 runs vs q_i",
    run() {
      const params = { q: [0.4, 0.25, 0.15, 0.1, 0.06, 0.04], sampleSize: 50, runs: 4000, seed: 2 };
      const data = { ...params, ...absorptionFrequencies(params) };
      return { figure: absorptionFigure(data), params, data: { ...data, counts: Array.from(data.counts) } };
    },
  },
  {
    name: "ch01-tails-cut-off",
    chapter: "01",
    title: "Tails cut off by finite resampling (the paper's tails illustration)",
    run() {
      const params = { sampleSize: 1000, nu: 3, centre: 4, seed: 3 };
      const data = tailsCutOff(params);
      return { figure: tailsFigure(data), params, data, width: 1200, height: 450 };
    },
  },
  gaussianPaperJob(
    "ch01-gaussian-1d",
    "Recursive 1-D Gaussian refit (Supplementary Fig. 3): μ = 0, σ = 1, M ∈ {100, 500, 1000, 10000}, 1000 generations, one run each",
    "unbiased",
  ),
  gaussianPaperJob("ch01-gaussian-1d-official-ddof0", "The same with the official code's ML (ddof = 0) standard deviation", "ml"),
  {
    name: "ch01-variance-bands",
    estimatedSeconds: 5,
    group: "ch01-variance-bands",
    chapter: "01",
    title: "σ̂²_n over 1000 seeds (M = 100): E[σ²_n] = σ² vs the E[log σ²_n] drift, unbiased vs ML",
    async run(ctx) {
      const data = await exportBands(ctx);
      return { figure: varianceBandsFigure(data), params: BANDS_PARAMS, data, width: 1100, height: 450 };
    },
  },
  {
    name: "ch01-tail-mass",
    group: "ch01-variance-bands",
    chapter: "01",
    title: "Mass beyond the original ±3σ per generation (M = 100, 1000 seeds): the typical model loses the tails (early collapse)",
    async run(ctx) {
      const data = await exportBands(ctx);
      const tail3 = data.estimators.map((e) => ({ estimator: e.estimator, mean: e.tail3, median: e.tail3Median }));
      return { figure: tailMassFigure(data), params: BANDS_PARAMS, data: { sampleSize: data.sampleSize, seeds: data.seeds, originalTail3: data.originalTail3, tail3 } };
    },
  },
  {
    name: "ch01-w2-theory",
    estimatedSeconds: 6,
    chapter: "01",
    title: "E[W2²] over 1000 seeds vs the exact formula and the (3/2)σ²n/M expansion (Supplementary §3.1.1)",
    run(ctx) {
      const params = { sampleSizes: [100, 1000, 10000], generations: 1000, seeds: 1000, seed: 6 };
      const data = w2AgainstTheory({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: w2TheoryFigure(data), params, data };
    },
  },
  {
    name: "ch01-gaussian-nd",
    estimatedSeconds: 6,
    chapter: "01",
    title: "d-D Gaussian (d ∈ {2, 10}, M = 100): W2² grows and Σ → 0 when replacing; bounded when accumulating",
    run(ctx) {
      const params = { dims: [2, 10], sampleSize: 100, generations: 1000, seeds: 20, seed: 7 };
      const data = gaussianNdRegimes({ ...params, onProgress: progressOf(ctx), signal: ctx.signal });
      return { figure: gaussianNdFigure(data), params, data, width: 1100, height: 450 };
    },
  },
];
