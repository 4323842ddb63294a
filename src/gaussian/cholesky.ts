/**
 * Lower Cholesky factor of a symmetric positive semi-definite d×d matrix (row-major).
 *
 * A pivot that is ≤ tolerance (a covariance that has collapsed in some direction, the
 * "late collapse" of docs/theory.md#two-stages) gives a zero column instead of NaN, so sampling from a collapsed model
 * returns the point itself rather than crashing. For d ≤ 3 in the hot loop this is faster
 * than building an ml-matrix object; ml-matrix is used where eigen-decompositions are needed.
 */
import { invalid } from "../validate";

export function choleskyLower(a: ArrayLike<number>, dim: number, name = "covariance"): Float64Array {
  if (a.length !== dim * dim) invalid(`${name}.length`, `dim² = ${dim * dim}`, a.length);
  const l = new Float64Array(dim * dim);
  let maxDiag = 0;
  for (let i = 0; i < dim; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * dim + i]));
  const tol = 1e-14 * Math.max(maxDiag, Number.MIN_VALUE);
  for (let j = 0; j < dim; j++) {
    let d = a[j * dim + j];
    for (let k = 0; k < j; k++) d -= l[j * dim + k] * l[j * dim + k];
    if (d < -1e-8 * Math.max(1, maxDiag)) invalid(name, "positive semi-definite", `a matrix with pivot ${d} at row ${j}`);
    const ljj = d > tol ? Math.sqrt(d) : 0;
    l[j * dim + j] = ljj;
    for (let i = j + 1; i < dim; i++) {
      let s = a[i * dim + j];
      for (let k = 0; k < j; k++) s -= l[i * dim + k] * l[j * dim + k];
      l[i * dim + j] = ljj > 0 ? s / ljj : 0;
    }
  }
  return l;
}
