/**
 * Chapter 01's exercises (notebooks/01-statistical-approximation.ipynb): where the discrete
 * chain is absorbed (docs/theory.md#discrete-absorption), the unbiased variance estimator
 * (docs/theory.md#gaussian-variance), and what keeping γ = 10 % real data does to the
 * Gaussian chain (docs/theory.md#generational-loop). Each check runs its own simulation
 * with a fixed seed, in well under a second.
 */
import { exercise, fail, pass, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { absorptionFrequencies } from "../experiments/discreteChain";
import { runGaussianChain1dSeeds } from "../experiments/gaussianChain";
import { quantileOf } from "../summary/summarizeSeeds";
import { Rng } from "../random/rng";
import { explained, notANumberIn, remembered, num, relativeError, simulated } from "./checks";
import { fromNotebook } from "./solutions";

/** The absorption experiment of the chapter: six states, M = 50. */
export const ABSORPTION_Q = [0.4, 0.25, 0.15, 0.1, 0.06, 0.04];

function absorptionCheck(answer: number): Verdict {
  const bad = notANumberIn(answer, "your prediction (a probability)", 0, 1);
  if (bad) return bad;
  const runs = 400;
  const f = absorptionFrequencies({ q: ABSORPTION_Q, sampleSize: 50, runs, seed: 101 }).frequencies[0];
  // Binomial SE of a frequency over independent runs; 4 SE accepts a correct prediction except once in ~16 000.
  const se = Math.sqrt((f * (1 - f)) / runs);
  const sim = `the simulation (${runs} runs) absorbs in state 0 in ${num(f)} of runs (± ${num(se)}, 1 binomial SE)`;
  if (Math.abs(answer - f) <= 4 * se) {
    return pass(`${sim}, within 4 SE of your ${answer}. Theory: exactly q₀ = 0.4 — the frequencies are a martingale, so collapse is unbiased about the winner yet certain to end in ONE state.`);
  }
  if (answer > 0.9) return fail(`${sim}. The most likely state does NOT always win: each generation's frequencies are unbiased for the last ones, so each state keeps its chance q_i of taking over.`);
  if (Math.abs(answer - 1 / ABSORPTION_Q.length) < 0.03) return fail(`${sim}. 1/6 would hold if every state were equally likely to win; a state that starts with more mass wins more often — how much more?`);
  return fail(`${sim}; your ${answer} is off by ${num(Math.abs(answer - f))}, more than 4 SE (${num(4 * se)}). Which mark does state 0's bar reach in the figure above?`);
}

type VarianceEstimator = (xs: number[]) => number;

const VARIANCE_CASES: { xs: number[]; expected: number }[] = [
  { xs: [1, 2, 3, 4], expected: 5 / 3 },
  { xs: [2, 4, 4, 4, 5, 5, 7, 9], expected: 32 / 7 },
  { xs: [-1, 1], expected: 2 },
  { xs: [3, 3, 3], expected: 0 },
];

function varianceCheck(estimate: VarianceEstimator): Verdict {
  if (typeof estimate !== "function") return fail(`give a function (xs: number[]) => number, got ${typeof estimate}.`);
  for (const { xs, expected } of VARIANCE_CASES) {
    const got = answered(estimate(xs.slice()));
    const shown = `[${xs.join(", ")}]`;
    if (typeof got !== "number" || !Number.isFinite(got)) return fail(`on ${shown} your function returned ${String(got)}, not a finite number.`);
    if (Math.abs(got - expected) <= 1e-9 * Math.max(1, expected)) continue;
    const n = xs.length;
    if (Math.abs(got - (expected * (n - 1)) / n) < 1e-9 * Math.max(1, expected)) {
      return fail(`on ${shown} you return ${num(got)} = scatter / n: that is the maximum-likelihood estimate (numpy's ddof = 0). Divide by n − 1; the ML refit loses a factor (M − 1)/M of the variance every generation.`);
    }
    if (Math.abs(got - Math.sqrt(expected)) < 1e-9 * Math.max(1, expected)) return fail(`on ${shown} you return ${num(got)}, the standard deviation: return its square.`);
    return fail(`on ${shown} the unbiased variance is ${num(expected)}, your function returns ${num(got)}. Subtract the mean before squaring, then divide the sum by n − 1.`);
  }
  // Unbiasedness on simulated data: 4000 samples of 5 points from N(0, 1); E[σ̂²] = 1.
  const rng = new Rng(102);
  const estimates = Array.from({ length: 4000 }, () => answered(estimate(Array.from({ length: 5 }, () => rng.normal()))));
  const s = simulated(estimates, 0);
  if (Math.abs(s.mean - 1) > s.tolerance) return fail(`on the test inputs it is right, but over 4000 samples of 5 standard-normal points its mean is ${num(s.mean)}, not 1 (4 SE = ${num(s.tolerance)}).`);
  return pass(`exact on ${VARIANCE_CASES.length} inputs, and over 4000 samples of 5 points from N(0, 1) its mean is ${num(s.mean)} ± ${num(s.se)}: E[σ̂²] = σ². The unbiased refit keeps the variance right ON AVERAGE — and yet σ̂_n → 0 (section 4).`);
}

/** The configuration of exercise 01.3 (and of the chapter cell it starts from). */
export const REAL_DATA_RUN = { sampleSize: 100, generations: 300, seeds: 20, seed: 8 };

/** Median σ̂² over seeds at the last generation of the 1-D chain with a share γ of original rows. */
export const medianVarianceWithRealData = remembered((gamma: number): number => {
  const { sampleSize, generations, seeds, seed } = REAL_DATA_RUN;
  const runs = runGaussianChain1dSeeds({ sampleSize, generations, seeds, seed, method: "sample", fractions: { alpha: 1 - gamma, beta: 0, gamma } });
  const last = Array.from({ length: seeds }, (_, s) => runs.variance[s * generations + generations - 1]);
  return quantileOf(last, 0.5);
});

export interface RealDataAnswer {
  gamma: number;
  medianVariance: number;
  /** "a", "b" or "c": see the exercise. */
  why: string;
}

function realDataCheck(answer: RealDataAnswer): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { gamma, medianVariance, why }.");
  if (answer.gamma !== 0.1) return fail(`the exercise keeps γ = 0.1 (10 % original rows, the paper's setting (c)); you give gamma = ${String(answer.gamma)}.`);
  const bad = notANumberIn(answer.medianVariance, "medianVariance", 0);
  if (bad) return bad;
  const withReal = medianVarianceWithRealData(0.1);
  const without = medianVarianceWithRealData(0);
  // The median over 20 seeds moves by a few per cent with the seed; 10 % accepts any seed and rejects γ = 0's value, over 10× lower.
  if (relativeError(answer.medianVariance, without) < 0.1) return fail(`${num(answer.medianVariance)} is the γ = 0 value (${num(without)}): rerun the cell with gamma: 0.1.`);
  if (relativeError(answer.medianVariance, withReal) > 0.1) return fail(`with γ = 0.1 the median σ̂² at generation ${REAL_DATA_RUN.generations} is ${num(withReal)}; you give ${num(answer.medianVariance)} (more than 10 % off). Run medianVarianceWithRealData(0.1).`);
  return explained(answer.why, {
    a: pass(`median σ̂² = ${num(withReal)} against ${num(without)} without real data. The 10 rows of D_0 in every generation put variance back as fast as resampling removes it: the chain settles at a level instead of collapsing — why the paper's setting (c) degrades only a little.`),
    b: fail(`the number is right (${num(withReal)}), but it is not on its way to 0: rerun with generations halved and compare — the median has levelled off. Why does it stop falling?`),
    c: fail(`the number is right (${num(withReal)}), but it is not back at 1: the 90 % synthetic rows still pull it down each generation. What balances them?`),
  });
}

