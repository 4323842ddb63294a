/**
 * Chapter 04's exercises (notebooks/04-gmm-paper.ipynb, docs/theory.md#gmm-l2-distance):
 * the closed-form L2 distance between two 1-D Gaussians, why the distance to GMM₀ grows
 * without bound as the model collapses (∫f² = 1/(4πσ²) in 2-D), and what N does to it.
 */
import { exercise, fail, pass, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { gaussianMixture } from "../gmm/checkMixture";
import { l2DistanceGaussianMixtures, mixtureInnerProduct } from "../gmm/l2DistanceGaussianMixtures";
import { gmmDistanceRuns } from "../experiments/gmmDistance";
import { assertInteger } from "../validate";
import { explained, notANumberIn, remembered, num, relativeError } from "./checks";
import { fromNotebook } from "./solutions";

type L2Gaussians = (mu1: number, sd1: number, mu2: number, sd2: number) => number;

const gauss1d = (mu: number, sd: number) => gaussianMixture([1], [[mu]], [[[sd * sd]]]);

function l2Check(l2: L2Gaussians): Verdict {
  if (typeof l2 !== "function") return fail(`give a function (mu1, sd1, mu2, sd2) => number, got ${typeof l2}.`);
  const cases: [number, number, number, number][] = [
    [0, 1, 0, 1],
    [0, 1, 0, 2],
    [0, 1, 3, 1],
    [-1, 0.5, 2, 1.5],
    [0, 0.01, 0, 1],
  ];
  for (const [m1, s1, m2, s2] of cases) {
    const got = answered(l2(m1, s1, m2, s2));
    // The library's closed form for mixtures (one component each), the one the chapter's figures use.
    const expected = l2DistanceGaussianMixtures(gauss1d(m1, s1), gauss1d(m2, s2));
    const shown = `N(${m1}, ${s1}²) and N(${m2}, ${s2}²)`;
    if (typeof got !== "number" || !Number.isFinite(got)) return fail(`for ${shown} your function returned ${String(got)}, not a finite number.`);
    if (Math.abs(got - expected) <= 1e-9 * Math.max(1, expected)) continue;
    const self = 1 / (2 * Math.sqrt(Math.PI * s1 * s1)) + 1 / (2 * Math.sqrt(Math.PI * s2 * s2));
    if (Math.abs(got - Math.sqrt(expected)) <= 1e-9 * Math.max(1, expected)) return fail(`for ${shown} you return the L2 norm ${num(got)}; the chapter's distance is its square ∫(f − g)² = ${num(expected)}.`);
    if (Math.abs(got - (self - (self - expected) / 2)) <= 1e-9 * Math.max(1, expected)) return fail(`for ${shown} you return ${num(got)}: the cross term ⟨f, g⟩ appears twice in ∫(f − g)² = ⟨f, f⟩ + ⟨g, g⟩ − 2⟨f, g⟩.`);
    if (m1 === m2 && s1 === s2) return fail(`two identical Gaussians must be at distance 0; yours gives ${num(got)}.`);
    return fail(`for ${shown} ∫(f − g)² = ${num(expected)}, yours ${num(got)}. ⟨f, g⟩ = N(μ₁ − μ₂; 0, σ₁² + σ₂²): a density evaluated at the difference of the means, with the variances ADDED.`);
  }
  return pass(`right on ${cases.length} pairs, including a narrow one: N(0, 0.01²) is at distance ${num(l2DistanceGaussianMixtures(gauss1d(0, 0.01), gauss1d(0, 1)))} from N(0, 1), almost all of it ⟨f, f⟩ = 1/(2√π σ). A narrow density is FAR in L2 — the next exercise.`);
}

function selfCheck(answer: number): Verdict {
  const bad = notANumberIn(answer, "your prediction of ∫f²", 0);
  if (bad) return bad;
  const sd = 0.03;
  const exact = mixtureInnerProduct(gaussianMixture([1], [[0, 0]], [[[sd * sd, 0], [0, sd * sd]]]), gaussianMixture([1], [[0, 0]], [[[sd * sd, 0], [0, sd * sd]]]));
  // A derivation, so 10 %: enough to tell 1/(4πσ²) from 1/(2πσ²), the density's peak, which is 2× off.
  if (relativeError(answer, exact) <= 0.1) return pass(`∫f² = 1/(4πσ²) = ${num(exact)} for σ = 0.03 — against ${num(1 / (4 * Math.PI))} at σ = 1. The distance to GMM₀ is dominated by this term once the model has collapsed, so it rises without bound: 10³ by σ ≈ 0.01, the paper's curves for small N.`);
  if (relativeError(answer, 2 * exact) <= 0.1) return fail(`${num(answer)} is the density's peak 1/(2πσ²). ∫f² = ∫ N(x; 0, σ²I)² dx = N(0; 0, 2σ²I): the variance doubles. (Accepted: within 10 %.)`);
  if (relativeError(answer, 1 / (2 * Math.sqrt(Math.PI) * sd)) <= 0.1) return fail(`${num(answer)} is the 1-D value 1/(2√π σ); this model is 2-D: N(0; 0, 2σ²I) = 1/(2π · 2σ²).`);
  return fail(`∫f² for a 2-D Gaussian of sd 0.03 is ${num(exact)}; you predict ${num(answer)} (accepted: within 10 %). Use the last exercise's rule: ⟨f, f⟩ = N(0; 0, Σ + Σ).`);
}


/** Geometric mean over 3 seeds of L2(GMM_30, GMM_0) for N points a generation (the chapter's blob truth). */
export const gmmDriftAt30 = remembered((sampleSize: number): number => {
  assertInteger(sampleSize, "sampleSize", 50, 5000);
  return gmmDistanceRuns({ sampleSizes: [sampleSize], generations: 31, seeds: 3, seed: 41 }).series[0].geometricMean[30];
});

export interface SampleSizeAnswer {
  sampleSize: number;
  l2: number;
  why: string;
}

function sampleSizeCheck(answer: SampleSizeAnswer): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { sampleSize, l2, why }.");
  if (answer.sampleSize !== 1000) return fail(`the exercise changes N to 1000; you give sampleSize = ${String(answer.sampleSize)}.`);
  const bad = notANumberIn(answer.l2, "l2", 0);
  if (bad) return bad;
  const small = gmmDriftAt30(250);
  const large = gmmDriftAt30(1000);
  // The same deterministic call gives the same number; 5 % allows reading it off a printout.
  if (relativeError(answer.l2, small) < 0.05) return fail(`${num(answer.l2)} is the N = 250 value: rerun with gmmDriftAt30(1000).`);
  if (relativeError(answer.l2, large) > 0.05) return fail(`at N = 1000 the geometric mean of L2(GMM₃₀, GMM₀) is ${num(large)}; you give ${num(answer.l2)}.`);
  return explained(answer.why, {
    a: pass(`${num(large)} at N = 1000 against ${num(small)} at N = 250, ${num(small / large)}× smaller for 4× the data: each refit's parameter error has variance ∝ 1/N, and the squared distance after n steps grows like n/N early on. Bigger N delays collapse; it does not stop it (the paper's N = 200 000 curve rises too).`),
    b: fail(`the number is right (${num(large)}), but EM finds the same kind of fit at both N; what differs is how far each refit lands from the last.`),
    c: fail(`the number is right (${num(large)}) — and it is SMALLER than at N = 250 (${num(small)}): more data slows the walk.`),
  });
}

