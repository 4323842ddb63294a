/**
 * Log-likelihood of data under a Gaussian mixture, computed in log space:
 * log f(x) = logsumexp_k [log w_k + log N(x; μ_k, Σ_k)], so a collapsed, very peaked
 * component (late generations of the GMM experiment of Shumailov et al. 2024) or a
 * far-away point never underflows to log 0.
 */
import type { Points } from "../data/points";
import type { GaussianMixture } from "./types";
import { precisionCholesky } from "./precisionCholesky";
import { checkMixture } from "./checkMixture";
import { invalid } from "../validate";

/**
 * The E-step core. Fills `logJoint[i·K + k] = log w_k + log N(x_i; μ_k, Σ_k)` and, when
 * `normalise` is set, overwrites each row with the responsibilities exp(· − log f(x_i)).
 * Returns Σ_i log f(x_i). `precisions` is scratch of length K·d².
 */
export function mixtureLogJoint(
  model: GaussianMixture,
  data: Points,
  logJoint: Float64Array,
  precisions: Float64Array,
  logNorms: Float64Array,
  normalise: boolean,
): number {
  const { dim: d, components: K, weights, means, covariances } = model;
  const dd = d * d;
  for (let k = 0; k < K; k++) {
    logNorms[k] = Math.log(weights[k]) + precisionCholesky(covariances, k * dd, d, precisions, `covariance of component ${k}`);
  }
  const x = data.values;
  const n = data.n;
  let total = 0;
  if (d === 2) {
    // The paper's case: closed form of the 2×2 triangular product, no inner loops.
    for (let i = 0; i < n; i++) {
      const x0 = x[2 * i];
      const x1 = x[2 * i + 1];
      let max = -Infinity;
      for (let k = 0; k < K; k++) {
        const c0 = x0 - means[2 * k];
        const c1 = x1 - means[2 * k + 1];
        const o = 4 * k;
        const y0 = c0 * precisions[o];
        const y1 = c0 * precisions[o + 1] + c1 * precisions[o + 3];
        const v = logNorms[k] - 0.5 * (y0 * y0 + y1 * y1);
        logJoint[i * K + k] = v;
        if (v > max) max = v;
      }
      total += finishRow(logJoint, i * K, K, max, normalise);
    }
    return total;
  }
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) {
      let s = 0;
      const o = k * dd;
      for (let j = 0; j < d; j++) {
        let y = 0;
        for (let a = 0; a <= j; a++) y += (x[i * d + a] - means[k * d + a]) * precisions[o + a * d + j];
        s += y * y;
      }
      const v = logNorms[k] - 0.5 * s;
      logJoint[i * K + k] = v;
      if (v > max) max = v;
    }
    total += finishRow(logJoint, i * K, K, max, normalise);
  }
  return total;
}

/**
 * log Σ_k exp(row_k), optionally turning the row into responsibilities; the K
 * exponentials are computed once and reused for both.
 */
function finishRow(row: Float64Array, start: number, K: number, max: number, normalise: boolean): number {
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  if (normalise) {
    for (let k = 0; k < K; k++) sum += row[start + k] = Math.exp(row[start + k] - max);
    const inv = 1 / sum;
    for (let k = 0; k < K; k++) row[start + k] *= inv;
  } else {
    for (let k = 0; k < K; k++) sum += Math.exp(row[start + k] - max);
  }
  return max + Math.log(sum);
}

/** log f(x_i) for every point. */
export function logDensities(model: GaussianMixture, data: Points): Float64Array {
  checkMixture(model, "model");
  if (data.dim !== model.dim) invalid("data.dim", `${model.dim} (the mixture's dimension)`, data.dim);
  const K = model.components;
  const logJoint = new Float64Array(data.n * K);
  mixtureLogJoint(model, data, logJoint, new Float64Array(K * model.dim * model.dim), new Float64Array(K), false);
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, logJoint[i * K + k]);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(logJoint[i * K + k] - max);
    out[i] = max === -Infinity ? -Infinity : max + Math.log(s);
  }
  return out;
}

/** Total log-likelihood Σ_i log f(x_i). */
export function logLikelihood(model: GaussianMixture, data: Points): number {
  checkMixture(model, "model");
  if (data.dim !== model.dim) invalid("data.dim", `${model.dim} (the mixture's dimension)`, data.dim);
  const K = model.components;
  return mixtureLogJoint(model, data, new Float64Array(data.n * K), new Float64Array(K * model.dim * model.dim), new Float64Array(K), false);
}

/** The most responsible component of each point (scikit-learn's `predict`). */
export function predictComponents(model: GaussianMixture, data: Points): Int32Array {
  checkMixture(model, "model");
  if (data.dim !== model.dim) invalid("data.dim", `${model.dim} (the mixture's dimension)`, data.dim);
  const K = model.components;
  const logJoint = new Float64Array(data.n * K);
  mixtureLogJoint(model, data, logJoint, new Float64Array(K * model.dim * model.dim), new Float64Array(K), false);
  const labels = new Int32Array(data.n);
  for (let i = 0; i < data.n; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (logJoint[i * K + k] > logJoint[i * K + best]) best = k;
    labels[i] = best;
  }
  return labels;
}
