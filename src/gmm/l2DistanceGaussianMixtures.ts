/**
 * Squared L2 distance between two Gaussian mixture densities, in closed form (the distance
 * plotted in the GMM experiment of Shumailov et al. 2024):
 *
 *   ‖f − g‖² = ∫(f − g)² = ⟨f, f⟩ + ⟨g, g⟩ − 2⟨f, g⟩,
 *   ⟨f, g⟩ = Σ_ij a_i b_j ∫ N(x; μ_i, Σ_i) N(x; ν_j, Γ_j) dx = Σ_ij a_i b_j N(μ_i − ν_j; 0, Σ_i + Γ_j)
 *
 * (the product of two Gaussian densities integrates to a Gaussian density of the difference
 * of their means; Petersen & Pedersen, The Matrix Cookbook, §8.1.8). The official code's
 * distance figure plots this between the generation-n mixture and the first one.
 * As a model collapses to a point, ⟨f, f⟩ grows like 1 / (4π σ²) in 2-D, so the distance
 * grows without bound (≈ 10³ for σ ≈ 0.01): that is the figure's rising curves.
 */
import type { GaussianMixture } from "./types";
import { checkMixture } from "./checkMixture";
import { precisionCholesky } from "./precisionCholesky";
import { invalid } from "../validate";

/** ⟨f, g⟩ = ∫ f g for two mixtures of the same dimension. */
export function mixtureInnerProduct(f: GaussianMixture, g: GaussianMixture): number {
  const d = f.dim;
  const dd = d * d;
  const sum = new Float64Array(dd);
  const u = new Float64Array(dd);
  let total = 0;
  for (let i = 0; i < f.components; i++) {
    for (let j = 0; j < g.components; j++) {
      for (let t = 0; t < dd; t++) sum[t] = f.covariances[i * dd + t] + g.covariances[j * dd + t];
      const logNorm = precisionCholesky(sum, 0, d, u, `sum of covariances (component ${i}, component ${j})`);
      let s = 0;
      for (let b = 0; b < d; b++) {
        let y = 0;
        for (let a = 0; a <= b; a++) y += (f.means[i * d + a] - g.means[j * d + a]) * u[a * d + b];
        s += y * y;
      }
      total += f.weights[i] * g.weights[j] * Math.exp(logNorm - 0.5 * s);
    }
  }
  return total;
}

/** ∫(f − g)², never negative (rounding is clipped at 0). */
export function l2DistanceGaussianMixtures(f: GaussianMixture, g: GaussianMixture): number {
  checkMixture(f, "f");
  checkMixture(g, "g");
  if (f.dim !== g.dim) invalid("g.dim", `f.dim = ${f.dim}`, g.dim);
  const value = mixtureInnerProduct(f, f) + mixtureInnerProduct(g, g) - 2 * mixtureInnerProduct(f, g);
  return Math.max(0, value);
}
