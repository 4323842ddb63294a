/**
 * Wishart_d(ν, Σ) sampling by the Bartlett decomposition (Bartlett 1933; Smith & Hocking
 * 1972, Applied Statistics 21): with Σ = L Lᵀ and A lower-triangular, A_ii = √χ²_{ν−i}
 * (i = 0 … d−1), A_ij ~ N(0, 1) below the diagonal, W = (L A)(L A)ᵀ ~ Wishart_d(ν, Σ).
 * Needs ν > d − 1. O(d³), no ν-sized loop: this is what makes the exact Gaussian
 * generation (docs/theory.md#sufficient-statistic-sampler) independent of M.
 */
import type { Rng } from "./rng";
import { assertInRange, assertInteger, invalid } from "../validate";

/**
 * W ~ Wishart_d(ν, L Lᵀ) given the lower Cholesky factor `chol` (d×d row-major).
 * Returns W as d×d row-major.
 */
export function sampleWishart(nu: number, chol: Float64Array, dim: number, rng: Rng): Float64Array {
  assertInteger(dim, "dim", 1);
  assertInRange(nu, "nu (degrees of freedom)", dim - 1, Infinity, { loOpen: true, hiOpen: true });
  if (chol.length !== dim * dim) invalid("chol.length", `dim² = ${dim * dim}`, chol.length);
  const a = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    a[i * dim + i] = Math.sqrt(rng.chiSquare(nu - i));
    for (let j = 0; j < i; j++) a[i * dim + j] = rng.normal();
  }
  // B = L A (both lower-triangular, so B is too).
  const b = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = j; k <= i; k++) s += chol[i * dim + k] * a[k * dim + j];
      b[i * dim + j] = s;
    }
  }
  const w = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k <= j; k++) s += b[i * dim + k] * b[j * dim + k];
      w[i * dim + j] = s;
      w[j * dim + i] = s;
    }
  }
  return w;
}