export const ex04 = {
  l2Gaussians: exercise<L2Gaussians>("04.1", {
    check: l2Check,
    hints: [
      "∫(f − g)² = ∫f² + ∫g² − 2∫fg.",
      "∫ N(x; μ₁, σ₁²) N(x; μ₂, σ₂²) dx = N(μ₁ − μ₂; 0, σ₁² + σ₂²), the 1-D normal density at μ₁ − μ₂ with variance σ₁² + σ₂².",
      "So ∫f² = 1/(2√π σ₁), and the cross term is exp(−(μ₁ − μ₂)² / (2v)) / √(2πv) with v = σ₁² + σ₂².",
    ],
    solution: fromNotebook("04.1"),
  }),
  selfProduct: exercise<number>("04.2", {
    check: selfCheck,
    hints: [
      "∫f² = ⟨f, f⟩: the rule of 04.1 with both Gaussians the same, in 2-D.",
      "N(0; 0, 2σ²I) in 2-D is 1 / (2π · det(2σ²I)^(1/2)) = 1 / (2π · 2σ²).",
      "1 / (4π · 0.03²).",
    ],
    solution: fromNotebook("04.2"),
  }),
  sampleSize: exercise<SampleSizeAnswer>("04.3", {
    check: sampleSizeCheck,
    hints: [
      "Change only the argument: gmmDriftAt30(1000).",
      "Compare with the N = 250 value printed above: larger or smaller, by about what factor?",
      "Each refit on N points misses the previous model's parameters by an error of variance ∝ 1/N.",
    ],
    solution: fromNotebook("04.3"),
  }),
};
