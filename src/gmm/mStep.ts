/**
 * The M-step of EM for a full-covariance Gaussian mixture (Bishop 2006, PRML §9.2.2,
 * eqs 9.24–9.27), as scikit-learn's GaussianMixture computes it:
 *
 *   N_k = Σ_i r_ik + 10 ε        (eq 9.27; scikit-learn adds 10 ε so an empty component
 *                                 divides by a positive number),
 *   μ_k = Σ_i r_ik x_i / N_k     (eq 9.24),
 *   Σ_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + regCovar · I
 *                                (eq 9.25 plus scikit-learn's `reg_covar`),
 *   w_k = N_k / Σ_j N_j          (eq 9.26; scikit-learn normalises by the sum of the N_j).
 *
 * Two entry points: `mStepFromStatistics`, EM's M-step from the sums the fused E-step pass
 * collected around the current means (./eStepStatistics.ts), and
 * `mStepFromResponsibilities`, the M-step that starts EM from initial responsibilities.
 */
import type { Points } from "../data/points";
import type { GaussianMixture } from "./types";
import type { EmScratch } from "./emScratch";

const EPS10 = 10 * Number.EPSILON;

/**
 * Adds `regCovar` to every covariance diagonal (scikit-learn's `reg_covar`): keeps a
 * component that collapsed onto one point positive definite.
 */
function addRegCovar(covariances: Float64Array, d: number, K: number, regCovar: number): void {
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < d; a++) covariances[k * d * d + a * d + a] += regCovar;
  }
}

/**
 * EM's M-step from the statistics of the fused E-step pass around the current means μ_k:
 * W_k = Σ_i r_ik, S1_k = Σ_i r_ik c_ik, S2_k = Σ_i r_ik c_ik c_ikᵀ with c_ik = x_i − μ_k
 * (`scratch.w`, `s1`, `s2`, S2 in its upper triangle). Writes the new parameters into
 * `model` in place.
 */
export function mStepFromStatistics(model: GaussianMixture, regCovar: number, scratch: EmScratch): void {
  const { dim: d, components: K, weights, means, covariances } = model;
  const { w, meanShift } = scratch;
  meanShifts(model, scratch);
  covariancesAroundShift(model, scratch);
  addRegCovar(covariances, d, K, regCovar);
  let total = 0;
  for (let k = 0; k < K; k++) total += w[k] + EPS10;
  for (let k = 0; k < K; k++) {
    for (let a = 0; a < d; a++) means[k * d + a] += meanShift[k * d + a];
    weights[k] = (w[k] + EPS10) / total;
  }
}

/**
 * e_k = μ_k,new − μ_k into `scratch.meanShift`, with μ_k,new = (S1_k + W_k μ_k) / N_k, which
 * is eq 9.24's Σ_i r_ik x_i / N_k written with the sums around μ_k.
 */
function meanShifts(model: GaussianMixture, scratch: EmScratch): void {
  const { dim: d, components: K, means } = model;
  const { w, s1, meanShift } = scratch;
  for (let k = 0; k < K; k++) {
    const nk = w[k] + EPS10;
    for (let a = 0; a < d; a++) meanShift[k * d + a] = (s1[k * d + a] + w[k] * means[k * d + a]) / nk - means[k * d + a];
  }
}

/**
 * Eq 9.25 without the regularisation: Σ_k = Σ_i r_ik (c_ik − e_k)(c_ik − e_k)ᵀ / N_k
 * = (S2_k − S1_k e_kᵀ − e_k S1_kᵀ + W_k e_k e_kᵀ) / N_k, written to both triangles.
 * With the sums taken around the old mean, e_k is small: no cancellation even when a
 * component has collapsed far from the origin (late generations of the paper's GMM run),
 * which the textbook Σ r x xᵀ / N_k − μ μᵀ would suffer.
 */
