/**
 * Interpolated modified Kneser–Ney smoothing: Chen & Goodman (1998), "An empirical study
 * of smoothing techniques for language modeling", Harvard TR-10-98, §3.6 / eq. (17)–(19),
 * after Kneser & Ney (1995). It is the smoothing of KenLM and SRILM's `-kndiscount
 * -interpolate`, the best-performing n-gram smoothing in Chen & Goodman's comparison.
 *
 *   p_k(w | h) = max(c'(h w) − D_k(c'(h w)), 0) / Σ_v c'(h v)  +  γ(h) · p_{k−1}(w | h⁻)
 *   γ(h)       = (D_k1 N1(h·) + D_k2 N2(h·) + D_k3+ N3+(h·)) / Σ_v c'(h v)
 *   p_0(w)     = 1 / V
 *
 * h⁻ is h without its first word. c' is the raw count at the highest order and the
 * continuation count N1+(• h w) (the number of distinct words seen before h w) at lower
 * orders. The three discounts per order come from the counts of counts n1 … n4 of c':
 * Y = n1/(n1 + 2 n2), D1 = 1 − 2Y n2/n1, D2 = 2 − 3Y n3/n2, D3+ = 3 − 4Y n4/n3 (eq. 26).
 * When a corpus is too small for these to be valid (a zero count of counts, or a discount
 * outside (0, k)), the order falls back to KenLM's fallback discounts 0.5, 1, 1.5.
 * An unseen context (or one without continuations) backs off with weight 1.
 *
 * The probabilities sum to 1 over the vocabulary for every context (tested). Queries
 * use the equivalent backoff form (./backoffTable.ts): the same numbers, bit for bit,
 * with one hash probe per token where the recurrence above makes one per order.
 */
import { invalid, assertInteger } from "../validate";
import { NgramTrie, type NgramTrieArrays } from "./ngramTrie";
import { sharedCopy } from "../parallel/sharedCopy";
import { ORDINARY_MEMORY, SHARED_MEMORY, type ArrayAllocator } from "./sharedMemory";
import { backoffTable, suffixLinks } from "./backoffTable";

const FALLBACK_DISCOUNTS = [0.5, 1, 1.5];

/** The estimated tables of a model (see the fields of KneserNeyModel). */
interface KneserNeyTables {
  discounts: Float64Array;
  gamma: Float64Array;
  alpha: Float64Array;
  childStart: Int32Array;
  children: Int32Array;
  unigramNode: Int32Array;
  backoff: Float64Array;
}

/** A model as plain data whose arrays are in shared memory: `KneserNeyModel.share()`. */
export interface SharedKneserNey extends KneserNeyTables {
  vocabSize: number;
  trie: NgramTrieArrays;
}

export class KneserNeyModel {
  readonly order: number;
  readonly vocabSize: number;
  readonly trie: NgramTrie;
  /** Discounts D1, D2, D3+ of order k at [3(k−1) … 3(k−1)+2]. */
  readonly discounts: Float64Array;
  /** Interpolation weight of the lower order, per context node; −1 where the node is no
   * usable context (no continuation seen). */
  readonly gamma: Float64Array;
  /** Discounted relative frequency max(c' − D, 0) / Σ c' of each node given its parent. */
  readonly alpha: Float64Array;
  /** Children of node i are children[childStart[i] … childStart[i+1]), by alpha descending. */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** Node of each unigram (−1 if unseen): the root's children without a hash probe. */
  readonly unigramNode: Int32Array;
  /** Per node (h w): p(w | h), the full interpolated probability (./backoffTable.ts). */
  readonly backoff: Float64Array;
  /** Node found by the last `longestMatch` (a field, so that a query allocates nothing). */
  private matchedNode = -1;

  private constructor(trie: NgramTrie, vocabSize: number, tables: KneserNeyTables) {
    this.order = trie.order;
    this.vocabSize = vocabSize;
    this.trie = trie;
    this.discounts = tables.discounts;
    this.gamma = tables.gamma;
    this.alpha = tables.alpha;
    this.childStart = tables.childStart;
    this.children = tables.children;
    this.unigramNode = tables.unigramNode;
    this.backoff = tables.backoff;
  }

