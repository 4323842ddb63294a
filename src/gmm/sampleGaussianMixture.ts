/**
 * Drawing n points from a Gaussian mixture as scikit-learn's `GaussianMixture.sample`
 * does: component counts ~ Multinomial(n, w), then each component's points as μ_k + L_k z
 * (Σ_k = L_k L_kᵀ, z ~ N(0, I)), grouped by component. The labels say which component
 * drew each point (the colours of the GMM snapshot figure of Shumailov et al. 2024).
 */
import type { Points } from "../data/points";
import type { Rng } from "../random/rng";
import type { GaussianMixture } from "./types";
import { checkMixture } from "./checkMixture";
import { choleskyLower } from "../gaussian/cholesky";
import { transformRow } from "../gaussian/sampleGaussian";
import { sampleMultinomial } from "../random/categorical";
import { assertInteger } from "../validate";

export interface MixtureSample {
  points: Points;
  labels: Int32Array;
}

export function sampleGaussianMixture(model: GaussianMixture, n: number, rng: Rng): MixtureSample {
  checkMixture(model, "model");
  assertInteger(n, "n", 0);
  const { dim: d, components: K, means, covariances } = model;
  const counts = sampleMultinomial(n, model.weights, rng);
  const values = new Float64Array(n * d);
  const labels = new Int32Array(n);
  let row = 0;
  for (let k = 0; k < K; k++) {
    // A collapsed (singular) covariance is fine here: choleskyLower gives its zero
    // directions no spread.
    const l = choleskyLower(covariances.subarray(k * d * d, (k + 1) * d * d), d, `covariance of component ${k}`);
    // The component's counts[k]·d normals are consecutive draws: fill them at once.
    rng.fillNormal(values.subarray(row * d, (row + counts[k]) * d));
    for (let c = 0; c < counts[k]; c++, row++) {
      labels[row] = k;
      transformRow(values, row * d, means, k * d, l, d);
    }
  }
  return { points: { n, dim: d, values }, labels };
}
