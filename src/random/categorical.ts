/**
 * Categorical and multinomial sampling over K states with probabilities p.
 *
 * `sampleMultinomial` draws the count vector of n categorical draws by conditional
 * binomials (n_1 ~ Bin(n, p_1), n_2 ~ Bin(n − n_1, p_2 / (1 − p_1)), …), exact and
 * O(K log n) with `Rng.binomial`, so a generation of the discrete chain (docs/theory.md#discrete-chain) costs the
 * same at M = 10⁶ as at M = 100. `sampleCategorical` draws the n labels themselves with
 * Walker's alias method (Walker 1977; Vose 1991), O(K) set-up and O(1) a draw.
 */
import type { Rng } from "./rng";
import { assertInteger, assertProbabilities } from "../validate";

/** Counts of n categorical draws with probabilities p (Σp = 1). */
export function sampleMultinomial(n: number, p: ArrayLike<number>, rng: Rng, out = new Int32Array(p.length)): Int32Array {
  assertInteger(n, "n", 0);
  assertProbabilities(p, "p", 1e-8);
  let remaining = n;
  let massLeft = 1;
  const k = p.length;
  for (let i = 0; i < k - 1; i++) {
    if (remaining === 0 || massLeft <= 0) {
      out[i] = 0;
      continue;
    }
    const share = Math.min(1, p[i] / massLeft);
    const c = share >= 1 ? remaining : share <= 0 ? 0 : rng.binomial(remaining, share);
    out[i] = c;
    remaining -= c;
    massLeft -= p[i];
  }
  out[k - 1] = remaining;
  return out;
}

/** Alias table for repeated categorical draws (Vose's stable construction). */
export interface AliasTable {
  readonly prob: Float64Array;
  readonly alias: Int32Array;
}

export function aliasTable(p: ArrayLike<number>): AliasTable {
  assertProbabilities(p, "p", 1e-8);
  const k = p.length;
  const prob = new Float64Array(k);
  const alias = new Int32Array(k);
  const scaled = new Float64Array(k);
  const small = new Int32Array(k);
  const large = new Int32Array(k);
  let ns = 0;
  let nl = 0;
  for (let i = 0; i < k; i++) {
    scaled[i] = p[i] * k;
    if (scaled[i] < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns];
    const l = large[--nl];
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  while (nl > 0) prob[large[--nl]] = 1;
  while (ns > 0) prob[small[--ns]] = 1;
  return { prob, alias };
}

/** n labels in [0, K) drawn with probabilities p. */
export function sampleCategorical(n: number, p: ArrayLike<number> | AliasTable, rng: Rng): Int32Array {
  assertInteger(n, "n", 0);
  const table = "alias" in p ? p : aliasTable(p);
  const k = table.prob.length;
  const out = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const i = rng.uniformInt(k);
    out[j] = rng.uniform() < table.prob[i] ? i : table.alias[i];
  }
  return out;
}