  /**
   * Estimates a model of `order` from a token stream over a vocabulary of `vocabSize`.
   * With `sharedMemory`, its arrays are made in shared memory, so that `share()` copies
   * nothing (the same numbers either way).
   */
  static train(tokens: ArrayLike<number>, order: number, vocabSize: number, opts: { sharedMemory?: boolean } = {}): KneserNeyModel {
    assertInteger(order, "order", 1, 8);
    assertInteger(vocabSize, "vocabSize", 1);
    if (tokens.length < 1) invalid("tokens", "a non-empty token stream (the training corpus is empty)", tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i];
      if (!(w >= 0 && w < vocabSize) || (w | 0) !== w) invalid(`tokens[${i}]`, `an integer token id in [0, ${vocabSize - 1}]`, w);
    }
    const memory = opts.sharedMemory ? SHARED_MEMORY : ORDINARY_MEMORY;
    const trie = new NgramTrie(order, Math.min(tokens.length + 16, 1 << 22), memory);
    trie.addStream(tokens);
    return new KneserNeyModel(trie, vocabSize, estimateTables(trie, vocabSize, memory));
  }

  /**
   * The model with every array in shared memory, as plain data that worker threads
   * receive without a copy and wrap with `fromShared` (the model is never changed after
   * estimation, so threads can read it together).
   */
  share(): SharedKneserNey {
    return {
      vocabSize: this.vocabSize,
      trie: this.trie.share(),
      discounts: sharedCopy(this.discounts),
      gamma: sharedCopy(this.gamma),
      alpha: sharedCopy(this.alpha),
      childStart: sharedCopy(this.childStart),
      children: sharedCopy(this.children),
      unigramNode: sharedCopy(this.unigramNode),
      backoff: sharedCopy(this.backoff),
    };
  }

  /** The model of `share()`'s data, using its arrays as they are. */
  static fromShared(s: SharedKneserNey): KneserNeyModel {
    const trie = NgramTrie.fromArrays(s.trie);
    if (s.gamma.length !== trie.size) invalid("gamma.length", `${trie.size} (one per trie node)`, s.gamma.length);
    if (s.unigramNode.length !== s.vocabSize) invalid("unigramNode.length", `${s.vocabSize} (the vocabulary size)`, s.unigramNode.length);
    if (s.backoff.length !== trie.size) invalid("backoff.length", `${trie.size} (one per trie node)`, s.backoff.length);
    return new KneserNeyModel(trie, s.vocabSize, s);
  }

  /**
   * Context nodes of the `order − 1` tokens before position `end` of `tokens`, into
   * `out` (length ≥ order): out[k] = node of the last k tokens, −1 when unseen or when
   * fewer than k tokens precede (out[0] is the root). Written at out[off …].
   */
  contextOf(tokens: ArrayLike<number>, start: number, end: number, out: Int32Array, off = 0): void {
    out[off] = 0;
    for (let k = 1; k < this.order; k++) {
      if (end - k < start) {
        out[off + k] = -1;
        continue;
      }
      let node = 0;
      for (let j = end - k; j < end && node >= 0; j++) node = this.trie.child(node, tokens[j]);
      out[off + k] = node;
    }
  }

  /** The context after appending `w` to the context at prev[pOff …]: out[k] = child(prev[k−1], w). */
  advance(prev: Int32Array, pOff: number, w: number, out: Int32Array, oOff: number): void {
    for (let k = this.order - 1; k >= 1; k--) {
      const h = prev[pOff + k - 1];
      out[oOff + k] = h > 0 ? this.trie.child(h, w) : h === 0 ? this.unigramNode[w] : -1;
    }
    out[oOff] = 0;
  }

  /** p(w | context) for a context at ctx[off …] from `contextOf` / `advance`. */
  prob(ctx: Int32Array, off: number, w: number): number {
    const level = this.longestMatch(ctx, off, w);
    return this.backOff(ctx, off, level, level >= 0 ? this.matchedNode : -1);
  }

  /**
   * p(w | context at ctx[off …]), and the context after appending `w` written to
   * out[oOff …] (the ranges must not overlap): `advance` then `prob` in one query. The
   * next context's nodes are exactly the matches of the shorter contexts, so only the
   * longest context needs a probe of its own. Each probe depends on the previous
   * context only, never on the previous match (as a suffix link would): the memory
   * accesses of successive tokens do not wait for one another.
   */
  scoreAndAdvance(ctx: Int32Array, off: number, w: number, out: Int32Array, oOff: number): number {
    const top = this.order - 1;
    for (let k = top; k >= 1; k--) out[oOff + k] = this.childOf(ctx[off + k - 1], w);
    out[oOff] = 0;
    let level = top;
    let node = this.childOf(ctx[off + top], w);
    while (node < 0 && --level >= 0) node = out[oOff + level + 1];
    return this.backOff(ctx, off, level, node);
  }

  /** The node of context node `h` followed by `w`, or −1 (also when h is −1). */
  private childOf(h: number, w: number): number {
    return h > 0 ? this.trie.child(h, w) : h === 0 ? this.unigramNode[w] : -1;
  }

  /**
   * The largest k for which the last k tokens of the context followed by `w` were seen
   * (its node in `matchedNode`), or −1 when `w` itself was never seen. Seen n-grams are
   * closed under suffixes, so the first hit from the longest context down is the answer.
   */
  private longestMatch(ctx: Int32Array, off: number, w: number): number {
    for (let k = this.order - 1; k >= 0; k--) {
      const h = ctx[off + k];
      if (h < 0) continue;
      const node = this.childOf(h, w);
      if (node >= 0) {
        this.matchedNode = node;
        return k;
      }
    }
    return -1;
  }

  /**
   * P(match) (1/V without one) times γ of every usable context longer than the match,
   * shortest first, as the recurrence's p ← 0 + γ·p does.
   */
  private backOff(ctx: Int32Array, off: number, level: number, node: number): number {
    let p = node >= 0 ? this.backoff[node] : 1 / this.vocabSize;
    const gamma = this.gamma;
    for (let k = level + 1; k < this.order; k++) {
      const h = ctx[off + k];
      if (h < 0) break;
      const g = gamma[h];
      if (g >= 0) p = g * p;
    }
    return p;
  }
}

