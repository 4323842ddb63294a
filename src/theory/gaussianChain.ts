/**
 * Exact moments of the 1-D and d-D Gaussian chain (docs/theory.md#gaussian-chain; derivations in §3.2–3.8 there), for overlays and tests.
 * `steps` n counts resampling steps from the truth: the model fitted in generation g of
 * runGenerations (on D_g, itself g + 1 draws away from the truth) has n = g + 1.
 *
 * With the unbiased refit σ²_{k+1} = σ²_k · χ²_{M−1}/(M−1); with the ML refit the divisor
 * is M. Writing r = E[σ²_{k+1}/σ²_k] (1, or (M−1)/M) and c = E[σ_{k+1}/σ_k]
 * = √(2/divisor) Γ(M/2)/Γ((M−1)/2):
 *   E[σ²_n] = σ_0² rⁿ                                       (unbiased: the mean stays),
 *   E[ln σ²_n] = ln σ_0² + n [ψ((M−1)/2) + ln(2/divisor)]    (→ −∞: the typical path collapses),
 *   E[(μ_n − μ_0)²] = Σ_{k<n} E[σ²_k]/M,                    (unbiased: σ_0² n / M),
 *   E[W2²] = E[(μ_n − μ_0)²] + σ_0² (1 − 2cⁿ + rⁿ),
 * whose first-order expansion for the unbiased refit is (3/2) σ_0² n / M (Supplementary
 * §3.1.1).
 */
import { gammaln } from "simple-statistics";
import type { Estimator } from "../gaussian/types";
import { digamma } from "./digamma";
import { assertInteger, assertPositive } from "../validate";

function check(m: number, steps: number): void {
  assertInteger(m, "M", 2);
  assertInteger(steps, "steps", 0);
}

function divisor(m: number, estimator: Estimator): number {
  return estimator === "unbiased" ? m - 1 : m;
}

/** r = E[σ²_{k+1} / σ²_k]. */
export function varianceRatioMean(m: number, estimator: Estimator = "unbiased"): number {
  return (m - 1) / divisor(m, estimator);
}

/** c = E[σ_{k+1} / σ_k]. */
export function sdRatioMean(m: number, estimator: Estimator = "unbiased"): number {
  return Math.sqrt(2 / divisor(m, estimator)) * Math.exp(gammaln(m / 2) - gammaln((m - 1) / 2));
}

/** E[σ²_n]. */
export function expectedVariance(sigma0: number, m: number, steps: number, estimator: Estimator = "unbiased"): number {
  assertPositive(sigma0, "sigma0");
  check(m, steps);
  return sigma0 * sigma0 * Math.pow(varianceRatioMean(m, estimator), steps);
}

/** E[ln σ²_n]. */
export function expectedLogVariance(sigma0: number, m: number, steps: number, estimator: Estimator = "unbiased"): number {
  assertPositive(sigma0, "sigma0");
  check(m, steps);
  return Math.log(sigma0 * sigma0) + steps * (digamma((m - 1) / 2) + Math.log(2 / divisor(m, estimator)));
}

/** E‖μ_n − μ_0‖² = tr(Σ_0) Σ_{k<n} r^k / M (docs/theory.md#gaussian-mean-drift; = tr(Σ_0) n/M for the unbiased refit). */
export function expectedSquaredMeanDrift(traceSigma0: number, m: number, steps: number, estimator: Estimator = "unbiased"): number {
  assertPositive(traceSigma0, "trace of Sigma0");
  check(m, steps);
  const r = varianceRatioMean(m, estimator);
  const geometric = r === 1 ? steps : (1 - Math.pow(r, steps)) / (1 - r);
  return (traceSigma0 * geometric) / m;
}

/** Exact E[W2²(N(μ_0, σ_0²), N(μ_n, σ_n²))] in 1-D. */
export function expectedW2Squared1d(sigma0: number, m: number, steps: number, estimator: Estimator = "unbiased"): number {
  const meanPart = expectedSquaredMeanDrift(sigma0 * sigma0, m, steps, estimator);
  const c = sdRatioMean(m, estimator);
  const r = varianceRatioMean(m, estimator);
  return meanPart + sigma0 * sigma0 * (1 - 2 * Math.pow(c, steps) + Math.pow(r, steps));
}

/** First-order expansion (3/2) σ_0² n / M of E[W2²] (Supplementary §3.1.1). */
export function w2SquaredExpansion1d(sigma0: number, m: number, steps: number): number {
  assertPositive(sigma0, "sigma0");
  check(m, steps);
  return (1.5 * sigma0 * sigma0 * steps) / m;
}
