/**
 * Beam search for the transformer, on the key/value cache (./kvCache.ts), with the
 * semantics of the n-gram chapter's decoder (../lm/beamSearch.ts), which are those of the
 * paper's code, Hugging Face `generate(num_beams=5, max_new_tokens=64,
 * repetition_penalty=3.0)` without an end-of-sequence token:
 * - a beam's score is the sum of its tokens' log-probabilities after the repetition
 *   penalty. The penalty is CTRL's (Keskar et al. 2019, "CTRL: a conditional transformer
 *   language model for controllable generation", §4.1), as Hugging Face's
 *   RepetitionPenaltyLogitsProcessor applies it inside beam search: to log-softmax scores,
 *   a score < 0 multiplied by the penalty (> 0 divided), for every token already present
 *   in the prompt or in that beam's own continuation. Beam search alone keeps repeating a
 *   high-probability phrase; the penalty is what makes the paper's generated data varied
 *   text rather than loops, so the collapse it measures is not an artefact of degenerate
 *   repetition;
 * - at the first step only one beam per prompt is live (HF starts the others at −1e9);
 * - each step keeps the `beams` best (beam, token) extensions over all live beams;
 * - exactly `newTokens` tokens are generated, so HF's length penalty never changes the
 *   ranking and the best final beam is returned.
 * Ties are broken by beam order, then by token id: deterministic.
 *
 * All prompts of one length and all their beams share one cache (batch = prompts × live
 * beams). Each prompt is fed once, with one row per prompt; the first step's reorder fans
 * each prompt out to its beams, and every later step's moves each chosen extension under
 * its parent's keys and values. Log-softmax, penalty and selection run in JavaScript, in
 * double precision, on the downloaded logits.
 */
import type { Tf } from "../vae/tensorflow";
import { validateBeamOptions, type BeamSearchOptions } from "../lm/beamSearch";
import { logSumExpRow, promptGroups } from "./decodingPrompts";
import { KvCache } from "./kvCache";
import type { TransformerParams } from "./transformerParams";

/** The n-gram beam search's options (../lm/beamSearch.ts) but its n-gram candidate cache: beams 5, newTokens 64, repetitionPenalty 3.0. */
export type TransformerBeamOptions = Omit<BeamSearchOptions, "cache">;

export function validateTransformerBeamOptions(opts: TransformerBeamOptions): Required<TransformerBeamOptions> {
  const { beams, newTokens, repetitionPenalty } = validateBeamOptions(opts);
  return { beams, newTokens, repetitionPenalty };
}

export interface BeamSearchResult {
  /** tokens[i]: the `newTokens` tokens of prompt i's best beam. */
  tokens: Int32Array[];
  /** scores[i]: that beam's summed penalised log-probability (nats). */
  scores: Float64Array;
}

/** Continues each prompt (token ids, 1 … contextLength − newTokens of them) with beam search. */
export function beamSearchContinue(tf: Tf, p: TransformerParams, prompts: readonly ArrayLike<number>[], opts: TransformerBeamOptions = {}): BeamSearchResult {
  const options = validateTransformerBeamOptions(opts);
  const groups = promptGroups(prompts, p.config, options.newTokens);
  const result: BeamSearchResult = { tokens: new Array(prompts.length), scores: new Float64Array(prompts.length) };
  for (const group of groups) searchGroup(tf, p, group.map((i) => prompts[i]), options, group, result);
  return result;
}

