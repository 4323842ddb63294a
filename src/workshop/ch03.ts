/**
 * Chapter 03's exercises (notebooks/03-functional-approximation.ipynb,
 * docs/theory.md#functional-approximation): how short one budgeted SGD fit stops, the
 * gradient it follows (and why it is clipped far from the data's spread), and what a
 * larger budget does to the compounding.
 */
import { exercise, fail, pass, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { APPROXIMATION_TRUTH, runApproximation } from "../experiments/approximation";
import { fitGaussianBySgd } from "../learners/sgdGaussianLearner";
import { fitGaussian } from "../gaussian/fitGaussian";
import { sampleGaussianMixture } from "../gmm/sampleGaussianMixture";
import { Rng, runSeed } from "../random/rng";
import { assertInteger } from "../validate";
import { explained, notANumberIn, num, relativeError, simulated } from "./checks";
import { fromNotebook } from "./solutions";

/** Variance recovered by one default SGD fit (100 steps) over the exact fit's, averaged over both axes, per repeat. */
export function sgdVarianceShares(repeats: number, seed = 31): number[] {
  assertInteger(repeats, "repeats", 2, 100);
  const data = sampleGaussianMixture(APPROXIMATION_TRUTH, 10000, new Rng(seed)).points;
  const exact = fitGaussian(data);
  return Array.from({ length: repeats }, (_, r) => {
    const sgd = fitGaussianBySgd(data, {}, new Rng(runSeed(seed, r + 1)));
    return (sgd.cov[0] / exact.cov[0] + sgd.cov[3] / exact.cov[3]) / 2;
  });
}

function shortfallCheck(answer: number): Verdict {
  const bad = notANumberIn(answer, "your predicted share of the variance", 0, 2);
  if (bad) return bad;
  // 8 SGD runs on one sample: 4 SE of their mean, at least 0.05 (a prediction need not be sharper).
  const s = simulated(sgdVarianceShares(8), 0.05);
  const sim = `8 fits of 100 SGD steps recover ${num(s.mean)} ± ${num(s.se)} of the exact fit's variance`;
  if (Math.abs(answer - s.mean) <= s.tolerance) return pass(`${sim}. Short, but not by much — the mean is nearly right. Small per fit; the loop is what makes it matter (section 2).`);
  if (answer >= 0.97) return fail(`${sim}. SGD does converge to the exact fit, but only with a long run (the third line of the cell above); 100 steps from sd 0.1 stop short.`);
  if (answer < 0.3) return fail(`${sim}. It is not stuck at the initialisation (variance 0.01): the clipped steps get most of the way in 100 steps.`);
  return fail(`${sim}; you predict ${answer} (accepted: within ${num(s.tolerance)}). Compare the variances printed for "exact" and "SGD, 100 steps" above.`);
}

type NllGradient = (xs: number[], mu: number, logSigma: number) => number[];

/** Mean negative log-likelihood of a 1-D Gaussian, up to the constant ½ log 2π. */
function meanNll(xs: number[], mu: number, logSigma: number): number {
  const s2 = Math.exp(2 * logSigma);
  return logSigma + xs.reduce((a, x) => a + (x - mu) ** 2, 0) / xs.length / (2 * s2);
}

function gradientCheck(gradient: NllGradient): Verdict {
  if (typeof gradient !== "function") return fail(`give a function (xs, mu, logSigma) => [dMu, dLogSigma], got ${typeof gradient}.`);
  const rng = new Rng(32);
  const cases: [number[], number, number][] = [
    [[1, 2, 3], 0, 0],
    [[0.5, -0.5, 1.5, 2.5], 1, Math.log(0.1)],
    [Array.from({ length: 20 }, () => 1 + 2 * rng.normal()), -0.5, Math.log(1.5)],
  ];
  for (const [xs, mu, logSigma] of cases) {
    const got = answered(gradient(xs.slice(), mu, logSigma));
    const shown = `xs of ${xs.length} points, mu = ${num(mu)}, logSigma = ${num(logSigma)}`;
    if (!Array.isArray(got) || got.length !== 2 || !got.every((v) => typeof v === "number" && Number.isFinite(v))) {
      return fail(`for ${shown} your function returned ${JSON.stringify(got)}: return two finite numbers [dMu, dLogSigma].`);
    }
    // Central finite differences of the mean NLL: error O(h²) ≈ 1e-10 here, far below the 1e-6 accepted.
    const h = 1e-5;
    const dMu = (meanNll(xs, mu + h, logSigma) - meanNll(xs, mu - h, logSigma)) / (2 * h);
    const dLog = (meanNll(xs, mu, logSigma + h) - meanNll(xs, mu, logSigma - h)) / (2 * h);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    if (close(got[0], dMu) && close(got[1], dLog)) continue;
    if (close(got[0], -dMu) && close(got[1], -dLog)) return fail(`for ${shown} both signs are flipped: that is the gradient of the log-LIKELIHOOD. SGD descends the negative log-likelihood.`);
    if (!close(got[0], dMu)) return fail(`for ${shown} ∂NLL/∂μ is ${num(dMu)}, yours ${num(got[0])}. The mean NLL is log σ + mean((x − μ)²) / (2σ²); differentiate in μ.`);
    const sigma = Math.exp(logSigma);
    if (close(got[1], dLog / sigma)) return fail(`for ${shown} you give ∂NLL/∂σ; the parameter is log σ: multiply by σ (chain rule), which gives 1 − mean((x − μ)²)/σ².`);
    return fail(`for ${shown} ∂NLL/∂log σ is ${num(dLog)}, yours ${num(got[1])}. Write σ² = exp(2 log σ) and differentiate log σ + mean((x − μ)²) e^(−2 log σ) / 2.`);
  }
  return pass(`both partial derivatives match finite differences on ${cases.length} batches. Note ∂/∂log σ = 1 − mean((x − μ)²)/σ²: about −100 at the initial σ = 0.1 for data of sd 1, so every early step hits the clip (0.1) — the budget runs out before σ gets all the way.`);
}

/** The configuration of exercise 03.3: the SGD spread after `generations` with `steps` per fit, per seed. */
export function sgdSpreadAfter(o: { steps: number; generations?: number; seeds?: number }): number[] {
  const generations = o.generations ?? 10;
  const seeds = o.seeds ?? 2;
  assertInteger(o.steps, "steps", 1, 5000);
  return Array.from({ length: seeds }, (_, s) =>
    runApproximation({ learner: "sgd", sgd: { steps: o.steps }, sampleSize: 10000, generations: generations + 1, seed: runSeed(33, s) }).spread[generations],
  );
}

export interface BudgetAnswer {
  steps: number;
  /** Mean over the seeds of the SGD spread at generation 10. */
  spread: number;
  why: string;
}

function budgetCheck(answer: BudgetAnswer): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { steps, spread, why }.");
  if (answer.steps !== 1000) return fail(`the exercise gives SGD 1000 steps per fit (10× the default); you give steps = ${String(answer.steps)}.`);
  const bad = notANumberIn(answer.spread, "spread", 0);
  if (bad) return bad;
  const spreads = sgdSpreadAfter({ steps: 1000 });
  const expected = spreads.reduce((a, b) => a + b, 0) / spreads.length;
  // Two seeds of a deterministic run: the same call gives the same number, 5 % allows reading it off a printout.
  if (relativeError(answer.spread, expected) > 0.05) return fail(`with 1000 steps the mean spread at generation 10 is ${num(expected)}; you give ${num(answer.spread)}. Run sgdSpreadAfter({ steps: 1000 }) and average.`);
  return explained(answer.why, {
    a: pass(`spread ${num(expected)} at generation 10 with 1000 steps, against the fast decline with 100: the approximation error per fit shrinks with the budget, so much less is fed back. It compounds all the same — any bias left in one fit is the next fit's data.`),
    b: fail(`the number is right (${num(expected)}), but the truth is in the model family and 10 000 points a generation leave no room to overfit a Gaussian.`),
    c: fail(`the number is right (${num(expected)}), but the loop has not changed: still replace, still its own samples. What changed is how short each fit stops.`),
  });
}

