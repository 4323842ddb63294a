/**
 * Gaussian mixture EM, sampling, likelihood and the closed-form L2 distance (docs/theory.md#gmm-l2-distance).
 * Reference values: the parameters of the mixtures the data are drawn from (recovery within
 * 4 standard errors of a mean estimated from N·w_k points), EM's monotonicity theorem
 * (Dempster, Laird & Rubin 1977), and midpoint-rule integration on a fine grid for ∫(f − g)².
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { points, pointsFromRows } from "../src/data/points";
import {
  fitGaussianMixture,
  gaussianMixture,
  kmeans,
  l2DistanceGaussianMixtures,
  logDensities,
  logLikelihood,
  predictComponents,
  sampleGaussianMixture,
} from "../src/gmm";
import { emStep } from "../src/gmm/emStep";
import { emScratch } from "../src/gmm/emScratch";
import { eStepStatistics, eStepStatistics2d, eStepStatistics2dTwoComponents } from "../src/gmm/eStepStatistics";
import { precisionCholesky } from "../src/gmm/precisionCholesky";
import { mStepFromResponsibilities } from "../src/gmm/mStep";
import { mStepFromLabels2dTwoComponents } from "../src/gmm/mStepFromLabels";
import { assertWithinSe, meanAndStandardError } from "./helpers/stats";

const separated = gaussianMixture(
  [0.3, 0.7],
  [
    [-4, 0],
    [4, 1],
  ],
  [
    [
      [1, 0.3],
      [0.3, 0.5],
    ],
    [
      [0.5, 0],
      [0, 2],
    ],
  ],
);

test("EM recovers the weights, means and covariances of a well-separated 2-D mixture", () => {
  const n = 20000;
  const data = sampleGaussianMixture(separated, n, new Rng(1)).points;
  const fit = fitGaussianMixture(data, { components: 2, tol: 1e-6, maxIter: 500 }, new Rng(2));
  assert.ok(fit.converged, "EM converged");
  const m = fit.model;
  // Components come back in any order: match by the sign of the x mean.
  const order = m.means[0] < 0 ? [0, 1] : [1, 0];
  for (let t = 0; t < 2; t++) {
    const k = order[t];
    const w = separated.weights[t];
    assertWithinSe(m.weights[k], w, Math.sqrt((w * (1 - w)) / n), 4, `weight ${t}`);
    const nk = n * w;
    for (let a = 0; a < 2; a++) {
      const variance = separated.covariances[t * 4 + a * 3];
      assertWithinSe(m.means[k * 2 + a], separated.means[t * 2 + a], Math.sqrt(variance / nk), 4, `mean ${t}.${a}`);
    }
    // Var of a sample covariance entry Σ_ab: (Σ_aa Σ_bb + Σ_ab²) / n_k (Gaussian data).
    for (const [a, b] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      const s = (i: number, j: number) => separated.covariances[t * 4 + i * 2 + j];
      const se = Math.sqrt((s(a, a) * s(b, b) + s(a, b) ** 2) / nk);
      assertWithinSe(m.covariances[k * 4 + a * 2 + b], s(a, b), se, 4, `covariance ${t}.${a}${b}`);
    }
  }
  // With separated components every point goes to the component that drew it.
  const sample = sampleGaussianMixture(separated, 2000, new Rng(3));
  const predicted = predictComponents(m, sample.points);
  let agree = 0;
  for (let i = 0; i < 2000; i++) if (predicted[i] === order[sample.labels[i]]) agree++;
  assert.ok(agree >= 1990, `${agree} of 2000 points assigned to their own component`);
});

test("EM recovers a 3-D mixture (the general-dimension code path)", () => {
  const truth = gaussianMixture(
    [0.5, 0.5],
    [
      [0, 0, 5],
      [0, 0, -5],
    ],
    [
      [
        [1, 0.5, 0],
        [0.5, 1, 0],
        [0, 0, 1],
      ],
      [
        [2, 0, 0],
        [0, 1, 0],
        [0, 0, 0.5],
      ],
    ],
  );
  const n = 10000;
  const fit = fitGaussianMixture(sampleGaussianMixture(truth, n, new Rng(4)).points, { components: 2, tol: 1e-6 }, new Rng(5));
  const k = fit.model.means[2] > 0 ? 0 : 1;
  for (let a = 0; a < 3; a++) {
    assertWithinSe(fit.model.means[k * 3 + a], truth.means[a], Math.sqrt(truth.covariances[a * 4] / (n / 2)), 4, `mean ${a}`);
  }
  assertWithinSe(fit.model.covariances[k * 9 + 1], 0.5, Math.sqrt((1 + 0.25) / (n / 2)), 4, "covariance 01");
});

test("the mean log-likelihood never decreases across EM iterations", () => {
  const blob = new Rng(6);
  const v = new Float64Array(3000);
  for (let i = 0; i < v.length; i++) v[i] = blob.normal();
  const cases = [
    { data: points(v, 2), k: 2 },
    { data: points(v, 3), k: 4 },
    { data: sampleGaussianMixture(separated, 1000, new Rng(7)).points, k: 3 },
  ];
  for (const { data, k } of cases) {
    for (let seed = 0; seed < 5; seed++) {
      const fit = fitGaussianMixture(data, { components: k, tol: 1e-10, maxIter: 300, init: seed % 2 ? "random" : "kmeans" }, new Rng(seed));
      const trace = fit.logLikelihoodTrace;
      assert.ok(trace.length >= 2);
      for (let i = 1; i < trace.length; i++) {
        assert.ok(trace[i] >= trace[i - 1] - 1e-12 * Math.abs(trace[i - 1]), `iteration ${i}: ${trace[i]} < ${trace[i - 1]}`);
      }
      assert.equal(fit.iterations, trace.length);
      assert.equal(fit.meanLogLikelihood, trace[trace.length - 1]);
    }
  }
});

test("data collapsed to one point give a finite fit with covariance regCovar·I", () => {
  const same = pointsFromRows(Array.from({ length: 50 }, () => [0.3, -2]));
  const fit = fitGaussianMixture(same, { components: 2 }, new Rng(8));
  for (const v of [...fit.model.weights, ...fit.model.means, ...fit.model.covariances]) assert.ok(Number.isFinite(v));
  for (let k = 0; k < 2; k++) {
    assert.ok(Math.abs(fit.model.covariances[k * 4] - 1e-6) < 1e-12, "variance = regCovar");
    assert.ok(Math.abs(fit.model.means[k * 2] - 0.3) < 1e-12);
  }
  assert.ok(Number.isFinite(logLikelihood(fit.model, same)));
  // Nearly one point: jitter far below √regCovar.
  const rng = new Rng(9);
  const near = points(Float64Array.from({ length: 400 }, () => 1 + 1e-9 * rng.normal()), 2);
  const nearFit = fitGaussianMixture(near, { components: 2, tol: 1e-5, maxIter: 2000 }, new Rng(10));
  for (const v of nearFit.model.covariances) assert.ok(Number.isFinite(v));
  assert.ok(Number.isFinite(nearFit.meanLogLikelihood));
  const s = sampleGaussianMixture(nearFit.model, 100, new Rng(11)).points;
  for (const v of s.values) assert.ok(Math.abs(v - 1) < 0.01, "samples stay at the point");
});

test("sampling reproduces the mixture's weights and component moments (4 SE)", () => {
  const n = 40000;
  const { points: p, labels } = sampleGaussianMixture(separated, n, new Rng(12));
  let count0 = 0;
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (labels[i] === 0) {
      count0++;
      xs.push(p.values[2 * i]);
    }
  }
  assertWithinSe(count0 / n, 0.3, Math.sqrt((0.3 * 0.7) / n), 4, "share of component 0");
  const { mean, se } = meanAndStandardError(xs);
  assertWithinSe(mean, -4, se, 4, "x mean of component 0");
});

test("log-density integrates to 1 and agrees with the single-Gaussian formula", () => {
  const one = gaussianMixture([1], [[1, 2]], [[[4, 0], [0, 9]]]);
  // N((1,2), diag(4, 9)) at its mean: 1 / (2π · 2 · 3).
  const at = logDensities(one, pointsFromRows([[1, 2]]))[0];
  assert.ok(Math.abs(at - -Math.log(2 * Math.PI * 6)) < 1e-12);
  assert.ok(Math.abs(integrate2d((x, y) => Math.exp(logAt(separated, x, y)), -12, 12, 0.04) - 1) < 1e-4);
});

function logAt(m: ReturnType<typeof gaussianMixture>, x: number, y: number): number {
  return logDensities(m, pointsFromRows([[x, y]]))[0];
}

/** Midpoint rule on [lo, hi]², evaluating f on a whole row at once for speed. */
function integrate2d(f: (x: number, y: number) => number, lo: number, hi: number, h: number): number {
  let s = 0;
  for (let x = lo + h / 2; x < hi; x += h) for (let y = lo + h / 2; y < hi; y += h) s += f(x, y);
  return s * h * h;
}