function covariancesAroundShift(model: GaussianMixture, scratch: EmScratch): void {
  const { dim: d, components: K, covariances } = model;
  const dd = d * d;
  const { w, s1, s2, meanShift: e } = scratch;
  for (let k = 0; k < K; k++) {
    const nk = w[k] + EPS10;
    const o = k * dd;
    for (let a = 0; a < d; a++) {
      const ea = e[k * d + a];
      for (let b = a; b < d; b++) {
        const eb = e[k * d + b];
        const v = (s2[o + a * d + b] - s1[k * d + a] * eb - ea * s1[k * d + b] + w[k] * ea * eb) / nk;
        covariances[o + a * d + b] = v;
        covariances[o + b * d + a] = v;
      }
    }
  }
}

/**
 * The M-step from responsibilities `resp` (n × K, row-major), written into `model` in
 * place: the first M-step of an EM run, after k-means labels or random responsibilities.
 * Two passes over the data (means first, then the scatter around them), as scikit-learn.
 */
export function mStepFromResponsibilities(data: Points, resp: Float64Array, regCovar: number, model: GaussianMixture): void {
  const { dim: d, components: K, weights, means, covariances } = model;
  weights.fill(0);
  means.fill(0);
  covariances.fill(0);
  // d = 2 is the paper's case: unrolled, as the E-step pass.
  if (d === 2) responsibilitySums2d(data, resp, model);
  else responsibilitySums(data, resp, model);
  for (let k = 0; k < K; k++) {
    weights[k] += EPS10;
    for (let j = 0; j < d; j++) means[k * d + j] /= weights[k];
  }
  if (d === 2) scatter2d(data, resp, model);
  else scatter(data, resp, model);
  let total = 0;
  for (let k = 0; k < K; k++) total += weights[k];
  for (let k = 0; k < K; k++) {
    const o = k * d * d;
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const v = covariances[o + a * d + b] / weights[k];
        covariances[o + a * d + b] = v;
        covariances[o + b * d + a] = v;
      }
    }
  }
  addRegCovar(covariances, d, K, regCovar);
  for (let k = 0; k < K; k++) weights[k] /= total;
}

/** Σ_i r_ik into `weights` and Σ_i r_ik x_i into `means` (d = 2). */
function responsibilitySums2d(data: Points, resp: Float64Array, model: GaussianMixture): void {
  const { n, values: x } = data;
  const { components: K, weights, means } = model;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    for (let k = 0; k < K; k++) {
      const r = resp[i * K + k];
      weights[k] += r;
      means[2 * k] += r * x0;
      means[2 * k + 1] += r * x1;
    }
  }
}

/** Σ_i r_ik into `weights` and Σ_i r_ik x_i into `means` (any d). */
function responsibilitySums(data: Points, resp: Float64Array, model: GaussianMixture): void {
  const { n, dim: d, values: x } = data;
  const { components: K, weights, means } = model;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const r = resp[i * K + k];
      weights[k] += r;
      for (let j = 0; j < d; j++) means[k * d + j] += r * x[i * d + j];
    }
  }
}

/** Upper triangle of Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ into `covariances` (d = 2). */
function scatter2d(data: Points, resp: Float64Array, model: GaussianMixture): void {
  const { n, values: x } = data;
  const { components: K, means, covariances } = model;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    for (let k = 0; k < K; k++) {
      const r = resp[i * K + k];
      const c0 = x0 - means[2 * k];
      const c1 = x1 - means[2 * k + 1];
      const rc0 = r * c0;
      covariances[4 * k] += rc0 * c0;
      covariances[4 * k + 1] += rc0 * c1;
      covariances[4 * k + 3] += r * c1 * c1;
    }
  }
}

/** Upper triangle of Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ into `covariances` (any d). */
function scatter(data: Points, resp: Float64Array, model: GaussianMixture): void {
  const { n, dim: d, values: x } = data;
  const { components: K, means, covariances } = model;
  const dd = d * d;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K; k++) {
      const r = resp[i * K + k];
      if (r === 0) continue;
      for (let a = 0; a < d; a++) {
        const ca = r * (x[i * d + a] - means[k * d + a]);
        for (let b = a; b < d; b++) covariances[k * dd + a * d + b] += ca * (x[i * d + b] - means[k * d + b]);
      }
    }
  }
}