export const ex03 = {
  shortfall: exercise<number>("03.1", {
    check: shortfallCheck,
    hints: [
      "Compare the variances printed for the exact fit and for SGD with 100 steps in the cell above.",
      "The answer is a share: SGD's variance over the exact fit's (about the same on both axes).",
      "Roughly 0.8: the variances are short by 10–20 %.",
    ],
    solution: fromNotebook("03.1"),
  }),
  gradient: exercise<NllGradient>("03.2", {
    check: gradientCheck,
    hints: [
      "Mean NLL per point, dropping constants: log σ + mean((x − μ)²) / (2σ²).",
      "∂/∂μ = −mean(x − μ) / σ². For log σ, use σ² = exp(2 log σ).",
      "∂/∂log σ = 1 − mean((x − μ)²) / σ².",
    ],
    solution: fromNotebook("03.2"),
  }),
  budget: exercise<BudgetAnswer>("03.3", {
    check: budgetCheck,
    hints: [
      "Change only steps: sgdSpreadAfter({ steps: 1000 }) returns one spread per seed.",
      "Average the two values for spread; compare with the 100-step spread at generation 10 in the figure.",
      "Each fit still starts from sd 0.1; with 10× the steps, how close does one fit get?",
    ],
    solution: fromNotebook("03.3"),
  }),
};