/** ∫(f − g)² by the midpoint rule, densities evaluated in batches through logDensities. */
function l2OnGrid(f: ReturnType<typeof gaussianMixture>, g: ReturnType<typeof gaussianMixture>, lo: number, hi: number, h: number): number {
  const cells = Math.round((hi - lo) / h);
  const grid = new Float64Array(cells * cells * 2);
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      grid[(i * cells + j) * 2] = lo + (i + 0.5) * h;
      grid[(i * cells + j) * 2 + 1] = lo + (j + 0.5) * h;
    }
  }
  const pts = points(grid, 2);
  const lf = logDensities(f, pts);
  const lg = logDensities(g, pts);
  let s = 0;
  for (let i = 0; i < lf.length; i++) s += (Math.exp(lf[i]) - Math.exp(lg[i])) ** 2;
  return s * h * h;
}

test("closed-form L2 distance matches numerical integration on a grid", () => {
  const g = gaussianMixture(
    [0.5, 0.2, 0.3],
    [
      [0, 0],
      [1, -1],
      [-2, 2],
    ],
    [
      [
        [1, -0.4],
        [-0.4, 0.6],
      ],
      [
        [0.2, 0],
        [0, 0.3],
      ],
      [
        [0.8, 0.1],
        [0.1, 0.8],
      ],
    ],
  );
  const pairs: [typeof g, typeof g][] = [
    [separated, g],
    [g, gaussianMixture([1], [[0.2, 0.1]], [[[0.05, 0.01], [0.01, 0.04]]])],
  ];
  for (const [f, h] of pairs) {
    const closed = l2DistanceGaussianMixtures(f, h);
    const numeric = l2OnGrid(f, h, -10, 10, 0.02);
    assert.ok(Math.abs(closed - numeric) <= 1e-4 * numeric, `closed ${closed} vs grid ${numeric}`);
    assert.ok(Math.abs(closed - l2DistanceGaussianMixtures(h, f)) <= 1e-12 * closed, "symmetric");
  }
  assert.equal(l2DistanceGaussianMixtures(g, g), 0);
  // 1-D: ∫(N(0,1) − N(1,1))² = 2·(1/√(4π))·(1 − e^{−1/4}) exactly.
  const a = gaussianMixture([1], [[0]], [[[1]]]);
  const b = gaussianMixture([1], [[1]], [[[1]]]);
  const exact = (2 / Math.sqrt(4 * Math.PI)) * (1 - Math.exp(-0.25));
  assert.ok(Math.abs(l2DistanceGaussianMixtures(a, b) - exact) < 1e-14);
});

