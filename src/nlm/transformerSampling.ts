/**
 * Ancestral top-k sampling with temperature for the transformer, on the key/value cache
 * (./kvCache.ts): the alternative to beam search (./transformerBeamSearch.ts), with the
 * options of the n-gram chapter's sampler (../lm/sampling.ts). Each step, per sequence,
 * does what Hugging Face's sampling does (its logits processors, then its warpers):
 *   1. the repetition penalty of CTRL (Keskar et al. 2019, §4.1) on the raw logits of every
 *      token already in the prompt or the continuation: a logit < 0 multiplied by the
 *      penalty, one > 0 divided by it, so a repeated token is less likely whatever its
 *      sign; HF's RepetitionPenaltyLogitsProcessor acts on logits here, since sampling has
 *      no log-softmax step (the n-gram sampler has no logits and uses log-probabilities);
 *   2. the logits divided by the temperature;
 *   3. the `topK` largest kept (exactly k: a tie at the boundary goes to the lower token id,
 *      where HF keeps every tied token), and one drawn with probability ∝ exp(logit).
 * One uniform draw of `rng` per sequence per step, sequences in prompt order within each
 * group of prompts of one length (../nlm/decodingPrompts.ts): same seed, same tokens.
 */
import type { Rng } from "../random/rng";
import type { Tf } from "../vae/tensorflow";
import { validateSamplingOptions, type SamplingOptions } from "../lm/sampling";
import { promptGroups } from "./decodingPrompts";
import { KvCache } from "./kvCache";
import type { TransformerParams } from "./transformerParams";

/** The n-gram sampler's options (../lm/sampling.ts): temperature, topK (default 50), repetitionPenalty, newTokens. */
export type TransformerSamplingOptions = SamplingOptions;

export interface SamplingResult {
  /** tokens[i]: the `newTokens` sampled tokens continuing prompt i. */
  tokens: Int32Array[];
}

/** Continues each prompt (token ids, 1 … contextLength − newTokens of them) with sampled tokens. */
export function sampleContinue(tf: Tf, p: TransformerParams, prompts: readonly ArrayLike<number>[], rng: Rng, opts: TransformerSamplingOptions = {}): SamplingResult {
  const options = validateSamplingOptions(opts);
  const groups = promptGroups(prompts, p.config, options.newTokens);
  const result: SamplingResult = { tokens: new Array(prompts.length) };
  for (const group of groups) {
    const out = sampleGroup(tf, p, group.map((i) => prompts[i]), rng, options);
    group.forEach((index, q) => (result.tokens[index] = out[q]));
  }
  return result;
}

/** Sampling for prompts of one length, one cache row each. */
function sampleGroup(tf: Tf, p: TransformerParams, prompts: ArrayLike<number>[], rng: Rng, options: Required<TransformerSamplingOptions>): Int32Array[] {
  const { newTokens: T, temperature, repetitionPenalty: penalty } = options;
  const V = p.config.vocabSize;
  const k = Math.min(options.topK, V);
  const P = prompts.length;
  const L = prompts[0].length;
  const out = prompts.map(() => new Int32Array(T));
  const scores = new Float64Array(V);
  const topScore = new Float64Array(k);
  const topToken = new Int32Array(k);
  const weights = new Float64Array(k);
  const present = new Int32Array(V);
  let stamp = 0;
  const cache = new KvCache(tf, p, P);
  try {
    let logits = cache.prefill(prompts);
    const tokens = new Int32Array(P);
    for (let t = 0; t < T; t++) {
      for (let q = 0; q < P; q++) {
        for (let w = 0; w < V; w++) scores[w] = logits[q * V + w];
        if (penalty !== 1) {
          stamp++;
          for (let i = 0; i < L + t; i++) {
            const w = i < L ? prompts[q][i] : out[q][i - L];
            if (present[w] === stamp) continue;
            present[w] = stamp;
            scores[w] = scores[w] < 0 ? scores[w] * penalty : scores[w] / penalty;
          }
        }
        let n = 0;
        for (let w = 0; w < V; w++) {
          const s = scores[w] / temperature;
          if (n === k && s <= topScore[k - 1]) continue;
          let i = n < k ? n++ : k - 1;
          while (i > 0 && topScore[i - 1] < s) {
            topScore[i] = topScore[i - 1];
            topToken[i] = topToken[i - 1];
            i--;
          }
          topScore[i] = s;
          topToken[i] = w;
        }
        let total = 0;
        for (let i = 0; i < k; i++) total += weights[i] = Math.exp(topScore[i] - topScore[0]);
        let u = rng.uniform() * total;
        let pick = k - 1;
        for (let i = 0; i < k; i++) {
          u -= weights[i];
          if (u < 0) {
            pick = i;
            break;
          }
        }
        tokens[q] = out[q][t] = topToken[pick];
      }
      if (t + 1 < T) logits = cache.step(tokens);
    }
  } finally {
    cache.dispose();
  }
  return out;
}
