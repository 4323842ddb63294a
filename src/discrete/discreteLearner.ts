/**
 * The discrete model (docs/theory.md#discrete-chain): K states, refit by empirical frequencies, sample M draws.
 * Data are the count vector of the draws (their sufficient statistic), so a generation is
 * one multinomial draw, O(K log M), whatever M is.
 */
import type { DataOps, Learner } from "../loop/runGenerations";
import { sampleMultinomial } from "../random/categorical";
import { invalid } from "../validate";

/** Empirical frequencies p_i = counts_i / Σ counts. */
export function fitFrequencies(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    if (!(counts[i] >= 0) || !Number.isInteger(counts[i])) invalid(`counts[${i}]`, "an integer ≥ 0", counts[i]);
    total += counts[i];
  }
  if (total === 0) invalid("sum of counts", "≥ 1", total);
  const p = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) p[i] = counts[i] / total;
  return p;
}

export const discreteLearner: Learner<Float64Array, Int32Array> = {
  fit: (counts) => fitFrequencies(counts),
  sample: (p, n, rng) => sampleMultinomial(n, p, rng),
};

/** DataOps for count vectors: pooling adds counts; row subsets are not defined. */
export const countOps: DataOps<Int32Array> = {
  size(c) {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i];
    return s;
  },
  select() {
    return invalid("regime", '"replace" with fractions {alpha: 1} or "accumulate" for count data', "a regime that subsamples rows");
  },
  concat(parts) {
    const out = new Int32Array(parts[0].length);
    for (const p of parts) for (let i = 0; i < out.length; i++) out[i] += p[i];
    return out;
  },
};
