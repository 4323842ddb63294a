/**
 * Sufficient statistics (count, mean, scatter) of a point cloud, and pooling of two
 * sets of statistics (Chan, Golub & LeVeque 1979 pairwise update), which is how the
 * `accumulate` regime works without keeping every point.
 */
import type { Points } from "../data/points";
import type { GaussianStatistics } from "./types";
import { invalid } from "../validate";

/** Count, mean and scatter Σ(x − x̄)(x − x̄)ᵀ of the points (two passes, for accuracy). */
export function sufficientStatistics(data: Points): GaussianStatistics {
  const { n, dim, values } = data;
  if (n < 1) invalid("data.n", "≥ 1 point", n);
  if (dim === 1) {
    const { mean, scatter } = sufficientStatistics1d(values, n);
    return { n, dim, mean: Float64Array.of(mean), scatter: Float64Array.of(scatter) };
  }
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += values[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= n;
  const scatter = new Float64Array(dim * dim);
  const c = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dim; j++) c[j] = values[i * dim + j] - mean[j];
    for (let a = 0; a < dim; a++) {
      const ca = c[a];
      for (let b = 0; b <= a; b++) scatter[a * dim + b] += ca * c[b];
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) scatter[b * dim + a] = scatter[a * dim + b];
  return { n, dim, mean, scatter };
}

/**
 * Mean and scatter Σ(x − x̄)² of values[0 … n) in one dimension: the general case's two
 * passes with scalars in place of the d-vectors (the same sums in the same order, so the
 * same numbers), which the brute-force 1-D chain runs on 10⁶ points a generation.
 */
export function sufficientStatistics1d(values: Float64Array, n: number): { mean: number; scatter: number } {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let scatter = 0;
  for (let i = 0; i < n; i++) {
    const c = values[i] - mean;
    scatter += c * c;
  }
  return { mean, scatter };
}

/** Statistics of the union of two datasets from the statistics of each. */
export function poolStatistics(x: GaussianStatistics, y: GaussianStatistics): GaussianStatistics {
  if (x.dim !== y.dim) invalid("dim of pooled statistics", String(x.dim), y.dim);
  const dim = x.dim;
  const n = x.n + y.n;
  const mean = new Float64Array(dim);
  const delta = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    delta[j] = y.mean[j] - x.mean[j];
    mean[j] = x.mean[j] + (delta[j] * y.n) / n;
  }
  const w = (x.n * y.n) / n;
  const scatter = new Float64Array(dim * dim);
  for (let a = 0; a < dim * dim; a++) scatter[a] = x.scatter[a] + y.scatter[a];
  for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) scatter[a * dim + b] += w * delta[a] * delta[b];
  return { n, dim, mean, scatter };
}
