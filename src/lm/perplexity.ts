/**
 * Perplexity, as the paper's evaluation computes it: the token stream is cut into blocks
 * (64 tokens in the paper) and each block is scored on its own, the first tokens with the
 * shorter context available inside the block (a causal LM sees nothing before its block).
 *   PPL = exp( −(1/N) Σ_i log p(w_i | w_{block start … i−1}) ).
 */
import { assertInteger, invalid } from "../validate";
import type { InterpolatedLm } from "./interpolatedLm";

/** p(w_i | context inside its block) for every token, into a Float64Array. */
export function tokenProbabilities(lm: InterpolatedLm, tokens: ArrayLike<number>, blockSize: number): Float64Array {
  assertInteger(blockSize, "blockSize", 1);
  const out = new Float64Array(tokens.length);
  let state = lm.newState();
  let next = lm.newState();
  for (let i = 0; i < tokens.length; i++) {
    if (i % blockSize === 0) lm.initState(tokens, i, i, state, 0);
    const w = tokens[i];
    if (!(w >= 0 && w < lm.vocabSize)) invalid(`tokens[${i}]`, `a token id in [0, ${lm.vocabSize - 1}]`, w);
    out[i] = lm.prob(state, 0, w);
    lm.advance(state, 0, w, next, 0);
    [state, next] = [next, state];
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
