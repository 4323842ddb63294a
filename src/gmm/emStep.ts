/**
 * One EM iteration in a single pass over the data: the E-step's log-sum-exp
 * responsibilities r_ik of the current parameters and, in the same loop, the sufficient
 * statistics of the M-step. Returns the mean log-likelihood of the *current* parameters
 * (scikit-learn's lower bound, evaluated at the E-step) and replaces the parameters by the
 * M-step's, exactly as scikit-learn's `_e_step` then `_m_step` (see ./fitGaussianMixture.ts
 * for the formulas).
 *
 * Why one pass: a run of the paper's experiment is ~25 000 EM iterations, and reading the
 * data once instead of twice (E-step, then M-step) halves the memory traffic. The M-step
 * statistics are accumulated around the current means, c = x − μ_k (already computed for the
 * Mahalanobis term), so Σ_k = S2/N_k − e eᵀ with e = μ_new − μ_k small: no cancellation even
 * when a component has collapsed far from the origin (late collapse, docs/theory.md#gmm-experiment).
 * The per-point log is batched: Σ_i log s_i = log Π_i s_i over runs of points whose
 * product stays finite (each s_i ∈ [1, K]).
 */
import type { Points } from "../data/points";
import type { GaussianMixture } from "./types";
import { precisionCholesky } from "./precisionCholesky";

const EPS10 = 10 * Number.EPSILON;
const PRODUCT_LIMIT = 1e250;

export interface EmScratch {
  precisions: Float64Array;
  logNorms: Float64Array;
  row: Float64Array;
  centred: Float64Array;
  w: Float64Array;
  s1: Float64Array;
  s2: Float64Array;
}

export function emScratch(dim: number, components: number): EmScratch {
  return {
    precisions: new Float64Array(components * dim * dim),
    logNorms: new Float64Array(components),
    row: new Float64Array(components),
    centred: new Float64Array(components * dim),
    w: new Float64Array(components),
    s1: new Float64Array(components * dim),
    s2: new Float64Array(components * dim * dim),
  };
}

/** One EM iteration on `model` in place; returns the mean log-likelihood before the update. */
export function emStep(data: Points, model: GaussianMixture, regCovar: number, scratch: EmScratch): number {
  const { dim: d, components: K, weights, means, covariances } = model;
  const dd = d * d;
  const { precisions, logNorms, row, centred, w, s1, s2 } = scratch;
  for (let k = 0; k < K; k++) {
    logNorms[k] = Math.log(weights[k]) + precisionCholesky(covariances, k * dd, d, precisions, `covariance of component ${k}`);
  }
  w.fill(0);
  s1.fill(0);
  s2.fill(0);
  const x = data.values;
  const n = data.n;
  let logSum = 0;
  let product = 1;
  if (d === 2) {
    for (let i = 0; i < n; i++) {
      const x0 = x[2 * i];
      const x1 = x[2 * i + 1];
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const c0 = x0 - means[2 * k];
        const c1 = x1 - means[2 * k + 1];
        centred[2 * k] = c0;
        centred[2 * k + 1] = c1;
        const o = 4 * k;
        const y0 = c0 * precisions[o];
        const y1 = c0 * precisions[o + 1] + c1 * precisions[o + 3];
        const v = logNorms[k] - 0.5 * (y0 * y0 + y1 * y1);
        row[k] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += row[k] = Math.exp(row[k] - max);
      logSum += max;
      product *= sum;
      if (product > PRODUCT_LIMIT) {
        logSum += Math.log(product);
        product = 1;
      }
      const inv = 1 / sum;
      for (let k = 0; k < K; k++) {
        const r = row[k] * inv;
        const c0 = centred[2 * k];
        const c1 = centred[2 * k + 1];
        const rc0 = r * c0;
        w[k] += r;
        s1[2 * k] += rc0;
        s1[2 * k + 1] += r * c1;
        s2[4 * k] += rc0 * c0;
        s2[4 * k + 1] += rc0 * c1;
        s2[4 * k + 3] += r * c1 * c1;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        for (let a = 0; a < d; a++) centred[k * d + a] = x[i * d + a] - means[k * d + a];
        let s = 0;
        for (let j = 0; j < d; j++) {
          let y = 0;
          for (let a = 0; a <= j; a++) y += centred[k * d + a] * precisions[k * dd + a * d + j];
          s += y * y;
        }
        const v = logNorms[k] - 0.5 * s;
        row[k] = v;
        if (v > max) max = v;
      }
      let sum = 0;
      for (let k = 0; k < K; k++) sum += row[k] = Math.exp(row[k] - max);
      logSum += max;
      product *= sum;
      if (product > PRODUCT_LIMIT) {
        logSum += Math.log(product);
        product = 1;
      }
      const inv = 1 / sum;
      for (let k = 0; k < K; k++) {
        const r = row[k] * inv;
        if (r === 0) continue;
        w[k] += r;
        for (let a = 0; a < d; a++) {
          const rca = r * centred[k * d + a];
          s1[k * d + a] += rca;
          for (let b = a; b < d; b++) s2[k * dd + a * d + b] += rca * centred[k * d + b];
        }
      }
    }
  }
  logSum += Math.log(product);

  // M-step from the statistics around the old means.
  let total = 0;
  for (let k = 0; k < K; k++) total += w[k] + EPS10;
  for (let k = 0; k < K; k++) {
    const nk = w[k] + EPS10;
    const o = k * dd;
    // e = μ_new − μ_old with μ_new = (S1 + W μ_old) / N_k (scikit-learn's Σ r x / N_k).
    for (let a = 0; a < d; a++) centred[k * d + a] = (s1[k * d + a] + w[k] * means[k * d + a]) / nk - means[k * d + a];
    for (let a = 0; a < d; a++) {
      const ea = centred[k * d + a];
      for (let b = a; b < d; b++) {
        const eb = centred[k * d + b];
        // Σ r (c − e)(c − e)ᵀ = S2 − S1 eᵀ − e S1ᵀ + W e eᵀ
        const v = (s2[o + a * d + b] - s1[k * d + a] * eb - ea * s1[k * d + b] + w[k] * ea * eb) / nk;
        covariances[o + a * d + b] = v;
        covariances[o + b * d + a] = v;
      }
      covariances[o + a * d + a] += regCovar;
    }
    for (let a = 0; a < d; a++) means[k * d + a] += centred[k * d + a];
    weights[k] = nk / total;
  }
  return logSum / n;
}
