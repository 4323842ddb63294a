/**
 * The paper's measure of a VAE generation's spread (Shumailov et al. 2024, the VAE
 * experiment's latent-density figure; docs/theory.md#vae): the generation-0 encoder's means
 * μ(x) on the generation's samples, every coordinate of every sample pooled into one
 * set of numbers, summarised by its mean, its standard deviation (the official code's
 * np.std of the flattened array) and a density histogram.
 */
import { invalid } from "../validate";

export interface LatentSpread {
  mean: number;
  /** Population standard deviation of the pooled coordinates (numpy's default, ddof = 0). */
  sd: number;
  /** Density over `LATENT_EDGES` (integrates to the fraction inside [−3, 3]). */
  density: number[];
}

/** Histogram bins: 120 bins of width 0.05 over [−3, 3], the official figure's x range. */
export const LATENT_EDGES = Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);
export const LATENT_CENTRES = LATENT_EDGES.slice(0, -1).map((e) => Math.round((e + 0.025) * 1000) / 1000);

export function latentSpread(mu: ArrayLike<number>): LatentSpread {
  const n = mu.length;
  if (n < 1) invalid("mu", "a non-empty array of latent means", n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += mu[i];
  const mean = sum / n;
  let ss = 0;
  const width = LATENT_EDGES[1] - LATENT_EDGES[0];
  const bins = LATENT_EDGES.length - 1;
  const counts = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const v = mu[i];
    if (!Number.isFinite(v)) invalid(`mu[${i}]`, "a finite number", v);
    ss += (v - mean) * (v - mean);
    const k = Math.floor((v - LATENT_EDGES[0]) / width);
    if (k >= 0 && k < bins) counts[k]++;
  }
  return { mean, sd: Math.sqrt(ss / n), density: Array.from(counts, (c) => c / n / width) };
}
