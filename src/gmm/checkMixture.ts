/** Shape checks for a GaussianMixture passed in by a caller. */
import type { GaussianMixture } from "./types";
import { assertInteger, assertProbabilities, invalid } from "../validate";

export function checkMixture(model: GaussianMixture, name: string): void {
  if (model == null || typeof model !== "object") invalid(name, "a GaussianMixture {dim, components, weights, means, covariances}", model);
  assertInteger(model.dim, `${name}.dim`, 1);
  assertInteger(model.components, `${name}.components`, 1);
  const { dim: d, components: K } = model;
  if (model.weights.length !== K) invalid(`${name}.weights.length`, `components = ${K}`, model.weights.length);
  if (model.means.length !== K * d) invalid(`${name}.means.length`, `components × dim = ${K * d}`, model.means.length);
  if (model.covariances.length !== K * d * d) invalid(`${name}.covariances.length`, `components × dim² = ${K * d * d}`, model.covariances.length);
  assertProbabilities(model.weights, `${name}.weights`, 1e-6);
}

/** A mixture from plain arrays, e.g. gaussianMixture([0.5, 0.5], [[-1, 0], [1, 0]], [[[1, 0], [0, 1]], …]). */
export function gaussianMixture(
  weights: readonly number[],
  means: readonly (readonly number[])[],
  covariances: readonly (readonly (readonly number[])[])[],
): GaussianMixture {
  const K = weights.length;
  if (K < 1) invalid("weights", "a non-empty array", weights);
  if (means.length !== K) invalid("means.length", `weights.length = ${K}`, means.length);
  if (covariances.length !== K) invalid("covariances.length", `weights.length = ${K}`, covariances.length);
  const d = means[0].length;
  const m = new Float64Array(K * d);
  const c = new Float64Array(K * d * d);
  for (let k = 0; k < K; k++) {
    if (means[k].length !== d) invalid(`means[${k}].length`, `${d}`, means[k].length);
    m.set(means[k], k * d);
    if (covariances[k].length !== d) invalid(`covariances[${k}].length`, `${d}`, covariances[k].length);
    for (let a = 0; a < d; a++) {
      if (covariances[k][a].length !== d) invalid(`covariances[${k}][${a}].length`, `${d}`, covariances[k][a].length);
      c.set(covariances[k][a], k * d * d + a * d);
    }
  }
  const model = { dim: d, components: K, weights: Float64Array.from(weights), means: m, covariances: c };
  checkMixture(model, "mixture");
  return model;
}
