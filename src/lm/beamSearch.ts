/**
 * Beam search as the paper's code runs it: Hugging Face `generate(num_beams=5,
 * max_new_tokens=64, repetition_penalty=3.0)` (the official code, docs/theory.md#repetition-penalty; the paper's text says 2.0,
 * an option here). Semantics kept from HF's beam search without an end-of-sequence token:
 * - scores are sums of log-probabilities after the repetition penalty, which multiplies
 *   the log-probability of every token already present in the prompt or in that beam's
 *   own continuation (./topCandidates.ts);
 * - at the first step only one beam is live (HF starts the others at −1e9);
 * - each step keeps the `beams` best (beam, token) extensions over all live beams;
 * - exactly `newTokens` tokens are generated (an n-gram model has no end token), so the
 *   length penalty never changes the ranking and the best final beam is returned.
 * Ties are broken by beam order, then by candidate rank: deterministic. Candidates come from
 * an exact cache per decoding state (./cachedCandidates.ts, docs/theory.md#beam-search-cache):
 * the same tokens as the plain search, about 6 times faster on the Brown run.
 */
import { assertInRange, assertInteger } from "../validate";
import type { InterpolatedLm } from "./interpolatedLm";
import { CachedCandidateSearch, type CandidateCacheOptions } from "./cachedCandidates";
import { CandidateSearch } from "./topCandidates";

export interface BeamSearchOptions {
  /** Number of beams (integer ≥ 1). Default 5, as the paper. */
  beams?: number;
  /** Tokens generated per prompt (integer ≥ 1). Default 64, as the paper. */
  newTokens?: number;
  /** Repetition penalty ≥ 1 (1 = none). Default 3.0 (official code); the text says 2.0. */
  repetitionPenalty?: number;
  /** The exact candidate cache (./cachedCandidates.ts); `false` runs the plain search. Default on. */
  cache?: CandidateCacheOptions | false;
}

export function validateBeamOptions(opts: BeamSearchOptions): Required<BeamSearchOptions> {
  const beams = opts.beams ?? 5;
  const newTokens = opts.newTokens ?? 64;
  const repetitionPenalty = opts.repetitionPenalty ?? 3.0;
  assertInteger(beams, "beams", 1, 64);
  assertInteger(newTokens, "newTokens", 1, 100000);
  assertInRange(repetitionPenalty, "repetitionPenalty", 1, Infinity, { hiOpen: true });
  const cache = opts.cache ?? {};
  return { beams, newTokens, repetitionPenalty, cache };
}

export class BeamSearch {
  private readonly lm: InterpolatedLm;
  readonly options: Required<BeamSearchOptions>;
  private readonly search: CandidateSearch | CachedCandidateSearch;
  private readonly present: Int32Array;
  private presentStamp = 0;
  private states: Int32Array;
  private nextStates: Int32Array;
  private seqs: Int32Array;
  private nextSeqs: Int32Array;
  private readonly beamScores: Float64Array;
  private readonly candBeam: Int32Array;
  private readonly candToken: Int32Array;
  private readonly candScore: Float64Array;

  constructor(lm: InterpolatedLm, opts: BeamSearchOptions = {}) {
    this.lm = lm;
    this.options = validateBeamOptions(opts);
    const { beams: B, newTokens: T } = this.options;
    const cache = this.options.cache;
    this.search = cache === false ? new CandidateSearch(lm, B) : new CachedCandidateSearch(lm, B, cache);
    this.present = new Int32Array(lm.vocabSize);
    this.states = new Int32Array(B * lm.stateSize);
    this.nextStates = new Int32Array(B * lm.stateSize);
    this.seqs = new Int32Array(B * T);
    this.nextSeqs = new Int32Array(B * T);
    this.beamScores = new Float64Array(B);
    this.candBeam = new Int32Array(B * B);
    this.candToken = new Int32Array(B * B);
    this.candScore = new Float64Array(B * B);
  }

  /**
   * Continues the prompt tokens[start … end): writes `newTokens` tokens to
   * out[outOff …] and returns the best beam's total (penalised) score.
   */
  continue(tokens: ArrayLike<number>, start: number, end: number, out: Int32Array, outOff = 0): number {
    const lm = this.lm;
    const { beams: B, newTokens: T, repetitionPenalty } = this.options;
    const S = lm.stateSize;
    const present = this.present;
    lm.initState(tokens, start, end, this.states, 0);
    this.beamScores[0] = 0;
    let live = 1;
    for (let t = 0; t < T; t++) {
      let nCand = 0;
      for (let b = 0; b < live; b++) {
        const stamp = this.nextStamp();
        for (let i = start; i < end; i++) present[tokens[i]] = stamp;
        for (let i = 0; i < t; i++) present[this.seqs[b * T + i]] = stamp;
        const found = this.search.search(this.states, b * S, B, present, stamp, repetitionPenalty);
        for (let c = 0; c < found; c++) {
          const score = this.beamScores[b] + this.search.scores[c];
          // Keep the B best candidates sorted by score (earlier wins ties).
          if (nCand === B && score <= this.candScore[B - 1]) continue;
          let i = nCand < B ? nCand++ : B - 1;
          while (i > 0 && this.candScore[i - 1] < score) {
            this.candScore[i] = this.candScore[i - 1];
            this.candBeam[i] = this.candBeam[i - 1];
            this.candToken[i] = this.candToken[i - 1];
            i--;
          }
          this.candScore[i] = score;
          this.candBeam[i] = b;
          this.candToken[i] = this.search.ids[c];
        }
      }
      for (let i = 0; i < nCand; i++) {
        const parent = this.candBeam[i];
        const w = this.candToken[i];
        this.nextSeqs.set(this.seqs.subarray(parent * T, parent * T + t), i * T);
        this.nextSeqs[i * T + t] = w;
        lm.advance(this.states, parent * S, w, this.nextStates, i * S);
        this.beamScores[i] = this.candScore[i];
      }
      live = nCand;
      [this.seqs, this.nextSeqs] = [this.nextSeqs, this.seqs];
      [this.states, this.nextStates] = [this.nextStates, this.states];
    }
    out.set(this.seqs.subarray(0, T), outOff);
    return this.beamScores[0];
  }

  private nextStamp(): number {
    if (++this.presentStamp === 0x7fffffff) {
      this.present.fill(0);
      this.presentStamp = 1;
    }
    return this.presentStamp;
  }
}
