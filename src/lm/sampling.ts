/**
 * Ancestral sampling with temperature and top-k, the alternative to beam search: at each
 * step the k best tokens by (penalised) log-probability are found exactly
 * (./topCandidates.ts) and one is drawn with probability ∝ exp(score / temperature).
 * The repetition penalty, when > 1, acts on log-probabilities as in beam search (HF
 * applies it to raw logits when sampling; for a model without logits the log-probability
 * is the natural equivalent).
 */
import { Rng } from "../random/rng";
import { assertInRange, assertInteger } from "../validate";
import type { InterpolatedLm } from "./interpolatedLm";
import { CandidateSearch } from "./topCandidates";

export interface SamplingOptions {
  /** > 0; 1 leaves the distribution unchanged. Default 1. */
  temperature?: number;
  /** Candidates kept per step (integer ≥ 1). Default 50 (HF's default top_k). */
  topK?: number;
  /** ≥ 1. Default 1 (none). */
  repetitionPenalty?: number;
  /** Tokens generated per prompt (integer ≥ 1). Default 64. */
  newTokens?: number;
}

export function validateSamplingOptions(opts: SamplingOptions): Required<SamplingOptions> {
  const temperature = opts.temperature ?? 1;
  const topK = opts.topK ?? 50;
  const repetitionPenalty = opts.repetitionPenalty ?? 1;
  const newTokens = opts.newTokens ?? 64;
  assertInRange(temperature, "temperature", 0, Infinity, { loOpen: true, hiOpen: true });
  assertInteger(topK, "topK", 1, 100000);
  assertInRange(repetitionPenalty, "repetitionPenalty", 1, Infinity, { hiOpen: true });
  assertInteger(newTokens, "newTokens", 1, 100000);
  return { temperature, topK, repetitionPenalty, newTokens };
}

export class Sampler {
  private readonly lm: InterpolatedLm;
  readonly options: Required<SamplingOptions>;
  private readonly search: CandidateSearch;
  private readonly present: Int32Array;
  private presentStamp = 0;
  private state: Int32Array;
  private next: Int32Array;
  private readonly weights: Float64Array;

  constructor(lm: InterpolatedLm, opts: SamplingOptions = {}) {
    this.lm = lm;
    this.options = validateSamplingOptions(opts);
    const k = Math.min(this.options.topK, lm.vocabSize);
    this.search = new CandidateSearch(lm, k);
    this.present = new Int32Array(lm.vocabSize);
    this.state = new Int32Array(lm.stateSize);
    this.next = new Int32Array(lm.stateSize);
    this.weights = new Float64Array(k);
  }

  /** Continues tokens[start … end) with `newTokens` sampled tokens written to out[outOff …]. */
  continue(tokens: ArrayLike<number>, start: number, end: number, rng: Rng, out: Int32Array, outOff = 0): void {
    const lm = this.lm;
    const { newTokens: T, temperature, repetitionPenalty } = this.options;
    const k = Math.min(this.options.topK, lm.vocabSize);
    const present = this.present;
    if (++this.presentStamp === 0x7fffffff) {
      present.fill(0);
      this.presentStamp = 1;
    }
    const stamp = this.presentStamp;
    for (let i = start; i < end; i++) present[tokens[i]] = stamp;
    lm.initState(tokens, start, end, this.state, 0);
    for (let t = 0; t < T; t++) {
      const n = this.search.search(this.state, 0, k, present, stamp, repetitionPenalty);
      const top = this.search.scores[0];
      let total = 0;
      for (let i = 0; i < n; i++) {
        this.weights[i] = Math.exp((this.search.scores[i] - top) / temperature);
        total += this.weights[i];
      }
      let u = rng.uniform() * total;
      let pick = n - 1;
      for (let i = 0; i < n; i++) {
        u -= this.weights[i];
        if (u < 0) {
          pick = i;
          break;
        }
      }
      const w = this.search.ids[pick];
      out[outOff + t] = w;
      present[w] = stamp;
      lm.advance(this.state, 0, w, this.next, 0);
      [this.state, this.next] = [this.next, this.state];
    }
  }
}
