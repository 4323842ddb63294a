/**
 * The chapter-1 drivers against the theory they are drawn with (docs/theory.md §2–3):
 * E[S] of the discrete chain, absorption in state i with probability q_i, E[σ²_n] for both
 * refits, the E log σ²_n drift, the exact E[W2²], and the d-D regimes. Tolerances are 4
 * standard errors from the number of seeds.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { absorptionFrequencies, discreteChainBands, ZIPF_Q } from "../src/experiments/discreteChain";
import { varianceBands } from "../src/experiments/varianceBands";
import { w2AgainstTheory } from "../src/experiments/w2AgainstTheory";
import { gaussianNdRegimes } from "../src/experiments/gaussianNdRegimes";
import { gaussianPaperRuns } from "../src/experiments/gaussianPaperRuns";
import { runGaussianChain1d, runGaussianChain1dSeeds } from "../src/experiments/gaussianChain";
import { streamSeed } from "../src/random/rng";
import { expectedLogVariance } from "../src/theory/gaussianChain";
import { assertWithinSe, meanAndStandardError } from "./helpers/stats";

/** ψ′(x) = Σ_k 1/(x + k)², summed to 10⁵ terms plus the integral of the rest. */
function trigamma(x: number): number {
  let s = 0;
  for (let k = 0; k < 100000; k++) s += 1 / (x + k) ** 2;
  return s + 1 / (x + 100000);
}

test("discreteChainBands: mean collision mass on E[S] = 1 − (1 − 1/M)^(g+1) (1 − S_0) within 4 SE; support never grows", () => {
  const b = discreteChainBands({ q: ZIPF_Q, sampleSize: 50, generations: 30, seeds: 300, seed: 11 });
  assert.deepEqual([b.seeds, b.generations, b.sampleSize, b.theory.length, b.collision.mean.length], [300, 30, 50, 30, 30]);
  for (const g of [0, 9, 29]) assertWithinSe(b.collision.mean[g], b.theory[g], b.collision.se[g], 4, `E[S] at generation ${g}`);
  for (let g = 1; g < 30; g++) assert.ok(b.support.mean[g] <= b.support.mean[g - 1], `support mean grew at ${g}`);
  for (let g = 0; g < 30; g++) assert.ok(b.support.q10[g] <= b.support.mean[g] && b.support.mean[g] <= b.support.q90[g], `support band at ${g}`);
  const s0 = ZIPF_Q.reduce((a, p) => a + p * p, 0);
  assert.ok(Math.abs(b.theory[0] - (1 - (1 - 1 / 50) * (1 - s0))) < 1e-15);
  assert.deepEqual(discreteChainBands({ q: ZIPF_Q, sampleSize: 50, generations: 5, seeds: 3, seed: 11 }), discreteChainBands({ q: ZIPF_Q, sampleSize: 50, generations: 5, seeds: 3, seed: 11 }));
});

test("discreteChainBands at M = 10: model 0 is already one resampling away from q (docs/theory.md#notation), and the test can tell", () => {
  // E[S] of model g is E[S_{g+1}] = 1 − (1 − 1/M)^(g+1) (1 − S_0) (docs/theory.md#discrete-collision-mass).
  // At M = 10 the off-by-one reading E[S_g] lies (1 − S_0)/M ≈ 0.075 lower, about 20 SE with 1000 seeds.
  const m = 10;
  const seeds = 1000;
  const b = discreteChainBands({ q: ZIPF_Q, sampleSize: m, generations: 3, seeds, seed: 21 });
  const s0 = ZIPF_Q.reduce((a, p) => a + p * p, 0);
  for (let g = 0; g < 3; g++) {
    const right = 1 - (1 - 1 / m) ** (g + 1) * (1 - s0);
    const offByOne = 1 - (1 - 1 / m) ** g * (1 - s0);
    assert.ok(Math.abs(b.theory[g] - right) < 1e-15, `theory of model ${g}: ${b.theory[g]} vs ${right}`);
    assertWithinSe(b.collision.mean[g], right, b.collision.se[g], 4, `E[S] of model ${g}`);
    assert.ok(Math.abs(b.collision.mean[g] - offByOne) > 4 * b.collision.se[g], `generation ${g}: E[S_g] = ${offByOne} is not rejected by ${b.collision.mean[g]} ± ${b.collision.se[g]}`);
  }
});

