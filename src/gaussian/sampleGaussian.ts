/**
 * Drawing n points from N(μ, Σ) as μ + L z with Σ = L Lᵀ and z ~ N(0, I). A collapsed
 * (singular) Σ is fine: its zero directions simply get no spread.
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
    for (let i = 0; i < n; i++) values[i] = mu + sd * rng.normal();
    return { n, dim, values };
  }
  const l = choleskyLower(model.cov, dim);
  const z = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) z[j] = rng.normal();
    for (let a = 0; a < dim; a++) {
      let s = mean[a];
      for (let b = 0; b <= a; b++) s += l[a * dim + b] * z[b];
      values[i * dim + a] = s;
    }
  }
  return { n, dim, values };
}
