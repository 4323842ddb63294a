/**
 * Squared 2-Wasserstein distance between Gaussians (SPEC §2, the distance of Thm 3.1).
 * 1-D: W2² = (μ1 − μ2)² + (σ1 − σ2)².
 * d-D (Dowson & Landau 1982; Givens & Shortt 1984): W2² = ‖μ1 − μ2‖² + B²(Σ1, Σ2), the
 * squared Bures distance B² = tr Σ1 + tr Σ2 − 2 tr (Σ2^{1/2} Σ1 Σ2^{1/2})^{1/2}.
 * Matrix square roots of symmetric PSD matrices by ml-matrix's eigen-decomposition;
 * round-off eigenvalues below zero are treated as zero (a collapsed covariance).
 */
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import type { GaussianModel } from "../gaussian/types";
import { invalid } from "../validate";

/** W2² between N(mu1, sigma1²) and N(mu2, sigma2²). */
export function wasserstein2Gaussian1d(mu1: number, sigma1: number, mu2: number, sigma2: number): number {
  if (!(sigma1 >= 0) || !(sigma2 >= 0)) invalid("sigma1 and sigma2", "≥ 0 (standard deviations)", [sigma1, sigma2]);
  return (mu1 - mu2) ** 2 + (sigma1 - sigma2) ** 2;
}

function symmetricSqrt(a: Matrix): Matrix {
  const e = new EigenvalueDecomposition(a, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const d = e.realEigenvalues.map((x) => Math.sqrt(Math.max(0, x)));
  return v.mmul(Matrix.diag(d)).mmul(v.transpose());
}

/** W2² between two d-dimensional Gaussians. */
export function wasserstein2Gaussian(p: GaussianModel, q: GaussianModel): number {
  if (p.dim !== q.dim) invalid("q.dim", `equal to p.dim = ${p.dim}`, q.dim);
  const d = p.dim;
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (p.mean[i] - q.mean[i]) ** 2;
  if (d === 1) return meanTerm + (Math.sqrt(Math.max(0, p.cov[0])) - Math.sqrt(Math.max(0, q.cov[0]))) ** 2;
  const s1 = new Matrix(d, d);
  const s2 = new Matrix(d, d);
  let trace = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      s1.set(i, j, p.cov[i * d + j]);
      s2.set(i, j, q.cov[i * d + j]);
    }
    trace += p.cov[i * d + i] + q.cov[i * d + i];
  }
  const r = symmetricSqrt(s2);
  const inner = r.mmul(s1).mmul(r);
  const cross = symmetricSqrt(inner.add(inner.transpose()).div(2));
  let crossTrace = 0;
  for (let i = 0; i < d; i++) crossTrace += cross.get(i, i);
  return meanTerm + Math.max(0, trace - 2 * crossTrace);
}