test("ZIPF_Q is a probability vector with a decreasing (long) tail", () => {
  assert.ok(Math.abs(ZIPF_Q.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  for (let i = 1; i < ZIPF_Q.length; i++) assert.ok(ZIPF_Q[i] < ZIPF_Q[i - 1]);
});

test("absorptionFrequencies: every run absorbed, each state's share within 4 binomial SE of q_i", () => {
  const q = [0.5, 0.3, 0.2];
  const r = absorptionFrequencies({ q, sampleSize: 10, runs: 1000, seed: 12 });
  assert.equal(r.notAbsorbed, 0);
  assert.ok(Math.abs(r.frequencies.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  q.forEach((qi, i) => {
    assert.ok(Math.abs(r.theorySe[i] - Math.sqrt((qi * (1 - qi)) / 1000)) < 1e-15);
    assertWithinSe(r.frequencies[i], qi, r.theorySe[i], 4, `P(absorbed in ${i})`);
  });
});

test("absorptionFrequencies with a generation cap: the unabsorbed runs are counted, not spread over the states", () => {
  const q = [0.5, 0.3, 0.2];
  const runs = 1000;
  const r = absorptionFrequencies({ q, sampleSize: 10, runs, seed: 12, maxGenerations: 5 });
  assert.ok(r.notAbsorbed > 0 && r.notAbsorbed < runs, `not absorbed: ${r.notAbsorbed}`);
  assert.equal(Array.from(r.counts).reduce((a, b) => a + b, 0), runs - r.notAbsorbed);
  assert.ok(Math.abs(r.frequencies.reduce((a, b) => a + b, 0) - (runs - r.notAbsorbed) / runs) < 1e-12);
  assert.ok(r.meanAbsorptionTime !== null && r.meanAbsorptionTime >= 0 && r.meanAbsorptionTime <= 4, `mean absorption time ${r.meanAbsorptionTime} within the 5 generations run`);
  // M = 50 draws of ZIPF_Q all in one state has probability below 0.4^50: nothing is absorbed in one generation.
  const none = absorptionFrequencies({ q: ZIPF_Q, sampleSize: 50, runs: 20, seed: 12, maxGenerations: 1 });
  assert.deepEqual([none.notAbsorbed, none.meanAbsorptionTime, Math.max(...none.frequencies)], [20, null, 0]);
});

test("varianceBands: E[σ²_n] = 1 (unbiased) and ((M − 1)/M)^n (ML), the log-variance drift, and the tails", () => {
  const m = 20;
  const seeds = 400;
  const v = varianceBands({ sampleSize: m, generations: 20, seeds, seed: 13 });
  const [unbiased, ml] = v.estimators;
  assert.deepEqual([unbiased.estimator, ml.estimator], ["unbiased", "ml"]);
  for (const g of [0, 4, 9]) {
    assertWithinSe(unbiased.meanVariance[g], 1, unbiased.seVariance[g], 4, `unbiased E[σ²] at generation ${g}`);
    assertWithinSe(ml.meanVariance[g], ((m - 1) / m) ** (g + 1), ml.seVariance[g], 4, `ML E[σ²] at generation ${g}`);
    assert.ok(Math.abs(ml.theoryMean[g] - ((m - 1) / m) ** (g + 1)) < 1e-12);
  }
  // log σ²_n is a sum of n independent log(χ²_{M−1}/(M−1)), each of variance ψ′((M−1)/2).
  // The same for the ML refit, whose drift adds n·ln((M − 1)/M) (docs/theory.md#gaussian-log-variance).
  for (const band of [unbiased, ml]) {
    for (const g of [4, 19]) {
      const se = Math.sqrt(((g + 1) * trigamma((m - 1) / 2)) / seeds);
      assert.ok(Math.abs(Math.log(band.theoryGeometric[g]) - expectedLogVariance(1, m, g + 1, band.estimator)) < 1e-12);
      assertWithinSe(Math.log(band.geometricMean[g]), Math.log(band.theoryGeometric[g]), se, 4, `${band.estimator}: mean log σ² at generation ${g}`);
    }
  }
  assert.ok(Math.abs(v.originalTail3 - 0.0026997960632601866) < 1e-9, `2Φ(−3) = ${v.originalTail3}`);
  assert.ok(unbiased.tail3Median[19] < v.originalTail3 / 10, `the typical model loses the tails: ${unbiased.tail3Median[19]}`);
});

test("varianceBands: its runs are runGaussianChain1dSeeds on streamSeed(seed, estimator), and the trigamma SE matches their spread", () => {
  const m = 20;
  const seeds = 400;
  const generations = 20;
  const v = varianceBands({ sampleSize: m, generations, seeds, seed: 13 });
  for (const band of v.estimators) {
    const run = runGaussianChain1dSeeds({ sampleSize: m, generations, seeds, seed: streamSeed(13, band.estimator), estimator: band.estimator });
    for (const g of [4, 19]) {
      const logs = Array.from({ length: seeds }, (_, s) => Math.log(run.variance[s * generations + g]));
      const { mean, sd } = meanAndStandardError(logs);
      assert.ok(Math.abs(mean - Math.log(band.geometricMean[g])) < 1e-12, `${band.estimator}: geometric mean is exp(mean log σ²)`);
      // sd of log σ²_n is √(n ψ′((M − 1)/2)); the sample sd of 400 seeds is within a few % of it (≈ 1/√(2·399) = 3.5 % relative SE).
      const theorySd = Math.sqrt((g + 1) * trigamma((m - 1) / 2));
      assert.ok(Math.abs(sd / theorySd - 1) < 0.2, `${band.estimator}, generation ${g}: sd of log σ² ${sd} vs √(nψ′) = ${theorySd}`);
    }
  }
});

test("w2AgainstTheory: the simulated E[W2²] sits on the exact formula; the expansion holds for n ≪ M", () => {
  const w = w2AgainstTheory({ sampleSizes: [20, 200], generations: 30, seeds: 400, seed: 14 });
  w.sampleSizes.forEach((m, i) => {
    for (const g of [0, 9, 29]) assertWithinSe(w.observed[i][g], w.exact[i][g], w.observedSe[i][g], 4, `E[W2²], M = ${m}, generation ${g}`);
  });
  assert.ok(Math.abs(w.expansion[1][4] - w.exact[1][4]) / w.exact[1][4] < 0.1, `n = 5, M = 200: ${w.expansion[1][4]} vs ${w.exact[1][4]}`);
});

test("gaussianNdRegimes: replacing collapses the covariance and drifts away, accumulating stays near the truth", () => {
  const r = gaussianNdRegimes({ dims: [2, 5], sampleSize: 20, generations: 300, seeds: 3, seed: 15 });
  assert.deepEqual(r.series.map((s) => `${s.dim} ${s.regime}`), ["2 replace", "2 accumulate", "5 replace", "5 accumulate"]);
  for (const d of [2, 5]) {
    const [replace, accumulate] = r.series.filter((s) => s.dim === d);
    // Replacing: log det Σ drifts by about −d(d+1)/(2M) a generation (docs/theory.md#gaussian-multivariate).
    assert.ok(replace.trace[299] < 1e-3, `d = ${d}: replace tr Σ/d = ${replace.trace[299]}`);
    assert.ok(accumulate.trace[299] > 0.5 && accumulate.trace[299] < 2, `d = ${d}: accumulate tr Σ/d = ${accumulate.trace[299]}`);
    assert.ok(replace.w2[299] > 5 * accumulate.w2[299], `d = ${d}: W2² ${replace.w2[299]} vs ${accumulate.w2[299]}`);
  }
});

test("gaussianPaperRuns: one run per M, on the stream keyed by M, errors taken against μ = 0, σ = 1", () => {
  const p = gaussianPaperRuns({ sampleSizes: [30, 3000], generations: 50, seed: 16, estimator: "ml" });
  assert.equal(p.estimator, "ml");
  p.sampleSizes.forEach((m, i) => {
    const run = runGaussianChain1d({ sampleSize: m, generations: 50, seed: streamSeed(16, "sampleSize", m), estimator: "ml" });
    assert.deepEqual(p.absMeanError[i], Array.from(run.mean, Math.abs));
    assert.deepEqual(p.absSdError[i], Array.from(run.sd, (s) => Math.abs(s - 1)));
  });
  // Adding an M leaves the other runs as they were.
  assert.deepEqual(gaussianPaperRuns({ sampleSizes: [3000], generations: 50, seed: 16, estimator: "ml" }).absSdError[0], p.absSdError[1]);
  // The estimator is passed through: the default is the unbiased refit, a different chain from the ML one.
  const unbiased = gaussianPaperRuns({ sampleSizes: [30], generations: 50, seed: 16 });
  assert.equal(unbiased.estimator, "unbiased");
  assert.deepEqual(unbiased.absSdError[0], Array.from(runGaussianChain1d({ sampleSize: 30, generations: 50, seed: streamSeed(16, "sampleSize", 30) }).sd, (s) => Math.abs(s - 1)));
  assert.notDeepEqual(unbiased.absSdError[0], p.absSdError[0]);
});

/**
 * E|σ_n − 1| for the unbiased chain from σ_0 = 1, with log σ²_n taken as normal: mean
 * E[log σ²_n] (docs/theory.md#gaussian-log-variance) and variance n ψ′((M − 1)/2), a sum of n
 * independent log(χ²_{M−1}/(M−1)). The normal law is an approximation: each term, a log-gamma,
 * has skewness ψ″(a)/ψ′(a)^{3/2} ≈ −1/√a with a = (M − 1)/2, and the sum's is that over √n
 * (−0.04 at M = 30, n = 50). The expectation is integrated numerically over ±8 sd.
 */
function expectedAbsSdError(m: number, n: number): number {
  const mu = expectedLogVariance(1, m, n) / 2;
  const sd = Math.sqrt(n * trigamma((m - 1) / 2)) / 2;
  const steps = 4000;
  const h = (16 * sd) / steps;
  let s = 0;
  for (let i = 0; i <= steps; i++) {
    const x = mu - 8 * sd + i * h;
    const w = i === 0 || i === steps ? 0.5 : 1;
    s += w * Math.abs(Math.exp(x) - 1) * Math.exp(-0.5 * ((x - mu) / sd) ** 2);
  }
  return (s * h) / (sd * Math.sqrt(2 * Math.PI));
}

test("gaussianPaperRuns over 100 seeds: |σ − σ̂_50| is ten times larger at M = 30 than at M = 3000, as the log-variance law says", () => {
  const seeds = 100;
  const n = 50;
  const end: number[][] = [[], []];
  for (let seed = 0; seed < seeds; seed++) {
    const p = gaussianPaperRuns({ sampleSizes: [30, 3000], generations: n, seed });
    end[0].push(p.absSdError[0][n - 1]);
    end[1].push(p.absSdError[1][n - 1]);
  }
  const small = meanAndStandardError(end[0]);
  const large = meanAndStandardError(end[1]);
  // The last model is n = 50 resamplings from the truth (docs/theory.md#notation).
  assertWithinSe(small.mean, expectedAbsSdError(30, n), small.se, 4, "E|σ − σ̂_50| at M = 30");
  assertWithinSe(large.mean, expectedAbsSdError(3000, n), large.se, 4, "E|σ − σ̂_50| at M = 3000");
  assert.ok(small.mean - 4 * small.se > 4 * (large.mean + 4 * large.se), `M = 30: ${small.mean} ± ${small.se}, M = 3000: ${large.mean} ± ${large.se}`);
});

test("w2AgainstTheory: the exact curve equals n/M + 2 − 2cⁿ with c = √(2/(M − 1)) Γ(M/2)/Γ((M − 1)/2), computed here without gammaln", () => {
  // docs/theory.md#gaussian-w2-exact, unbiased refit: E[μ_n²] = n/M, E[σ²_n] = 1, E[σ_n] = cⁿ,
  // so E[W2²] = n/M + E[(σ_n − 1)²] = n/M + 2 − 2cⁿ. For even M, Γ(M/2)/Γ((M − 1)/2) = R_{M/2−1}
  // with R_0 = Γ(1)/Γ(1/2) = 1/√π and R_k = R_{k−1}·k/(k − 1/2).
  const gammaRatio = (m: number) => {
    let r = 1 / Math.sqrt(Math.PI);
    for (let k = 1; k <= m / 2 - 1; k++) r *= k / (k - 0.5);
    return r;
  };
  const w = w2AgainstTheory({ sampleSizes: [20, 200], generations: 30, seeds: 2, seed: 14 });
  w.sampleSizes.forEach((m, i) => {
    const c = Math.sqrt(2 / (m - 1)) * gammaRatio(m);
    for (const n of [1, 10, 30]) {
      const exact = n / m + 2 - 2 * c ** n;
      assert.ok(Math.abs(w.exact[i][n - 1] - exact) < 1e-10 * exact, `M = ${m}, n = ${n}: ${w.exact[i][n - 1]} vs ${exact}`);
      assert.ok(Math.abs(w.expansion[i][n - 1] - (1.5 * n) / m) < 1e-15);
    }
  });
});

test("varianceBands: the unbiased refit's theory mean is 1 at every generation, the ML one decays below it", () => {
  const v = varianceBands({ sampleSize: 10, generations: 8, seeds: 2, seed: 13 });
  const [unbiased, ml] = v.estimators;
  assert.deepEqual(unbiased.theoryMean, new Array(8).fill(1));
  for (let g = 1; g < 8; g++) assert.ok(ml.theoryMean[g] < ml.theoryMean[g - 1]);
  // E ln σ²_n = n[ψ((M − 1)/2) + ln(2/(M − 1))] (docs/theory.md#gaussian-log-variance); with
  // ψ(n + 1/2) = −γ − 2 ln 2 + Σ_{k ≤ n} 2/(2k − 1) at n = 4.
  const psi45 = -0.5772156649015329 - 2 * Math.LN2 + 2 * (1 + 1 / 3 + 1 / 5 + 1 / 7);
  for (const n of [1, 8]) assert.ok(Math.abs(Math.log(unbiased.theoryGeometric[n - 1]) - n * (psi45 + Math.log(2 / 9))) < 1e-9, `n = ${n}`);
});
