/**
 * Closed forms for the discrete chain (docs/theory.md#discrete-chain) (K states, M draws a generation, refit by
 * frequencies): a neutral Wright–Fisher model.
 */
import { assertInRange, assertInteger } from "../validate";

/** Probability that a state of probability q gets no draw among M: (1 − q)^M. */
export function lossProbability(q: number, m: number): number {
  assertInRange(q, "q", 0, 1);
  assertInteger(m, "M", 1);
  return Math.pow(1 - q, m);
}

/**
 * E[S_m] for the collision mass S = Σ p² after m generations of M draws:
 * E[S_m] = 1 − (1 − 1/M)^m (1 − S_0) (docs/theory.md#discrete-collision-mass; Seddik et al. 2024). It follows from
 * E[S_{m+1} | p] = S_m + (1 − S_m)/M: two draws coincide either by sharing a state of p
 * or by being the same draw.
 */
export function expectedCollisionMass(s0: number, m: number, generations: number): number {
  assertInRange(s0, "S_0", 0, 1);
  assertInteger(m, "M", 1);
  assertInteger(generations, "generations", 0);
  return 1 - Math.pow(1 - 1 / m, generations) * (1 - s0);
}

