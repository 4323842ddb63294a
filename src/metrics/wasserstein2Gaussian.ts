/**
 * Squared 2-Wasserstein distance between Gaussians (the distance of Nature Thm 3.1; docs/theory.md#w2-gaussians).
 * 1-D: W2² = (μ1 − μ2)² + (σ1 − σ2)².
 * d-D (Dowson & Landau 1982; Givens & Shortt 1984): W2² = ‖μ1 − μ2‖² + B²(Σ1, Σ2), the
 * squared Bures distance B² = tr Σ1 + tr Σ2 − 2 tr (Σ2^{1/2} Σ1 Σ2^{1/2})^{1/2}.
 * The trace term by one symmetric eigen-decomposition (ml-matrix); round-off eigenvalues
 * below zero count as zero (a collapsed covariance).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { GaussianModel } from "../gaussian/types";
import { invalid } from "../validate";
import { choleskyLower } from "../gaussian/cholesky";

/** W2² between N(mu1, sigma1²) and N(mu2, sigma2²). */
export function wasserstein2Gaussian1d(mu1: number, sigma1: number, mu2: number, sigma2: number): number {
  if (!(sigma1 >= 0) || !(sigma2 >= 0)) invalid("sigma1 and sigma2", "≥ 0 (standard deviations)", [sigma1, sigma2]);
  return (mu1 - mu2) ** 2 + (sigma1 - sigma2) ** 2;
}

/**
 * tr (Σ2^{1/2} Σ1 Σ2^{1/2})^{1/2} = Σ √λ_i with λ the eigenvalues of Lᵀ Σ1 L, Σ2 = L Lᵀ
 * (similar to Σ1 Σ2, and symmetric, so one symmetric eigen-decomposition suffices;
 * in 2-D, tr √A = √(tr A + 2 √det A) needs none).
 */
function traceSqrtProduct(s1: Float64Array, s2: Float64Array, d: number): number {
  const l = choleskyLower(s2, d, "q.cov");
  // a = Lᵀ Σ1 L
  const t = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let acc = 0;
      for (let k = j; k < d; k++) acc += s1[i * d + k] * l[k * d + j];
      t[i * d + j] = acc;
    }
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let acc = 0;
      for (let k = i; k < d; k++) acc += l[k * d + i] * t[k * d + j];
      a[i * d + j] = acc;
      a[j * d + i] = acc;
    }
  if (d === 2) {
    const det = Math.max(0, a[0] * a[3] - a[1] * a[2]);
    return Math.sqrt(Math.max(0, a[0] + a[3] + 2 * Math.sqrt(det)));
  }
  const m = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) m.set(i, j, a[i * d + j]);
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  return e.realEigenvalues.reduce((acc, x) => acc + Math.sqrt(Math.max(0, x)), 0);
}

/** W2² between two d-dimensional Gaussians. */
export function wasserstein2Gaussian(p: GaussianModel, q: GaussianModel): number {
  if (p.dim !== q.dim) invalid("q.dim", `equal to p.dim = ${p.dim}`, q.dim);
  const d = p.dim;
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (p.mean[i] - q.mean[i]) ** 2;
  if (d === 1) return meanTerm + (Math.sqrt(Math.max(0, p.cov[0])) - Math.sqrt(Math.max(0, q.cov[0]))) ** 2;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += p.cov[i * d + i] + q.cov[i * d + i];
  return meanTerm + Math.max(0, trace - 2 * traceSqrtProduct(p.cov, q.cov, d));
}
