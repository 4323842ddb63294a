/**
 * The top-k search of ./topCandidates.ts with an exact cache per decoding state, for beam
 * search (docs/theory.md#beam-search-cache).
 *
 * Beam search asks for the k best next tokens of the same contexts again and again: five
 * beams, 64 steps, thousands of blocks, and a trigram state is only the last two tokens.
 * What changes between two requests for one state is the set of penalised tokens (the
 * prompt and the beam's own continuation). The repetition penalty only lowers scores, so
 * the cache keeps, per state, the M best *unpenalised* tokens and the M-th score s_M:
 * - any token outside the cached list scores at most s_M, penalised or not;
 * - penalising the cached tokens for the request at hand and ranking them gives the exact
 *   top k whenever the k-th of them scores strictly above s_M; otherwise (rare: most of
 *   the M best are penalised) the plain search runs.
 * Ties are ranked as the plain search ranks them, by the order in which it evaluates words
 * (`CandidateSearch.ranks`), so the results are the same tokens, scores and order.
 *
 * The table is open-addressed on the state's node ids; when half full it is emptied, which
 * costs only the re-computation of states still in use.
 */
import { assertInteger } from "../validate";
import type { InterpolatedLm } from "./interpolatedLm";
import { CandidateSearch } from "./topCandidates";

export interface CandidateCacheOptions {
  /** Unpenalised candidates kept per state, M (integer in [1, 4096]). Default 32. */
  cached?: number;
  /** Slots of the table, rounded up to a power of two (integer in [16, 2^22]). Default 2^15. */
  capacity?: number;
}

export class CachedCandidateSearch {
  private readonly inner: CandidateSearch;
  private readonly stateSize: number;
  private readonly cached: number;
  private readonly mask: number;
  private readonly limit: number;
  private readonly keys: Int32Array;
  private readonly used: Int32Array;
  private readonly lengths: Int32Array;
  private readonly bounds: Float64Array;
  private readonly cIds: Int32Array;
  private readonly cLogProbs: Float64Array;
  private readonly cProbs: Float64Array;
  private readonly cRanks: Int32Array;
  private readonly outRanks: Int32Array;
  /** A present-array no stamp matches: the cached lists are unpenalised. */
  private readonly nothingPresent: Int32Array;
  private epoch = 1;
  private filled = 0;
  /** Output of the last `search`: ids and scores, best first (as CandidateSearch). */
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  readonly probs: Float64Array;
  count = 0;
  /** Requests answered from the cache, by the plain search after a cache miss, and by the plain search because too many cached words were penalised. */
  readonly stats = { hits: 0, misses: 0, fallbacks: 0 };

  constructor(lm: InterpolatedLm, maxK: number, opts: CandidateCacheOptions = {}) {
    const cached = opts.cached ?? 32;
    const capacity = opts.capacity ?? 1 << 15;
    assertInteger(maxK, "maxK", 1, 4096);
    assertInteger(cached, "cached", 1, 4096);
    assertInteger(capacity, "capacity", 16, 1 << 22);
    let size = 16;
    while (size < capacity) size *= 2;
    this.inner = new CandidateSearch(lm, Math.max(maxK, cached));
    this.stateSize = lm.stateSize;
    this.cached = cached;
    this.mask = size - 1;
    this.limit = size >>> 1;
    this.keys = new Int32Array(size * lm.stateSize);
    this.used = new Int32Array(size);
    this.lengths = new Int32Array(size);
    this.bounds = new Float64Array(size);
    this.cIds = new Int32Array(size * cached);
    this.cLogProbs = new Float64Array(size * cached);
    this.cProbs = new Float64Array(size * cached);
    this.cRanks = new Int32Array(size * cached);
    this.ids = new Int32Array(maxK);
    this.scores = new Float64Array(maxK);
    this.probs = new Float64Array(maxK);
    this.outRanks = new Int32Array(maxK);
    this.nothingPresent = new Int32Array(lm.vocabSize);
  }