/** Beam search over prompts of one length in one cache; writes prompt `indices[i]`'s result. */
function searchGroup(
  tf: Tf,
  p: TransformerParams,
  prompts: ArrayLike<number>[],
  options: Required<TransformerBeamOptions>,
  indices: number[],
  result: BeamSearchResult,
): void {
  const { beams: K, newTokens: T, repetitionPenalty: penalty } = options;
  const V = p.config.vocabSize;
  const P = prompts.length;
  const L = prompts[0].length;
  let seqs = new Int32Array(P * K * T);
  let nextSeqs = new Int32Array(P * K * T);
  let scores = new Float64Array(P * K);
  let nextScores = new Float64Array(P * K);
  const candScore = new Float64Array(K);
  const candBeam = new Int32Array(K);
  const candToken = new Int32Array(K);
  const present = new Int32Array(V);
  let stamp = 0;
  const cache = new KvCache(tf, p, P);
  try {
    let logits = cache.prefill(prompts);
    let live = 1;
    for (let t = 0; t < T; t++) {
      const chosen = Math.min(K, live * V);
      const parents = new Int32Array(P * chosen);
      const tokens = new Int32Array(P * chosen);
      for (let q = 0; q < P; q++) {
        let n = 0;
        for (let b = 0; b < live; b++) {
          const row = q * live + b;
          const off = row * V;
          const lse = logSumExpRow(logits, off, V);
          if (penalty !== 1) {
            stamp++;
            const seq = (q * K + b) * T;
            for (let i = 0; i < L + t; i++) present[i < L ? prompts[q][i] : seqs[seq + i - L]] = stamp;
          }
          const base = scores[q * K + b];
          // Once K candidates are held, a token whose unpenalised score cannot beat the K-th is
          // skipped on its raw logit alone (the penalty only lowers scores); the margin keeps
          // the test conservative against rounding, and every token that passes is scored
          // exactly as before. This replaces a log-softmax pass and most of the arithmetic
          // over the 2.6 M scores of a step at 320 rows: 42 ms of log-softmax alone before.
          let cut = n === K ? cutoff(candScore[K - 1], base, lse) : -Infinity;
          for (let w = 0; w < V; w++) {
            const logit = logits[off + w];
            if (logit <= cut) continue;
            let lp = logit - lse;
            if (penalty !== 1 && present[w] === stamp) lp = lp < 0 ? lp * penalty : lp / penalty;
            const score = base + lp;
            // Keep the K best sorted by score; an earlier (beam, token) wins a tie.
            if (n === K && score <= candScore[K - 1]) continue;
            let i = n < K ? n++ : K - 1;
            while (i > 0 && candScore[i - 1] < score) {
              candScore[i] = candScore[i - 1];
              candBeam[i] = candBeam[i - 1];
              candToken[i] = candToken[i - 1];
              i--;
            }
            candScore[i] = score;
            candBeam[i] = b;
            candToken[i] = w;
            if (n === K) cut = cutoff(candScore[K - 1], base, lse);
          }
        }
        for (let i = 0; i < chosen; i++) {
          const parent = (q * K + candBeam[i]) * T;
          const child = (q * K + i) * T;
          nextSeqs.set(seqs.subarray(parent, parent + t), child);
          nextSeqs[child + t] = candToken[i];
          nextScores[q * K + i] = candScore[i];
          parents[q * chosen + i] = q * live + candBeam[i];
          tokens[q * chosen + i] = candToken[i];
        }
      }
      [seqs, nextSeqs] = [nextSeqs, seqs];
      [scores, nextScores] = [nextScores, scores];
      live = chosen;
      if (t + 1 < T) {
        if (!isIdentity(parents, cache.batch)) cache.reorder(parents);
        logits = cache.step(tokens);
      }
    }
  } finally {
    cache.dispose();
  }
  indices.forEach((index, q) => {
    result.tokens[index] = seqs.slice(q * K * T, q * K * T + T);
    result.scores[index] = scores[q * K];
  });
}

/**
 * A logit at or below this cannot give a score above `worst` in a row of log-sum-exp `lse`
 * from a beam of score `base`: base + (logit − lse) ≤ worst, with a margin far above the
 * rounding of those doubles, so the exact comparison that follows decides every close call.
 */
function cutoff(worst: number, base: number, lse: number): number {
  return worst - base + lse - 1e-9 * (1 + Math.abs(worst) + Math.abs(base) + Math.abs(lse));
}

/** Whether `rows` would keep a cache of `batch` rows as it is. */
function isIdentity(rows: Int32Array, batch: number): boolean {
  if (rows.length !== batch) return false;
  for (let i = 0; i < rows.length; i++) if (rows[i] !== i) return false;
  return true;
}
