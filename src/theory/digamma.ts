/**
 * Digamma ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10,
 * then the asymptotic series ψ(x) ≈ ln x − 1/(2x) − Σ B_{2k}/(2k x^{2k})
 * (Abramowitz & Stegun 6.3.18), accurate to ~1e−14 there.
 */
import { assertInRange } from "../validate";

export function digamma(x: number): number {
  assertInRange(x, "x", 0, Infinity, { loOpen: true, hiOpen: true });
  let result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const series = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
  return result + Math.log(x) - 0.5 / x - series;
}
