/**
 * The k best next tokens of an interpolated n-gram model under a repetition penalty,
 * without scoring the whole vocabulary.
 *
 * Score of token w after a sequence s: log p(w | s), multiplied by `penalty` when w
 * already occurs in s. This is exactly what Hugging Face's RepetitionPenaltyLogitsProcessor
 * does inside beam search, where it acts on log-softmax scores (CTRL, Keskar et al. 2019:
 * a score < 0 is multiplied by the penalty, a score > 0 divided by it; log-probabilities
 * are ≤ 0, so they are multiplied). The penalty only lowers scores.
 *
 * Search (Fagin's threshold algorithm, Fagin, Lotem & Naor 2003). Unrolling interpolated
 * Kneser–Ney (./kneserNey.ts) over the usable contexts h_0 (empty) … h_{n−1} gives a sum:
 *   p(w) = Σ_j G_{>j} · α_j(w)  +  G_{≥0} / V,    G_{>j} = Π_{i>j} γ_i,
 * where α_j(w) is the discounted frequency of w after h_j (0 when w never followed h_j).
 * A mixture Σ_m λ_m p_m is a longer sum of the same kind. The children of each context are
 * stored by α descending, so each context is a sorted list, and any word not yet met in any
 * list scores at most Σ_lists coef · α(head) + Σ_m λ_m G_{≥0}/V. Lists are popped largest
 * term first, each new word is scored exactly, and the search stops as soon as that bound
 * cannot beat the k-th best score; words in no list (all tied at the constant) are only
 * visited when they can still enter the top k. The result is the exact top k.
 */
import type { InterpolatedLm } from "./interpolatedLm";

export class CandidateSearch {
  private readonly lm: InterpolatedLm;
  private readonly streams: number;
  private readonly pos: Int32Array;
  private readonly end: Int32Array;
  private readonly coef: Float64Array;
  private readonly evaluated: Int32Array;
  private stamp = 0;
  /** Output of the last `search`: ids and scores, best first. */
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  readonly probs: Float64Array;
  /**
   * Where each result came in the order the search evaluates words. That order depends
   * only on the state (lists are popped largest term first, then the unlisted words by id),
   * not on the penalty, and ties in score go to the word evaluated first: ./cachedCandidates.ts
   * relies on both to rank cached words exactly as this search would.
   */
  readonly ranks: Int32Array;
  count = 0;

  constructor(lm: InterpolatedLm, maxK: number) {
    this.lm = lm;
    // One sorted list per component and context length.
    this.streams = lm.components.length * lm.order;
    this.pos = new Int32Array(this.streams);
    this.end = new Int32Array(this.streams);
    this.coef = new Float64Array(this.streams);
    this.evaluated = new Int32Array(lm.vocabSize);
    this.ids = new Int32Array(maxK);
    this.scores = new Float64Array(maxK);
    this.probs = new Float64Array(maxK);
    this.ranks = new Int32Array(maxK);
  }

  /**
   * The k best tokens after the sequence whose state is state[off …]. A token w is
   * penalised when present[w] === presentStamp.
   */
  search(state: Int32Array, off: number, k: number, present: Int32Array, presentStamp: number, penalty: number): number {
    const lm = this.lm;
    const order = lm.order;
    const V = lm.vocabSize;
    const { pos, end, coef, evaluated, ids, scores, probs, ranks } = this;
    const stamp = ++this.stamp;
    if (stamp === 0x7fffffff) {
      evaluated.fill(0);
      this.stamp = 1;
    }
    const S = order;
    let floor = 0; // Σ_m λ_m G_{≥0} / V: the probability of a word in no list
    for (let m = 0; m < lm.components.length; m++) {
      const model = lm.components[m];
      const base = off + m * order;
      const lambda = lm.weights[m];
      let G = lambda;
      for (let j = order - 1; j >= 0; j--) {
        const s = m * S + j;
        const h = state[base + j];
        const g = h >= 0 ? model.gamma[h] : -1;
        if (g < 0 || lambda === 0) {
          pos[s] = 0;
          end[s] = 0;
          continue;
        }
        pos[s] = model.childStart[h];
        end[s] = model.childStart[h + 1];
        coef[s] = G;
        G *= g;
      }
      floor += G / V;
    }

    let count = 0;
    let threshold = 0; // probability whose log equals the k-th best score
    let nextUnlisted = 0;
    let rank = 0;
    for (;;) {
      let bound = floor;
      let bestStream = -1;
      let bestValue = -1;
      for (let m = 0; m < lm.components.length; m++) {
        const model = lm.components[m];
        for (let j = 0; j < order; j++) {
          const s = m * S + j;
          if (pos[s] >= end[s]) continue;
          const v = coef[s] * model.alpha[model.children[pos[s]]];
          bound += v;
          if (v > bestValue) {
            bestValue = v;
            bestStream = s;
          }
        }
      }
      if (count === k && bound <= threshold) break;
      let w: number;
      if (bestStream >= 0) {
        const m = (bestStream / S) | 0;
        const model = lm.components[m];
        w = model.trie.word[model.children[pos[bestStream]]];
        pos[bestStream]++;
      } else {
        // Every listed word is scored; the rest all have probability `floor`.
        while (nextUnlisted < V && evaluated[nextUnlisted] === stamp) nextUnlisted++;
        if (nextUnlisted >= V) break;
        w = nextUnlisted++;
      }
      if (evaluated[w] === stamp) continue;
      evaluated[w] = stamp;
      const wRank = rank++;
      const p = lm.prob(state, off, w);
      let score = Math.log(p);
      if (present[w] === presentStamp && score < 0) score *= penalty;
      if (count === k && score <= scores[k - 1]) continue;
      let i = count < k ? count++ : k - 1;
      while (i > 0 && scores[i - 1] < score) {
        scores[i] = scores[i - 1];
        ids[i] = ids[i - 1];
        probs[i] = probs[i - 1];
        ranks[i] = ranks[i - 1];
        i--;
      }
      scores[i] = score;
      ids[i] = w;
      probs[i] = p;
      ranks[i] = wRank;
      if (count === k) threshold = Math.exp(scores[k - 1]);
    }
    this.count = count;
    return count;
  }
}
