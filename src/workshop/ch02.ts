/**
 * Chapter 02's exercises (notebooks/02-functional-expressivity.ipynb,
 * docs/theory.md#functional-expressivity): the moment-matched variance of a mixture (the
 * infinite-data fit of one Gaussian), a prediction of how the error moves once it is made,
 * and what finite data (M = 100) adds on top.
 */
import { exercise, fail, pass, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { runSingleGaussianOnMixture } from "../experiments/expressivity";
import { runSeed } from "../random/rng";
import { assertInteger } from "../validate";
import { explained, notANumberIn, num, simulated } from "./checks";
import { fromNotebook } from "./solutions";

type MixtureVariance = (weights: number[], means: number[], sds: number[]) => number;

const MIXTURE_CASES: { args: [number[], number[], number[]]; expected: number; within: number }[] = [
  { args: [[0.5, 0.5], [-2, 2], [0.6, 0.6]], expected: 4.36, within: 0.36 },
  { args: [[0.2, 0.8], [0, 5], [1, 2]], expected: 7.4, within: 0.2 + 0.8 * 4 },
  { args: [[1], [3], [2]], expected: 4, within: 4 },
  { args: [[0.25, 0.25, 0.5], [-1, 1, 0], [0.5, 0.5, 1]], expected: 0.625 + 0.5, within: 0.625 },
];

function mixtureVarianceCheck(variance: MixtureVariance): Verdict {
  if (typeof variance !== "function") return fail(`give a function (weights, means, sds) => number, got ${typeof variance}.`);
  for (const { args, expected, within } of MIXTURE_CASES) {
    const got = answered(variance(args[0].slice(), args[1].slice(), args[2].slice()));
    const shown = `weights [${args[0]}], means [${args[1]}], sds [${args[2]}]`;
    if (typeof got !== "number" || !Number.isFinite(got)) return fail(`for ${shown} your function returned ${String(got)}, not a finite number.`);
    if (Math.abs(got - expected) <= 1e-9 * expected) continue;
    if (Math.abs(got - within) <= 1e-9 * expected) {
      return fail(`for ${shown} you return ${num(got)}, the average within-component variance only. The fitted Gaussian must also cover how far the means are apart: add the variance OF the means.`);
    }
    return fail(`for ${shown} the mixture's variance is ${num(expected)}, your function returns ${num(got)}. Law of total variance: E[within] + Var[means].`);
  }
  return pass(`right on ${MIXTURE_CASES.length} mixtures, 4.36 for this chapter's truth along x — the moment-matched Gaussian is this wide, so it puts mass where the truth has a gap between its bumps. That mismatch is the expressivity error, made once by the first fit.`);
}

/** L2 to the truth at generation `generations` over generation 0, one ratio per seed, for the single-Gaussian loop. */
export function l2GrowthRatios(o: { sampleSize: number; generations: number; seeds: number; seed?: number }): number[] {
  assertInteger(o.generations, "generations", 1, 200);
  assertInteger(o.seeds, "seeds", 2, 100);
  return Array.from({ length: o.seeds }, (_, s) => {
    const l2 = runSingleGaussianOnMixture({ sampleSize: o.sampleSize, generations: o.generations + 1, seed: runSeed(o.seed ?? 21, s) }).l2ToTruth;
    return l2[o.generations] / l2[0];
  });
}

function stationaryCheck(answer: number): Verdict {
  const bad = notANumberIn(answer, "your predicted ratio", 0);
  if (bad) return bad;
  // M = 10 000 keeps the check fast (4 seeds × 21 fits, ≈ 0.3 s); the chapter's M = 10^5 is the same story with less noise.
  const s = simulated(l2GrowthRatios({ sampleSize: 10000, generations: 20, seeds: 4 }), 0.1);
  const sim = `the loop (M = 10 000, 4 seeds) gives L2(gen 20) / L2(gen 0) = ${num(s.mean)} ± ${num(s.se)}`;
  if (Math.abs(answer - s.mean) <= s.tolerance) {
    return pass(`${sim}: the error stays where the first fit put it. A Gaussian fitted to Gaussian data reproduces it, so with plenty of data expressivity error acts in generation 1 only (accepted: within max(4 SE, 0.1)).`);
  }
  if (answer < 0.5) return fail(`${sim}. The error does not shrink: every later model is a Gaussian fitted to Gaussian samples, it has no reason to find the two bumps again.`);
  return fail(`${sim}; you predict ${answer}. Growth is chapter 1's mechanism, and it needs few samples: with 10 000 points a generation, what is left to change after the first fit?`);
}

export interface SmallSampleAnswer {
  /** Geometric mean over the seeds of L2(gen 30) / L2(gen 0) at M = 100. */
  ratio: number;
  why: string;
}

function smallSampleCheck(answer: SmallSampleAnswer): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { ratio, why }.");
  const bad = notANumberIn(answer.ratio, "ratio", 0);
  if (bad) return bad;
  const ratios = l2GrowthRatios({ sampleSize: 100, generations: 30, seeds: 20 });
  // On a log scale: the ratios are skewed (a few seeds wander far). 4 SE of the mean log over 20 seeds.
  const logs = simulated(ratios.map(Math.log), Math.log(1.1));
  const geo = Math.exp(logs.mean);
  if (Math.abs(Math.log(answer.ratio) - logs.mean) > logs.tolerance) {
    return fail(`the geometric mean over 20 seeds of L2(gen 30) / L2(gen 0) at M = 100 is ${num(geo)} (accepted: a factor ${num(Math.exp(logs.tolerance))} either way, 4 SE of the mean log); you give ${num(answer.ratio)}. Call l2GrowthRatios with sampleSize: 100.`);
  }
  return explained(answer.why, {
    a: pass(`×${num(geo)} in 30 generations at M = 100 against ×1 at M = 10 000: the statistical error of every 100-point refit rides on top of the expressivity error and compounds — the fitted Gaussian wanders and narrows as in chapter 1.`),
    b: fail(`the ratio is right (${num(geo)}), but at M = 10 000 the same expressivity error did not grow: so the growth is not the family's fault.`),
    c: fail(`the ratio is right (${num(geo)}), but a single Gaussian is fitted in closed form (sample mean and covariance): nothing can fail to converge.`),
  });
}

export const ex02 = {
  mixtureVariance: exercise<MixtureVariance>("02.1", {
    check: mixtureVarianceCheck,
    hints: [
      "The mixture's mean is m = Σ w_k μ_k.",
      "Law of total variance: Var = Σ w_k σ_k² (within) + Σ w_k (μ_k − m)² (between).",
      "Equivalently Σ w_k (σ_k² + μ_k²) − m².",
    ],
    solution: fromNotebook("02.1"),
  }),
  stationary: exercise<number>("02.2", {
    check: stationaryCheck,
    hints: [
      "Generation 0 fits one Gaussian to the two-bump truth. What data does generation 1 see?",
      "Generation 1 sees samples of a Gaussian. The best Gaussian for Gaussian data is … that Gaussian.",
      "With plenty of data nothing changes after generation 0: the ratio is about 1.",
    ],
    solution: fromNotebook("02.2"),
  }),
  smallSample: exercise<SmallSampleAnswer>("02.3", {
    check: smallSampleCheck,
    hints: [
      "Change only sampleSize in the call: l2GrowthRatios({ sampleSize: 100, generations: 30, seeds: 20 }).",
      "The geometric mean of the ratios: Math.exp(mean of Math.log(ratio)).",
      "Which error is there at M = 100 that was not there at M = 10 000? Chapter 1.",
    ],
    solution: fromNotebook("02.3"),
  }),
};