/**
 * Adjusted counts c' per node: the raw count at the highest order, the continuation
 * count N1+(• h w) below it, found through the suffix links (x h) → (h).
 */
function adjustedCounts(trie: NgramTrie, suffix: Int32Array): Int32Array {
  const n = trie.size;
  const { depth, count } = trie;
  const adj = new Int32Array(n);
  for (let id = 1; id < n; id++) if (depth[id] >= 2) adj[suffix[id]]++;
  for (let id = 1; id < n; id++) if (depth[id] === trie.order) adj[id] = count[id];
  return adj;
}

/** D1, D2, D3+ per order from the counts of counts of c' (Chen & Goodman eq. 26), or the fallback. */
function modifiedDiscounts(trie: NgramTrie, adj: Int32Array, memory: ArrayAllocator): Float64Array {
  const order = trie.order;
  const discounts = memory.float64(3 * order);
  const coc = new Float64Array(4 * (order + 1));
  for (let id = 1; id < trie.size; id++) {
    const c = adj[id];
    if (c >= 1 && c <= 4) coc[4 * trie.depth[id] + c - 1]++;
  }
  for (let k = 1; k <= order; k++) {
    const [n1, n2, n3, n4] = coc.subarray(4 * k, 4 * k + 4);
    const y = n1 / (n1 + 2 * n2);
    const d = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
    const valid = d.every((x, i) => Number.isFinite(x) && x > 0 && x < i + 1);
    discounts.set(valid ? d : FALLBACK_DISCOUNTS, 3 * (k - 1));
  }
  return discounts;
}

/**
 * The model's tables from a trie of counts: eq. (17)–(19) of Chen & Goodman (1998). The
 * tables are made by `memory`; the temporary arrays are ordinary.
 */
function estimateTables(trie: NgramTrie, vocabSize: number, memory: ArrayAllocator): KneserNeyTables {
  const n = trie.size;
  const { parent, word, depth } = trie;
  const suffix = suffixLinks(trie);
  const adj = adjustedCounts(trie, suffix);
  const discounts = modifiedDiscounts(trie, adj, memory);

  // Children in CSR form, with totals and N1/N2/N3+ per context.
  const childStart = memory.int32(n + 1);
  for (let id = 1; id < n; id++) childStart[parent[id] + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const children = memory.int32(Math.max(0, n - 1));
  const fill = childStart.slice(0, n);
  for (let id = 1; id < n; id++) children[fill[parent[id]]++] = id;

  const total = new Float64Array(n);
  const gamma = memory.float64(n).fill(-1);
  const weight = new Float64Array(n);
  for (let id = 1; id < n; id++) {
    const c = adj[id];
    if (c === 0) continue;
    const base = 3 * (depth[id] - 1);
    const p = parent[id];
    total[p] += c;
    weight[p] += discounts[base + (c >= 3 ? 2 : c - 1)];
  }
  for (let i = 0; i < n; i++) if (total[i] > 0) gamma[i] = weight[i] / total[i];
  const alpha = memory.float64(n);
  for (let id = 1; id < n; id++) {
    const c = adj[id];
    if (c === 0) continue;
    const d = discounts[3 * (depth[id] - 1) + (c >= 3 ? 2 : c - 1)];
    alpha[id] = (c - d) / total[parent[id]];
  }
  for (let i = 0; i < n; i++) {
    const a = childStart[i];
    const b = childStart[i + 1];
    if (b - a > 1) children.subarray(a, b).sort((x, y) => alpha[y] - alpha[x] || x - y);
  }
  const unigramNode = memory.int32(vocabSize).fill(-1);
  for (let id = 1; id < n; id++) if (depth[id] === 1 && word[id] < vocabSize) unigramNode[word[id]] = id;
  const backoff = backoffTable(trie, suffix, gamma, alpha, vocabSize, memory);
  return { discounts, gamma, alpha, childStart, children, unigramNode, backoff };
}
