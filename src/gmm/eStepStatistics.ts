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

/**
 * The pass for d = 2 and K = 2, the paper's mixture, with every parameter and sum in a local
 * variable: V8 keeps locals in registers, while the general passes load and store the
 * typed-array scratch for each point and component. One exp a point: the larger of the two
 * logs is the max, and its exp(0) = 1 exactly. The sums run in the same order over the same
 * products as `eStepStatistics2d`, so the result is the same to the last bit (a test checks).
 *
 * The sums are stored into the scratch inside the loop, at the last point, and the pass
 * returns from there: stores after the loop were the one code the on-stack-replaced loop had
 * no type feedback for, so its optimised code bailed out there at the end of every call,
 * and V8 (Node 20) kept re-entering that cached OSR code on later calls instead of using the
 * function's own optimised code, which ran each pass at ~65 instead of ~28 ns a point
 * (node --trace-deopt: one "Insufficient type feedback for generic keyed access" per call).
 */
export function eStepStatistics2dTwoComponents(data: Points, model: GaussianMixture, scratch: EmScratch): number {
  const { n, values: x } = data;
  const m = model.means;
  const { precisions: p, logNorms, w, s1, s2 } = scratch;
  const ma0 = m[0], ma1 = m[1], mb0 = m[2], mb1 = m[3];
  const pa0 = p[0], pa1 = p[1], pa3 = p[3], pb0 = p[4], pb1 = p[5], pb3 = p[7];
  const la = logNorms[0], lb = logNorms[1];
  let wa = 0, sa0 = 0, sa1 = 0, qa0 = 0, qa1 = 0, qa3 = 0;
  let wb = 0, sb0 = 0, sb1 = 0, qb0 = 0, qb1 = 0, qb3 = 0;
  const last = n - 1;
  let logSum = 0;
  let product = 1;
  if (n === 0) return logSum;
  for (let i = 0; ; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    const ca0 = x0 - ma0;
    const ca1 = x1 - ma1;
    const ya0 = ca0 * pa0;
    const ya1 = ca0 * pa1 + ca1 * pa3;
    const va = la - 0.5 * (ya0 * ya0 + ya1 * ya1);
    const cb0 = x0 - mb0;
    const cb1 = x1 - mb1;
    const yb0 = cb0 * pb0;
    const yb1 = cb0 * pb1 + cb1 * pb3;
    const vb = lb - 0.5 * (yb0 * yb0 + yb1 * yb1);
    let ea = 1;
    let eb = 1;
    let max = va;
    if (vb > va) {
      max = vb;
      ea = Math.exp(va - vb);
    } else eb = Math.exp(vb - va);
    const sum = ea + eb;
    logSum += max;
    product *= sum;
    if (product > PRODUCT_LIMIT || i === last) {
      logSum += Math.log(product);
      product = 1;
    }
    const inv = 1 / sum;
    const ra = ea * inv;
    const rca0 = ra * ca0;
    wa += ra;
    sa0 += rca0;
    sa1 += ra * ca1;
    qa0 += rca0 * ca0;
    qa1 += rca0 * ca1;
    qa3 += ra * ca1 * ca1;
    const rb = eb * inv;
    const rcb0 = rb * cb0;
    wb += rb;
    sb0 += rcb0;
    sb1 += rb * cb1;
    qb0 += rcb0 * cb0;
    qb1 += rcb0 * cb1;
    qb3 += rb * cb1 * cb1;
    if (i === last) {
      w[0] += wa;
      w[1] += wb;
      s1[0] += sa0;
      s1[1] += sa1;
      s1[2] += sb0;
      s1[3] += sb1;
      s2[0] += qa0;
      s2[1] += qa1;
      s2[3] += qa3;
      s2[4] += qb0;
      s2[5] += qb1;
      s2[7] += qb3;
      return logSum;
    }
  }
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
