/**
 * The backoff form of an interpolated Kneser–Ney model, for scoring with one hash probe
 * per token instead of one per order.
 *
 * Interpolated smoothing can be written as a backoff model (Chen & Goodman 1999, "An
 * empirical study of smoothing techniques for language modeling", Computer Speech and
 * Language 13, §2.8; it is how interpolated models are stored in ARPA files):
 *   p(w | h) = P(h w)                 when the n-gram h w was seen,
 *            = γ(h) · p(w | h⁻)       otherwise (γ = 1 when h is no usable context),
 * where P(h w) is the full interpolated probability of w after h, precomputed once per
 * trie node. A query then needs the longest seen n-gram ending in w and the γ of the
 * longer contexts only. The context is carried from token to token as a state of trie
 * nodes, one per context length, as KenLM carries its state (Heafield 2011, "KenLM:
 * Faster and smaller language model queries", WMT, §4.1), so no query walks from the root.
 *
 * P is computed by exactly the arithmetic of the order-by-order recurrence
 * (./kneserNey.ts) in the same order, p ← α + γ·p from the empty context upwards, and
 * backing off multiplies by γ where that recurrence adds 0 + γ·p: the probabilities are
 * bitwise the same.
 */
import type { NgramTrie } from "./ngramTrie";
import type { ArrayAllocator } from "./sharedMemory";

/**
 * Suffix links: for the node of w_1 … w_k, the node of w_2 … w_k (the root for a
 * unigram). Every suffix of a counted n-gram was counted too (it starts one token
 * later), and parents are created before children, so one pass in id order finds them.
 */
export function suffixLinks(trie: NgramTrie): Int32Array {
  const { parent, word, depth } = trie;
  const suffix = new Int32Array(trie.size);
  for (let id = 1; id < trie.size; id++) {
    suffix[id] = depth[id] === 1 ? 0 : trie.child(suffix[parent[id]], word[id]);
  }
  return suffix;
}

/** Per node (h w): the probability p(w | h) of the full model (the root's entry is unused). */
export function backoffTable(
  trie: NgramTrie,
  suffix: Int32Array,
  gamma: Float64Array,
  alpha: Float64Array,
  vocabSize: number,
  memory: ArrayAllocator,
): Float64Array {
  const { parent, depth } = trie;
  const n = trie.size;
  const table = memory.float64(n);
  const uniform = 1 / vocabSize;
  // A suffix can have a larger id than its n-gram, but it is always one order shorter:
  // filling order by order makes every P(h⁻ w) ready before P(h w).
  for (let d = 1; d <= trie.order; d++) {
    for (let id = 1; id < n; id++) {
      if (depth[id] !== d) continue;
      const lower = d === 1 ? uniform : table[suffix[id]];
      const g = gamma[parent[id]];
      table[id] = g < 0 ? lower : alpha[id] + g * lower;
    }
  }
  return table;
}
