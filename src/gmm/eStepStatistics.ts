/**
 * The E-step of EM for a Gaussian mixture fused with the accumulation of the M-step's
 * sufficient statistics, one pass over the data (used by ./emStep.ts).
 *
 * For each point x_i (Bishop 2006, PRML §9.2.2):
 * - log w_k N(x_i; μ_k, Σ_k) = logNorm_k − ½ ‖(x_i − μ_k)ᵀ U_k‖² with U_k U_kᵀ = Σ_k⁻¹;
 * - responsibilities r_ik = w_k N(x_i; μ_k, Σ_k) / Σ_j w_j N(x_i; μ_j, Σ_j) (eq 9.23), by
 *   log-sum-exp: with m_i = max_k of the logs, r_ik = exp(· − m_i) / s_i, where
 *   s_i = Σ_k exp(· − m_i) ∈ [1, K];
 * - log f(x_i) = m_i + log s_i, summed into the log-likelihood (eq 9.28);
 * - W_k += r_ik, S1_k += r_ik c_ik, S2_k += r_ik c_ik c_ikᵀ with c_ik = x_i − μ_k: the sums
 *   behind N_k, μ_k and Σ_k (eqs 9.24–9.27), taken around the *current* means because c_ik
 *   is already computed for the Mahalanobis term and keeps the covariance update free of
 *   cancellation (./mStep.ts).
 *
 * The per-point log is batched: Σ_i log s_i = log Π_i s_i over runs of points whose product
 * stays finite (each s_i ≤ K, so the product is flushed once it passes PRODUCT_LIMIT).
 * The last point flushes too, so the pass ends inside its loop: V8 compiles the hot loop
 * mid-call (on-stack replacement) before any code after the loop has run, and a `Math.log`
 * there made that optimised code bail out at the end of hundreds of calls per run (seen with
 * node --trace-deopt). `last` is hoisted: computing n − 1 per point cost ~5 % at d = 2.
 *
 * Both passes expect `scratch.w`, `s1` and `s2` zeroed and `logNorms`, `precisions` filled
 * for the current model; they return Σ_i log f(x_i).
 */
import type { Points } from "../data/points";
import type { GaussianMixture } from "./types";
import type { EmScratch } from "./emScratch";

const PRODUCT_LIMIT = 1e250;

/**
 * The pass for d = 2, the paper's case: the 2×2 triangular product and the statistics in
 * closed form, no loops over dimensions. S2 fills its upper triangle (entries 0, 1, 3).
 */
export function eStepStatistics2d(data: Points, model: GaussianMixture, scratch: EmScratch): number {
  const { n, values: x } = data;
  const { components: K, means } = model;
  const { precisions, logNorms, row, centred, w, s1, s2 } = scratch;
  const last = n - 1;
  let logSum = 0;
  let product = 1;
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
    if (product > PRODUCT_LIMIT || i === last) {
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
  return logSum;
}

/** The pass for any dimension d. S2 fills the upper triangle of each d×d block. */
export function eStepStatistics(data: Points, model: GaussianMixture, scratch: EmScratch): number {
  const { n, values: x } = data;
  const { dim: d, components: K, means } = model;
  const dd = d * d;
  const { precisions, logNorms, row, centred, w, s1, s2 } = scratch;
  const last = n - 1;
  let logSum = 0;
  let product = 1;
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
    if (product > PRODUCT_LIMIT || i === last) {
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
  return logSum;
}
