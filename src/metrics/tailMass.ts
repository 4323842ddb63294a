/**
 * Mass beyond kσ: how much probability a refitted 1-D Gaussian N(μ_n, σ_n²) still puts on
 * the original tails |x − μ_0| > k σ_0 (docs/theory.md#gaussian-tail-mass; early collapse loses the tails first, docs/theory.md#two-stages).
 * The normal tail uses erfc by the Chebyshev fit of Numerical Recipes §6.2 (fractional error
 * < 1.2e−7 everywhere, so it stays accurate far in the tail, unlike 1 − Φ).
 */
import { assertFinite, assertInRange } from "../validate";

/** Complementary error function erfc(x). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(X > x) for X ~ N(mu, sigma²); sigma = 0 gives the step at mu. */
export function normalSurvival(x: number, mu: number, sigma: number): number {
  if (sigma === 0) return x < mu ? 1 : 0;
  return 0.5 * erfc((x - mu) / (sigma * Math.SQRT2));
}

/** P(|X − mu0| > k·sigma0) for X ~ N(mu, sigma²). */
export function massBeyondKSigma(mu: number, sigma: number, mu0: number, sigma0: number, k: number): number {
  assertFinite(mu, "mu");
  assertInRange(sigma, "sigma", 0, Infinity, { hiOpen: true });
  assertFinite(mu0, "mu0");
  assertInRange(sigma0, "sigma0", 0, Infinity, { loOpen: true, hiOpen: true });
  assertInRange(k, "k", 0, Infinity, { hiOpen: true });
  const hi = mu0 + k * sigma0;
  const lo = mu0 - k * sigma0;
  // The lower tail by symmetry, P(X < lo) = P(−X > −lo), to keep its relative accuracy.
  return normalSurvival(hi, mu, sigma) + normalSurvival(-lo, -mu, sigma);
}