test("k-means separates three well-separated clusters exactly", () => {
  const truth = gaussianMixture(
    [1 / 3, 1 / 3, 1 / 3],
    [
      [-10, 0],
      [0, 10],
      [10, 0],
    ],
    [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    ],
  );
  const { points: p, labels } = sampleGaussianMixture(truth, 900, new Rng(13));
  for (let seed = 0; seed < 5; seed++) {
    const km = kmeans(p, 3, new Rng(seed));
    const map = new Map<number, number>();
    for (let i = 0; i < p.n; i++) {
      if (!map.has(labels[i])) map.set(labels[i], km.labels[i]);
      assert.equal(km.labels[i], map.get(labels[i]), "same cluster as its true component");
    }
    assert.equal(new Set(map.values()).size, 3);
  }
});

test("bad parameters throw errors that name the parameter", () => {
  const data = sampleGaussianMixture(separated, 20, new Rng(14)).points;
  const rng = new Rng(15);
  assert.throws(() => fitGaussianMixture(data, { components: 0 }, rng), /components must be an integer in \[1, 20\]/);
  assert.throws(() => fitGaussianMixture(data, { components: 21 }, rng), /components must be an integer in \[1, 20\]/);
  assert.throws(() => fitGaussianMixture(data, { components: 1.5 }, rng), /components/);
  assert.throws(() => fitGaussianMixture(data, { components: 2, tol: 0 }, rng), /tol must be a number in \(0, ∞\)/);
  assert.throws(() => fitGaussianMixture(data, { components: 2, tol: -1 }, rng), /tol/);
  assert.throws(() => fitGaussianMixture(data, { components: 2, maxIter: 0 }, rng), /maxIter/);
  assert.throws(() => fitGaussianMixture(data, { components: 2, nInit: 0 }, rng), /nInit/);
  assert.throws(() => fitGaussianMixture(data, { components: 2, regCovar: -1e-6 }, rng), /regCovar/);
  assert.throws(() => fitGaussianMixture(data, { components: 2, init: "spectral" as never }, rng), /init must be one of/);
  assert.throws(() => fitGaussianMixture({ n: 0, dim: 2, values: new Float64Array(0) }, { components: 1 }, rng), /data\.n/);
  assert.throws(() => fitGaussianMixture({ n: 3, dim: 2, values: new Float64Array(5) }, { components: 1 }, rng), /data\.values\.length/);
  assert.throws(() => fitGaussianMixture(points(Float64Array.of(1, NaN), 2), { components: 1 }, rng), /data\.values\[1\]/);
  assert.throws(() => logLikelihood(separated, points(new Float64Array(6), 3)), /data\.dim must be 2/);
  const oneD = gaussianMixture([1], [[0]], [[[1]]]);
  assert.throws(() => l2DistanceGaussianMixtures(separated, oneD), /g\.dim/);
  assert.throws(() => gaussianMixture([0.5, 0.6], [[0], [1]], [[[1]], [[1]]]), /sum of mixture\.weights/);
  assert.throws(() => gaussianMixture([1], [[0, 0]], [[[1, 0]]]), /covariances\[0\]\.length/);
  assert.throws(() => sampleGaussianMixture(separated, -1, rng), /n must be an integer/);
  // A singular covariance with no regularisation is reported, not turned into NaN.
  const same = pointsFromRows([
    [1, 1],
    [1, 1],
    [1, 1],
  ]);
  assert.throws(() => fitGaussianMixture(same, { components: 1, regCovar: 0 }, rng), /covariance of component 0 must be positive definite/);
});

