/**
 * Metrics of discrete distributions p (probability vectors over K states), docs/theory.md#discrete-chain.
 */
import { assertProbabilities, invalid } from "../validate";

function samePlace(p: ArrayLike<number>, q: ArrayLike<number>): void {
  assertProbabilities(p, "p", 1e-8);
  assertProbabilities(q, "q", 1e-8);
  if (p.length !== q.length) invalid("q.length", `equal to p.length = ${p.length}`, q.length);
}

/** Number of states with positive probability: the support the chain has not yet lost. */
export function supportSize(p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s++;
  return s;
}

/**
 * Collision mass S = Σ p_i²: the probability that two draws coincide. It is 1/K for the
 * uniform distribution and 1 for a delta; its expectation after m generations is
 * 1 − (1 − 1/M)^m (1 − S_0) (docs/theory.md#discrete-collision-mass; see theory/expectedCollisionMass).
 */
export function collisionMass(p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * p[i];
  return s;
}

/**
 * Kullback–Leibler divergence KL(p ‖ q) = Σ p_i ln(p_i / q_i) in nats; terms with
 * p_i = 0 contribute 0, and a state with p_i > 0 = q_i makes it +∞ (q has lost a state
 * p still has: exactly what collapse does to the tails).
 */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  samePlace(p, q);
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) continue;
    if (q[i] === 0) return Infinity;
    s += p[i] * Math.log(p[i] / q[i]);
  }
  return Math.max(0, s);
}

/** Total variation distance ½ Σ |p_i − q_i| ∈ [0, 1]. */
export function totalVariation(p: ArrayLike<number>, q: ArrayLike<number>): number {
  samePlace(p, q);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += Math.abs(p[i] - q[i]);
  return s / 2;
}
