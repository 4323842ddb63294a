/** Constructors for Gaussian models, with their input checks. */
import type { GaussianModel } from "./types";
import { assertFinite, assertInteger, invalid } from "../validate";
import { choleskyLower } from "./cholesky";

/** N(mean, cov) in d = mean.length dimensions; cov must be symmetric PSD. */
export function gaussianModel(mean: ArrayLike<number>, cov: ArrayLike<number>): GaussianModel {
  const dim = mean.length;
  assertInteger(dim, "mean.length", 1);
  if (cov.length !== dim * dim) invalid("cov.length", `mean.length² = ${dim * dim}`, cov.length);
  for (let i = 0; i < dim; i++) assertFinite(mean[i], `mean[${i}]`);
  for (let i = 0; i < dim * dim; i++) assertFinite(cov[i], `cov[${i}]`);
  for (let i = 0; i < dim; i++) {
    if (cov[i * dim + i] < 0) invalid(`cov[${i}][${i}] (a variance)`, "≥ 0", cov[i * dim + i]);
    for (let j = 0; j < i; j++) {
      const a = cov[i * dim + j];
      const b = cov[j * dim + i];
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b))) invalid(`cov[${i}][${j}]`, `equal to cov[${j}][${i}] (symmetric)`, a);
    }
  }
  choleskyLower(cov, dim, "cov");
  return { dim, mean: Float64Array.from(mean), cov: Float64Array.from(cov) };
}

/** N(μ, σ²) in one dimension. */
export function gaussian1d(mu: number, sigma: number): GaussianModel {
  assertFinite(mu, "mu");
  if (!(sigma >= 0) || !Number.isFinite(sigma)) invalid("sigma", "a finite number ≥ 0", sigma);
  return { dim: 1, mean: Float64Array.of(mu), cov: Float64Array.of(sigma * sigma) };
}

/** N(0, s²·I_d). */
export function isotropicGaussian(dim: number, s = 1): GaussianModel {
  assertInteger(dim, "dim", 1);
  if (!(s >= 0) || !Number.isFinite(s)) invalid("s", "a finite number ≥ 0", s);
  const cov = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) cov[i * dim + i] = s * s;
  return { dim, mean: new Float64Array(dim), cov };
}