function assertClose(observed: number, expected: number, relTol: number, what: string): void {
  assert.ok(Math.abs(observed - expected) <= relTol * Math.max(1, Math.abs(expected)), `${what}: ${observed} vs ${expected}`);
}

test("one EM step on 4 points in 1-D matches the textbook update (Bishop 2006 eqs 9.23–9.28)", () => {
  // Reference: the textbook two-pass update with direct densities, p_ik = w_k N(x_i; μ_k, σ_k²),
  // r_ik = p_ik / Σ_j p_ij, N_k = Σ_i r_ik, μ_k = Σ_i r_ik x_i / N_k,
  // σ_k² = Σ_i r_ik (x_i − μ_k)² / N_k + regCovar, w_k = N_k / n — not the fused, centred,
  // log-sum-exp arithmetic of emStep. Evaluated by hand in Python floats: mean log-likelihood
  // −2.0630519194023282, weights 0.3486158426468043 / 0.6513841573531958, means
  // 0.41630744208012044 / 2.8475802018521463, variances 0.2807290800995252 / 1.6270397818372262.
  const x = [0, 1, 3, 4];
  const w0 = [0.25, 0.75];
  const mu0 = [0, 4];
  const var0 = [1, 4];
  const regCovar = 1e-6;
  const p = x.map((xi) => [0, 1].map((k) => (w0[k] * Math.exp(-((xi - mu0[k]) ** 2) / (2 * var0[k]))) / Math.sqrt(2 * Math.PI * var0[k])));
  const meanLogLikelihood = p.reduce((s, row) => s + Math.log(row[0] + row[1]), 0) / x.length;
  const r = p.map((row) => row.map((pk) => pk / (row[0] + row[1])));
  const nk = [0, 1].map((k) => r.reduce((s, row) => s + row[k], 0));
  const mu = [0, 1].map((k) => r.reduce((s, row, i) => s + row[k] * x[i], 0) / nk[k]);
  const variance = [0, 1].map((k) => r.reduce((s, row, i) => s + row[k] * (x[i] - mu[k]) ** 2, 0) / nk[k] + regCovar);
  assertClose(meanLogLikelihood, -2.0630519194023282, 1e-14, "reference log-likelihood");
  assertClose(mu[0], 0.41630744208012044, 1e-14, "reference mean 0");

  const model = gaussianMixture(w0, [[mu0[0]], [mu0[1]]], [[[var0[0]]], [[var0[1]]]]);
  const returned = emStep(points(Float64Array.from(x), 1), model, regCovar, emScratch(1, 2));
  // The returned value is the log-likelihood of the parameters *before* the update.
  assertClose(returned, meanLogLikelihood, 1e-13, "mean log-likelihood");
  for (let k = 0; k < 2; k++) {
    assertClose(model.weights[k], nk[k] / x.length, 1e-13, `weight ${k}`);
    assertClose(model.means[k], mu[k], 1e-13, `mean ${k}`);
    assertClose(model.covariances[k], variance[k], 1e-13, `variance ${k}`);
  }
});

