/**
 * The recursive Gaussian refit against the exact theory of docs/theory.md#gaussian-chain (Nature Thm 3.1,
 * Supplementary §3.1.1); see src/theory/gaussianChain.ts for the formulas. Each check
 * averages over many seeds and allows 4 standard errors of that average.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { runGaussianChain, runGaussianChain1dSeeds, runGaussianChainNd, runGaussianChain1d } from "../src/experiments/gaussianChain";
import { gaussian1d } from "../src/gaussian/gaussianModel";
import { runSeed } from "../src/random/rng";
import {
  expectedLogVariance,
  expectedSquaredMeanDrift,
  expectedVariance,
  expectedW2Squared1d,
  w2SquaredExpansion1d,
} from "../src/theory/gaussianChain";
import { digamma } from "../src/theory/digamma";
import { assertWithinSe, meanAndStandardError } from "./helpers/stats";

function column(x: Float64Array, seeds: number, generations: number, g: number, f = (v: number) => v): Float64Array {
  const out = new Float64Array(seeds);
  for (let s = 0; s < seeds; s++) out[s] = f(x[s * generations + g]);
  return out;
}

test("digamma matches reference values (Abramowitz & Stegun 6.3.2, 6.3.3)", () => {
  const eulerGamma = 0.5772156649015329;
  assert.ok(Math.abs(digamma(1) + eulerGamma) < 1e-12);
  assert.ok(Math.abs(digamma(0.5) - (-eulerGamma - 2 * Math.LN2)) < 1e-12);
  assert.ok(Math.abs(digamma(10) - 2.251752589066721) < 1e-12);
});

test("unbiased refit: E[σ²_n] = σ² for every n, while the ML refit shrinks it by ((M−1)/M)^n", () => {
  const seeds = 4000;
  const m = 100;
  const g = 20;
  const run = runGaussianChain1dSeeds({ sampleSize: m, generations: g, seed: 11, seeds, sigma: 1 });
  const last = meanAndStandardError(column(run.variance, seeds, g, g - 1));
  // model of generation g − 1 is n = g draws from the truth
  assertWithinSe(last.mean, expectedVariance(1, m, g), last.se, 4, "E[σ²_20], unbiased");
  const ml = runGaussianChain1dSeeds({ sampleSize: m, generations: g, seed: 12, seeds, sigma: 1, estimator: "ml" });
  const lastMl = meanAndStandardError(column(ml.variance, seeds, g, g - 1));
  assertWithinSe(lastMl.mean, expectedVariance(1, m, g, "ml"), lastMl.se, 4, "E[σ²_20], ML");
  // The two differ by far more than the noise: the test can tell the estimators apart.
  assert.ok(Math.abs(expectedVariance(1, m, g) - expectedVariance(1, m, g, "ml")) > 8 * last.se);
});

test("E[log σ²_n] drifts to −∞ at n[ψ((M−1)/2) + ln(2/(M−1))] per the theory", () => {
  const seeds = 2000;
  const m = 10;
  const g = 50;
  const run = runGaussianChain1dSeeds({ sampleSize: m, generations: g, seed: 13, seeds, sigma: 2 });
  const logs = meanAndStandardError(column(run.variance, seeds, g, g - 1, Math.log));
  const expected = expectedLogVariance(2, m, g);
  assert.ok(expected < Math.log(4) - 5, "the typical path collapses");
  assertWithinSe(logs.mean, expected, logs.se, 4, "E[log σ²_50]");
});

test("E‖μ_n − μ_0‖² = tr(Σ_0)·n/M in d = 3 (exact sampler)", () => {
  const seeds = 1500;
  const m = 50;
  const g = 30;
  const drift = new Float64Array(seeds);
  const w2 = new Float64Array(seeds);
  for (let s = 0; s < seeds; s++) {
    const r = runGaussianChainNd({ dim: 3, sampleSize: m, generations: g, seed: runSeed(14, s) });
    drift[s] = r.meanDriftSquared[g - 1];
    w2[s] = r.w2Squared[g - 1];
  }
  const d = meanAndStandardError(drift);
  assertWithinSe(d.mean, expectedSquaredMeanDrift(3, m, g), d.se, 4, "E‖Δμ‖²");
});

test("1-D E[W2²] matches the exact formula and, for n ≪ M, its (3/2)σ²n/M expansion", () => {
  const seeds = 3000;
  const m = 200;
  const g = 40;
  const run = runGaussianChain1dSeeds({ sampleSize: m, generations: g, seed: 15, seeds });
  const w2 = new Float64Array(seeds);
  for (let s = 0; s < seeds; s++) w2[s] = run.mean[s * g + g - 1] ** 2 + (Math.sqrt(run.variance[s * g + g - 1]) - 1) ** 2;
  const obs = meanAndStandardError(w2);
  assertWithinSe(obs.mean, expectedW2Squared1d(1, m, g), obs.se, 4, "E[W2²]");
  assert.ok(Math.abs(expectedW2Squared1d(1, m, g) - w2SquaredExpansion1d(1, m, g)) / w2SquaredExpansion1d(1, m, g) < 0.1);
});

test("exact and brute-force chains agree in distribution of σ̂ after 30 generations", () => {
  const seeds = 1500;
  const exact = runGaussianChain1dSeeds({ sampleSize: 20, generations: 30, seed: 16, seeds });
  const brute = runGaussianChain1dSeeds({ sampleSize: 20, generations: 30, seed: 17, seeds, method: "sample" });
  const a = meanAndStandardError(column(exact.variance, seeds, 30, 29, Math.log));
  const b = meanAndStandardError(column(brute.variance, seeds, 30, 29, Math.log));
  assertWithinSe(a.mean - b.mean, 0, Math.hypot(a.se, b.se), 4, "E[log σ²] exact − brute");
});

test("the d-D covariance collapses (trace → 0) and W2 grows when replacing; accumulating keeps it bounded", () => {
  const replace = runGaussianChainNd({ dim: 2, sampleSize: 20, generations: 2000, seed: 18 });
  const accumulate = runGaussianChainNd({ dim: 2, sampleSize: 20, generations: 2000, seed: 18, regime: "accumulate" });
  assert.ok(replace.traceCov[1999] < 1e-3, `trace ${replace.traceCov[1999]}`);
  assert.ok(accumulate.traceCov[1999] > 0.2, `accumulate trace ${accumulate.traceCov[1999]}`);
  assert.ok(replace.w2Squared[1999] > accumulate.w2Squared[1999]);
});

test("same seed, same numbers; bad parameters are named", () => {
  const a = runGaussianChain1d({ sampleSize: 50, generations: 10, seed: 3 });
  const b = runGaussianChain1d({ sampleSize: 50, generations: 10, seed: 3 });
  assert.deepEqual(a, b);
  assert.throws(() => runGaussianChain1d({ sampleSize: 1, generations: 10, seed: 3 }), /sampleSize must be an integer ≥ 2, got 1/);
  assert.throws(() => runGaussianChain1d({ sampleSize: 10, generations: 2.5, seed: 3 }), /generations must be an integer ≥ 1, got 2.5/);
  assert.throws(() => runGaussianChain1d({ sampleSize: 10, generations: 5, seed: 3, sigma: -1 }), /sigma must be a finite number ≥ 0/);
  assert.throws(() => runGaussianChain1d({ sampleSize: 10, generations: 5, seed: 3, method: "fast" as never }), /method must be one of "exact", "sample"/);
});

test("the 1-D typed-array kernels give runGaussianChain's numbers exactly, both methods and both estimators", () => {
  for (const method of ["exact", "sample"] as const) {
    for (const estimator of ["unbiased", "ml"] as const) {
      const o = { sampleSize: method === "exact" ? 1000 : 50, generations: 40, seed: 21, estimator, method };
      const seeds = runGaussianChain1dSeeds({ ...o, seeds: 3, mu: 0.5, sigma: 1.7 });
      for (let s = 0; s < 3; s++) {
        const { models } = runGaussianChain({ ...o, seed: runSeed(21, s), truth: gaussian1d(0.5, 1.7) });
        assert.deepEqual(seeds.mean.subarray(s * 40, (s + 1) * 40), Float64Array.from(models, (m) => m.mean[0]), `${method} ${estimator} mean, run ${s}`);
        assert.deepEqual(seeds.variance.subarray(s * 40, (s + 1) * 40), Float64Array.from(models, (m) => m.cov[0]), `${method} ${estimator} variance, run ${s}`);
      }
      // runGaussianChain1d takes the kernel without onProgress and the generic loop with it.
      const fast = runGaussianChain1d({ ...o, mu: 0.5, sigma: 1.7 });
      const generic = runGaussianChain1d({ ...o, mu: 0.5, sigma: 1.7, onProgress: () => {} });
      assert.deepEqual(fast, generic, `${method} ${estimator} runGaussianChain1d`);
    }
  }
  // Fractions other than α = 1 stay on the generic loop (and keep its checks).
  const mixed = runGaussianChain1dSeeds({ sampleSize: 50, generations: 5, seed: 2, seeds: 2, method: "sample", fractions: { alpha: 0.5, beta: 0.5, gamma: 0 } });
  assert.equal(mixed.variance.length, 10);
  assert.throws(() => runGaussianChain1dSeeds({ sampleSize: 50, generations: 5, seed: 2, seeds: 2, estimator: "mle" as never }), /estimator must be one of "unbiased", "ml"/);
});