  /** As CandidateSearch.search: the k best tokens after the state at state[off …]. */
  search(state: Int32Array, off: number, k: number, present: Int32Array, presentStamp: number, penalty: number): number {
    if (k > this.cached) return this.plain(state, off, k, present, presentStamp, penalty);
    const slot = this.slotOf(state, off);
    const M = this.cached;
    const length = this.lengths[slot];
    const base = slot * M;
    const { cIds, cLogProbs, cProbs, cRanks, ids, scores, probs, outRanks } = this;
    let count = 0;
    for (let c = 0; c < length; c++) {
      const logProb = cLogProbs[base + c];
      // The list is sorted by unpenalised score and penalties only lower scores: once one
      // is below the k-th best so far, no later one can enter.
      if (count === k && logProb < scores[k - 1]) break;
      const w = cIds[base + c];
      const rank = cRanks[base + c];
      let score = logProb;
      if (present[w] === presentStamp && score < 0) score *= penalty;
      if (count === k && (score < scores[k - 1] || (score === scores[k - 1] && rank > outRanks[k - 1]))) continue;
      let i = count < k ? count++ : k - 1;
      while (i > 0 && (scores[i - 1] < score || (scores[i - 1] === score && outRanks[i - 1] > rank))) {
        scores[i] = scores[i - 1];
        ids[i] = ids[i - 1];
        probs[i] = probs[i - 1];
        outRanks[i] = outRanks[i - 1];
        i--;
      }
      scores[i] = score;
      ids[i] = w;
      probs[i] = cProbs[base + c];
      outRanks[i] = rank;
    }
    // A full list (length M) leaves words outside it that may score up to the bound; a
    // shorter one holds the whole vocabulary.
    if (length < M || (count === k && scores[k - 1] > this.bounds[slot])) {
      this.stats.hits++;
      this.count = count;
      return count;
    }
    this.stats.fallbacks++;
    return this.plain(state, off, k, present, presentStamp, penalty);
  }

  private plain(state: Int32Array, off: number, k: number, present: Int32Array, presentStamp: number, penalty: number): number {
    const inner = this.inner;
    const count = inner.search(state, off, k, present, presentStamp, penalty);
    this.ids.set(inner.ids.subarray(0, count));
    this.scores.set(inner.scores.subarray(0, count));
    this.probs.set(inner.probs.subarray(0, count));
    this.count = count;
    return count;
  }

  /** The slot holding the state's cached list, computed on a miss. */
  private slotOf(state: Int32Array, off: number): number {
    const S = this.stateSize;
    const keys = this.keys;
    let h = 0x811c9dc5;
    for (let j = 0; j < S; j++) h = Math.imul(h ^ state[off + j], 0x01000193);
    h ^= h >>> 15;
    let slot = h & this.mask;
    for (;;) {
      if (this.used[slot] !== this.epoch) break;
      let same = true;
      for (let j = 0; j < S; j++) {
        if (keys[slot * S + j] !== state[off + j]) {
          same = false;
          break;
        }
      }
      if (same) return slot;
      slot = (slot + 1) & this.mask;
    }
    if (this.filled >= this.limit) {
      // Emptying the table by a new epoch; the probe restarts on the empty table.
      this.epoch++;
      this.filled = 0;
      if (this.epoch === 0x7fffffff) {
        this.used.fill(0);
        this.epoch = 1;
      }
      slot = h & this.mask;
    }
    this.used[slot] = this.epoch;
    this.filled++;
    for (let j = 0; j < S; j++) keys[slot * S + j] = state[off + j];
    this.fill(slot, state, off);
    return slot;
  }

  /** The M best unpenalised tokens of the state into `slot`. */
  private fill(slot: number, state: Int32Array, off: number): void {
    this.stats.misses++;
    const M = this.cached;
    const inner = this.inner;
    const length = inner.search(state, off, M, this.nothingPresent, 1, 1);
    const base = slot * M;
    this.cIds.set(inner.ids.subarray(0, length), base);
    this.cLogProbs.set(inner.scores.subarray(0, length), base);
    this.cProbs.set(inner.probs.subarray(0, length), base);
    this.cRanks.set(inner.ranks.subarray(0, length), base);
    this.lengths[slot] = length;
    this.bounds[slot] = length > 0 ? inner.scores[length - 1] : -Infinity;
  }
}
