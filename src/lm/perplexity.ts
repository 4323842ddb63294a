/**
 * Perplexity, as the paper's evaluation computes it: the token stream is cut into blocks
 * (64 tokens in the paper) and each block is scored on its own, the first tokens with the
 * shorter context available inside the block (a causal LM sees nothing before its block).
 *   PPL = exp( −(1/N) Σ_i log p(w_i | w_{block start … i−1}) ).
 */
import { assertInteger, invalid } from "../validate";
import type { InterpolatedLm } from "./interpolatedLm";
import { scoreBlocks } from "./blockScoring";

/** Tokens scored per chunk: whole blocks, so that a component's scores stay in cache until they are mixed. */
const CHUNK_TOKENS = 1 << 12;

/**
 * p(w_i | context inside its block) for every token, into a Float64Array. Each component
 * scores a chunk of whole blocks on its own (./blockScoring.ts), then the chunk is mixed
 * as `InterpolatedLm.prob` mixes: p = 0, then p += λ_m p_m for every λ_m > 0 in order,
 * so the numbers are the same bit for bit.
 */
export function tokenProbabilities(lm: InterpolatedLm, tokens: ArrayLike<number>, blockSize: number): Float64Array {
  assertInteger(blockSize, "blockSize", 1);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i];
    if (!(w >= 0 && w < lm.vocabSize)) invalid(`tokens[${i}]`, `a token id in [0, ${lm.vocabSize - 1}]`, w);
  }
  const out = new Float64Array(tokens.length);
  const chunk = Math.max(1, Math.floor(CHUNK_TOKENS / blockSize)) * blockSize;
  const scores = new Float64Array(Math.min(chunk, tokens.length));
  for (let start = 0; start < tokens.length; start += chunk) {
    const end = Math.min(tokens.length, start + chunk);
    for (let m = 0; m < lm.components.length; m++) {
      const lambda = lm.weights[m];
      if (!(lambda > 0)) continue;
      scoreBlocks(lm.components[m], tokens, start, end, blockSize, scores);
      for (let i = start; i < end; i++) out[i] += lambda * scores[i - start];
    }
  }
  return out;
}

/** Perplexity of a token stream scored in blocks of `blockSize`. */
export function perplexity(lm: InterpolatedLm, tokens: ArrayLike<number>, blockSize: number): number {
  if (tokens.length < 1) invalid("tokens", "a non-empty token sequence", tokens.length);
  const p = tokenProbabilities(lm, tokens, blockSize);
  let nll = 0;
  for (let i = 0; i < p.length; i++) nll -= Math.log(p[i]);
  return Math.exp(nll / p.length);
}

/** Perplexity of every block of `blockSize` tokens (the last block may be shorter). */
export function blockPerplexities(lm: InterpolatedLm, tokens: ArrayLike<number>, blockSize: number): Float64Array {
  const p = tokenProbabilities(lm, tokens, blockSize);
  const out = new Float64Array(Math.ceil(p.length / blockSize));
  for (let b = 0; b < out.length; b++) {
    let nll = 0;
    const end = Math.min(p.length, (b + 1) * blockSize);
    for (let i = b * blockSize; i < end; i++) nll -= Math.log(p[i]);
    out[b] = Math.exp(nll / (end - b * blockSize));
  }
  return out;
}
