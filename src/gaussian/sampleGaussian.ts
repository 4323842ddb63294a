/**
 * Drawing n points from N(μ, Σ) as μ + L z with Σ = L Lᵀ and z ~ N(0, I). A collapsed
 * (singular) Σ is fine: its zero directions simply get no spread. All n·d normals are
 * drawn at once with `fillNormal` (the same stream, point by point, as one `normal()` per
 * coordinate) into the output, then each row is turned into μ + L z in place.
 */
import type { Points } from "../data/points";
import type { Rng } from "../random/rng";
import type { GaussianModel } from "./types";
import { choleskyLower } from "./cholesky";
import { assertInteger } from "../validate";

export function sampleGaussian(model: GaussianModel, n: number, rng: Rng): Points {
  assertInteger(n, "n", 0);
  const { dim, mean } = model;
  const values = new Float64Array(n * dim);
  if (dim === 1) {
    const mu = mean[0];
    const sd = Math.sqrt(Math.max(0, model.cov[0]));
    rng.fillNormal(values, mu, sd);
    return { n, dim, values };
  }
  const l = choleskyLower(model.cov, dim);
  rng.fillNormal(values);
  for (let i = 0; i < n; i++) transformRow(values, i * dim, mean, 0, l, dim);
  return { n, dim, values };
}

/**
 * Row `values[at … at+dim)` holding z becomes mean[m0 + a] + Σ_{b≤a} L_ab z_b, in place:
 * going from the last coordinate down, row a only reads z_b with b ≤ a, which are still
 * untouched. The sum runs in the order b = 0 … a, as the per-point loop it replaces.
 */
export function transformRow(values: Float64Array, at: number, mean: Float64Array, m0: number, l: Float64Array, dim: number): void {
  for (let a = dim - 1; a >= 0; a--) {
    let s = mean[m0 + a];
    for (let b = 0; b <= a; b++) s += l[a * dim + b] * values[at + b];
    values[at + a] = s;
  }
}
