/**
 * Gaussian fits, samplers and the W2 metric. Reference values: the 2×2 identity
 * tr √A = √(tr A + 2√det A) for PSD A gives the Bures term independently of the
 * eigen-decomposition; sampling moments are checked to 4 standard errors.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { pointsFromRows } from "../src/data/points";
import { fitGaussian, fitGaussianFromStatistics } from "../src/gaussian/fitGaussian";
import { sampleGaussian } from "../src/gaussian/sampleGaussian";
import { sampleSufficientStatistics } from "../src/gaussian/sampleSufficientStatistics";
import { poolStatistics, sufficientStatistics } from "../src/gaussian/sufficientStatistics";
import { gaussian1d, gaussianModel } from "../src/gaussian/gaussianModel";
import { choleskyLower } from "../src/gaussian/cholesky";
import { wasserstein2Gaussian, wasserstein2Gaussian1d } from "../src/metrics/wasserstein2Gaussian";
import { massBeyondKSigma, erfc } from "../src/metrics/tailMass";
import { ksCritical, ksStatistic, meanAndStandardError, assertWithinSe } from "./helpers/stats";

test("fitGaussian: unbiased divides the scatter by M − 1, ml by M", () => {
  const data = pointsFromRows([[1], [2], [3], [6]]);
  // mean 3, scatter 4 + 1 + 0 + 9 = 14
  assert.deepEqual(Array.from(fitGaussian(data).cov), [14 / 3]);
  assert.deepEqual(Array.from(fitGaussian(data, { estimator: "ml" }).cov), [14 / 4]);
  assert.equal(fitGaussian(data).mean[0], 3);
  assert.throws(() => fitGaussian(pointsFromRows([[1]])), /number of points must be ≥ 2 for the unbiased estimator/);
  assert.throws(() => fitGaussian(data, { estimator: "biased" as never }), /estimator must be one of "unbiased", "ml"/);
});

test("pooled statistics equal the statistics of the concatenated data", () => {
  const rng = new Rng(1);
  const model = gaussianModel([1, -2], [2, 0.5, 0.5, 1]);
  const a = sampleGaussian(model, 37, rng);
  const b = sampleGaussian(model, 55, rng);
  const pooled = poolStatistics(sufficientStatistics(a), sufficientStatistics(b));
  const joined = sufficientStatistics({ n: 92, dim: 2, values: Float64Array.from([...a.values, ...b.values]) });
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(pooled.scatter[i] - joined.scatter[i]) < 1e-9);
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(pooled.mean[i] - joined.mean[i]) < 1e-12);
});

test("sampleGaussian reproduces mean and covariance (4 SE)", () => {
  const rng = new Rng(2);
  const model = gaussianModel([1, -2], [2, 0.8, 0.8, 1]);
  const n = 100000;
  const x = sampleGaussian(model, n, rng);
  const fit = fitGaussian(x);
  assertWithinSe(fit.mean[0], 1, Math.sqrt(2 / n), 4, "mean x");
  assertWithinSe(fit.cov[1], 0.8, Math.sqrt((0.64 + 2) / n), 4, "cov xy");
});

test("a model collapsed to a point samples the point, with no NaN", () => {
  const rng = new Rng(3);
  const collapsed = gaussianModel([0.5, 0.5], [0, 0, 0, 0]);
  const x = sampleGaussian(collapsed, 10, rng);
  assert.ok(x.values.every((v) => v === 0.5));
  const stats = sampleSufficientStatistics(collapsed, 100, rng);
  assert.ok(stats.scatter.every((v) => v === 0) && stats.mean.every((v) => v === 0.5));
  assert.equal(wasserstein2Gaussian(collapsed, collapsed), 0);
  assert.ok(Number.isFinite(fitGaussianFromStatistics(stats).cov[0]));
});

test("exact sufficient-statistic sampler matches brute force in distribution (two-sample KS, α = 0.001)", () => {
  const model = gaussianModel([0.3, -1], [1.5, -0.4, -0.4, 0.7]);
  const m = 12;
  const reps = 3000;
  const exact = { mean0: new Float64Array(reps), s00: new Float64Array(reps), s01: new Float64Array(reps), s11: new Float64Array(reps) };
  const brute = { mean0: new Float64Array(reps), s00: new Float64Array(reps), s01: new Float64Array(reps), s11: new Float64Array(reps) };
  const r1 = new Rng(4);
  const r2 = new Rng(5);
  for (let r = 0; r < reps; r++) {
    const e = sampleSufficientStatistics(model, m, r1);
    const b = sufficientStatistics(sampleGaussian(model, m, r2));
    for (const [dst, s] of [
      [exact, e],
      [brute, b],
    ] as const) {
      dst.mean0[r] = s.mean[0];
      dst.s00[r] = s.scatter[0];
      dst.s01[r] = s.scatter[1];
      dst.s11[r] = s.scatter[3];
    }
  }
  const crit = ksCritical(reps, reps);
  for (const key of ["mean0", "s00", "s01", "s11"] as const) {
    const d = ksStatistic(exact[key], brute[key]);
    assert.ok(d < crit, `${key}: KS D = ${d} ≥ ${crit}`);
  }
  // And both have E[S] = (M − 1)Σ.
  const s00 = meanAndStandardError(exact.s00);
  assertWithinSe(s00.mean, (m - 1) * 1.5, s00.se, 4, "E[S00]");
});

test("W2: 1-D formula, commuting and non-commuting covariances", () => {
  assert.equal(wasserstein2Gaussian1d(0, 1, 3, 2), 9 + 1);
  assert.equal(wasserstein2Gaussian(gaussian1d(0, 1), gaussian1d(3, 2)), 10);
  const p = gaussianModel([0, 0], [1, 0, 0, 4]);
  const q = gaussianModel([1, 1], [1, 0, 0, 1]);
  assert.ok(Math.abs(wasserstein2Gaussian(p, q) - (2 + 1)) < 1e-12);
  // Rotate diag(1, 4) by 30°: Σ2 = R diag(1,4) Rᵀ.
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  const s2 = [c * c + 4 * s * s, c * s * (1 - 4), c * s * (1 - 4), s * s + 4 * c * c];
  const q2 = gaussianModel([0, 0], s2);
  // tr(Σ1Σ2) and det: B² = tr Σ1 + tr Σ2 − 2√(tr(Σ1Σ2) + 2√(det Σ1 det Σ2)).
  const trProd = 1 * s2[0] + 4 * s2[3];
  const expected = 5 + 5 - 2 * Math.sqrt(trProd + 2 * Math.sqrt(4 * 4));
  assert.ok(Math.abs(wasserstein2Gaussian(p, q2) - expected) < 1e-10);
  assert.ok(Math.abs(wasserstein2Gaussian(q2, p) - expected) < 1e-10, "symmetric");
});

test("mass beyond kσ: 2·(1 − Φ(k)) for the original model, less for a shrunken one", () => {
  // 1 − Φ(2) = 0.022750131948179 (Abramowitz & Stegun Table 26.1).
  assert.ok(Math.abs(massBeyondKSigma(0, 1, 0, 1, 2) - 2 * 0.022750131948179) < 1e-8);
  assert.ok(Math.abs(erfc(3) - 2.209049699858544e-5) / 2.209e-5 < 1e-6);
  assert.ok(massBeyondKSigma(0, 0.5, 0, 1, 2) < 1e-4);
  assert.equal(massBeyondKSigma(0, 0, 0, 1, 2), 0);
});

test("bad Gaussian parameters throw named errors", () => {
  assert.throws(() => gaussian1d(0, -1), /sigma must be a finite number ≥ 0, got -1/);
  assert.throws(() => gaussianModel([0], [-2]), /cov\[0\]\[0\] \(a variance\) must be ≥ 0/);
  assert.throws(() => gaussianModel([0, 0], [1, 0.5, 0.2, 1]), /cov\[1\]\[0\] must be equal to cov\[0\]\[1\]/);
  assert.throws(() => choleskyLower([1, 2, 2, 1], 2), /must be positive semi-definite/);
  assert.throws(() => sampleSufficientStatistics(gaussian1d(0, 1), 1, new Rng(1)), /M \(sample size\) must be an integer ≥ 2, got 1/);
});

test("W2 in d = 3 equals the direct Bures formula computed with matrix square roots", () => {
  // Reference: tr(Σ1 + Σ2 − 2(Σ2^{1/2} Σ1 Σ2^{1/2})^{1/2}) via eigen-decompositions in numpy
  // (/usr/bin/python3, numpy.linalg.eigh): for these matrices B² = 0.32982649623954874.
  const p = gaussianModel([0, 0, 0], [2, 0.3, 0, 0.3, 1, 0.2, 0, 0.2, 0.5]);
  const q = gaussianModel([0, 0, 0], [1, 0, 0.1, 0, 1.5, 0, 0.1, 0, 0.8]);
  const viaEig = wasserstein2Gaussian(p, q);
  assert.ok(Math.abs(viaEig - wasserstein2Gaussian(q, p)) < 1e-10, "symmetric");
  assert.ok(Math.abs(viaEig - 0.32982649623954874) < 1e-9, `got ${viaEig}`);
});