test("the closed-form d = 2 E-step pass gives the general-dimension pass's statistics", () => {
  // Reference: the general-d loop (eStepStatistics), which the 3-D tests above exercise; the
  // d = 2 pass is its unrolled special case, so every statistic must agree to rounding.
  const data = sampleGaussianMixture(separated, 500, new Rng(21)).points;
  const model = gaussianMixture(
    [0.2, 0.5, 0.3],
    [
      [-3, 0.5],
      [1, 1],
      [4, -1],
    ],
    [
      [
        [2, 0.4],
        [0.4, 1],
      ],
      [
        [1, -0.3],
        [-0.3, 0.5],
      ],
      [
        [0.7, 0],
        [0, 3],
      ],
    ],
  );
  const scratches = [emScratch(2, 3), emScratch(2, 3)];
  for (const scratch of scratches) {
    for (let k = 0; k < 3; k++) {
      scratch.logNorms[k] = Math.log(model.weights[k]) + precisionCholesky(model.covariances, k * 4, 2, scratch.precisions);
    }
  }
  const closedForm = eStepStatistics2d(data, model, scratches[0]);
  const general = eStepStatistics(data, model, scratches[1]);
  assertClose(closedForm, general, 1e-13, "log-likelihood");
  for (const name of ["w", "s1", "s2"] as const) {
    const a = scratches[0][name];
    const b = scratches[1][name];
    for (let i = 0; i < a.length; i++) assertClose(a[i], b[i], 1e-12, `${name}[${i}]`);
  }
  // S2 fills the upper triangle only: the lower entry of each 2×2 block stays 0 in both.
  for (let k = 0; k < 3; k++) assert.equal(scratches[0].s2[4 * k + 2], 0);
  assert.ok(scratches[0].w[0] > 1 && scratches[0].w[2] > 1, "every component gets points");
});

test("the d = 2, K = 2 pass (parameters in registers) gives the d = 2 pass's statistics to the last bit", () => {
  // Reference: eStepStatistics2d, checked against the general-d pass above. The K = 2 pass
  // sums the same products in the same order, so equality is exact, not to rounding; both
  // orders of the two logs (which component is the max) occur on these overlapping components.
  const data = sampleGaussianMixture(separated, 2000, new Rng(22)).points;
  const model = gaussianMixture(
    [0.35, 0.65],
    [
      [-1, 0.5],
      [1.5, -0.2],
    ],
    [
      [
        [2, 0.4],
        [0.4, 1],
      ],
      [
        [1, -0.3],
        [-0.3, 0.5],
      ],
    ],
  );
  const scratches = [emScratch(2, 2), emScratch(2, 2)];
  for (const scratch of scratches) {
    for (let k = 0; k < 2; k++) scratch.logNorms[k] = Math.log(model.weights[k]) + precisionCholesky(model.covariances, k * 4, 2, scratch.precisions);
  }
  assert.equal(eStepStatistics2dTwoComponents(data, model, scratches[0]), eStepStatistics2d(data, model, scratches[1]));
  for (const name of ["w", "s1", "s2"] as const) assert.deepEqual(scratches[0][name], scratches[1][name], name);
  assert.ok(scratches[0].w[0] > 200 && scratches[0].w[1] > 200, "both components take points");
});

test("the M-step from k-means labels (d = 2, K = 2) gives the M-step from one-hot responsibilities to the last bit", () => {
  // Reference: mStepFromResponsibilities on the n × 2 one-hot array, which the EM tests above
  // exercise. The label pass multiplies the same 0/1 responsibilities in the same order, so
  // equality is exact; an empty component (all labels 0) is covered too.
  const data = sampleGaussianMixture(separated, 1000, new Rng(23)).points;
  const bits = (a: Float64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("hex");
  const labelings = [
    kmeans(data, 2, new Rng(24)).labels,
    new Int32Array(data.n),
    Int32Array.from({ length: data.n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
  ];
  const unitMixture = () =>
    gaussianMixture(
      [0.5, 0.5],
      [
        [0, 0],
        [0, 0],
      ],
      [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ],
    );
  for (const labels of labelings) {
    const resp = new Float64Array(2 * data.n);
    for (let i = 0; i < data.n; i++) resp[2 * i + labels[i]] = 1;
    const fromResp = unitMixture();
    const fromLabels = unitMixture();
    mStepFromResponsibilities(data, resp, 1e-6, fromResp);
    mStepFromLabels2dTwoComponents(data, labels, 1e-6, fromLabels);
    for (const name of ["weights", "means", "covariances"] as const) assert.equal(bits(fromLabels[name]), bits(fromResp[name]), name);
  }
});
