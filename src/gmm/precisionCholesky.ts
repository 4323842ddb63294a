/**
 * Per-component terms of the Gaussian log-density, computed once per EM iteration so the
 * per-point loop is a few multiply-adds (the layout scikit-learn calls
 * `precisions_cholesky`):
 *
 *   log N(x; μ, Σ) = −(d/2) log 2π + Σ_j log U_jj − ½ ‖(x − μ)ᵀ U‖²,
 *
 * where Σ = L Lᵀ (Cholesky) and U = L⁻ᵀ is upper triangular, so U Uᵀ = Σ⁻¹ and
 * Σ_j log U_jj = −½ log det Σ.
 */
import { invalid } from "../validate";

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Writes U = L⁻ᵀ of the d×d covariance at `cov[offset …]` into `out[offset …]` and returns
 * Σ_j log U_jj − (d/2) log 2π, the log normalising constant. Throws when the covariance is
 * not positive definite (a component collapsed with no regularisation).
 */
export function precisionCholesky(cov: ArrayLike<number>, offset: number, dim: number, out: Float64Array, name = "covariance"): number {
  // Lower Cholesky factor L, written into `out` first, then inverted and transposed in place
  // through a small scratch copy (d is small: 1–10 in every chapter).
  const l = new Float64Array(dim * dim);
  let logDiag = 0;
  for (let j = 0; j < dim; j++) {
    let d = cov[offset + j * dim + j];
    for (let k = 0; k < j; k++) d -= l[j * dim + k] * l[j * dim + k];
    if (!(d > 0) || !Number.isFinite(d)) {
      invalid(name, "positive definite (use regCovar > 0 when a component can collapse)", `a matrix with pivot ${d} at row ${j}`);
    }
    const ljj = Math.sqrt(d);
    l[j * dim + j] = ljj;
    logDiag += Math.log(ljj);
    for (let i = j + 1; i < dim; i++) {
      let s = cov[offset + i * dim + j];
      for (let k = 0; k < j; k++) s -= l[i * dim + k] * l[j * dim + k];
      l[i * dim + j] = s / ljj;
    }
  }
  // M = L⁻¹ (lower triangular) by forward substitution, stored transposed: U_ij = M_ji.
  for (let i = 0; i < dim * dim; i++) out[offset + i] = 0;
  for (let j = 0; j < dim; j++) {
    out[offset + j * dim + j] = 1 / l[j * dim + j];
    for (let i = j + 1; i < dim; i++) {
      let s = 0;
      for (let k = j; k < i; k++) s += l[i * dim + k] * out[offset + j * dim + k];
      out[offset + j * dim + i] = -s / l[i * dim + i];
    }
  }
  return -logDiag - 0.5 * dim * LOG_2PI;
}
