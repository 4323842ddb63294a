/** A single Gaussian as a one-component mixture, so mixture tools (L2 distance) apply to it. */
import type { GaussianModel } from "../gaussian/types";
import type { GaussianMixture } from "./types";

export function mixtureFromGaussian(model: GaussianModel): GaussianMixture {
  return {
    dim: model.dim,
    components: 1,
    weights: Float64Array.of(1),
    means: Float64Array.from(model.mean),
    covariances: Float64Array.from(model.cov),
  };
}