export const ex01 = {
  absorption: exercise<number>("01.1", {
    check: absorptionCheck,
    hints: [
      "The chain ends in a delta at one state. Which state is the question; the figure's bars are what to predict.",
      "Each generation's frequencies are an unbiased estimate of the previous ones: E[p_{n+1} | p_n] = p_n. A martingale that ends at 0 or 1 …",
      "… has P(ends at 1) = its starting value. State 0 starts at q₀.",
    ],
    solution: fromNotebook("01.1"),
  }),
  unbiasedVariance: exercise<VarianceEstimator>("01.2", {
    check: varianceCheck,
    hints: [
      "Mean first: m = Σx / n. Then the scatter Σ(x − m)².",
      "The unbiased estimate divides the scatter by n − 1, not n (Bessel's correction).",
      "return xs.reduce((s, x) => s + (x − m) ** 2, 0) / (xs.length − 1);",
    ],
    solution: fromNotebook("01.2"),
  }),
  realData: exercise<RealDataAnswer>("01.3", {
    check: realDataCheck,
    hints: [
      "Change only gamma in the cell: medianVarianceWithRealData(0.1).",
      "Compare with the γ = 0 value printed above: is σ̂² still on its way to 0, or has it stopped somewhere?",
      "Each generation fits 90 synthetic rows and 10 rows of the original data; the original rows always carry variance ≈ 1.",
    ],
    solution: fromNotebook("01.3"),
  }),
};
