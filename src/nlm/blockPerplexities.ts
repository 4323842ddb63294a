/**
 * The perplexity of every block of a stream under a transformer, each block scored on its
 * own: the left panels of Nature Fig. 1b,c (docs/theory.md#language-model), which score every
 * generated sequence with the generation-0 model. As `evaluatePerplexity`
 * (./transformerTraining.ts), a causal model with no beginning-of-sequence token predicts a
 * block's tokens 2 … blockSize, so a block's perplexity is exp of the mean of those
 * blockSize − 1 negative log-probabilities.
 */
import type { Tf } from "../vae/tensorflow";
import { assertInteger, invalid } from "../validate";
import { logSumExpRow } from "./decodingPrompts";
import { transformerLogits } from "./transformerForward";
import type { TransformerParams } from "./transformerParams";

/** Logits downloaded per forward pass, about 32 MB of float32 (16 blocks of 64 tokens at 8192 words). */
const LOGITS_PER_PASS = 1 << 23;

/** Perplexity of each whole block of `stream` (an incomplete tail is dropped). */
export function transformerBlockPerplexities(tf: Tf, params: TransformerParams, stream: Int32Array, blockSize = 64): Float64Array {
  const { vocabSize: V, contextLength } = params.config;
  assertInteger(blockSize, "blockSize", 2, contextLength);
  const blocks = Math.floor(stream.length / blockSize);
  if (blocks < 1) invalid("stream.length", `at least blockSize = ${blockSize} tokens (one block)`, stream.length);
  const perPass = Math.max(1, Math.floor(LOGITS_PER_PASS / (blockSize * V)));
  const out = new Float64Array(blocks);
  for (let b = 0; b < blocks; b += perPass) {
    const rows = Math.min(perPass, blocks - b);
    const ids = stream.subarray(b * blockSize, (b + rows) * blockSize);
    const logits = transformerLogits(tf, params, ids, rows);
    for (let r = 0; r < rows; r++) {
      let nll = 0;
      for (let t = 0; t < blockSize - 1; t++) {
        // Only the next token's log-probability is needed: its logit minus the row's logsumexp.
        const off = (r * blockSize + t) * V;
        nll -= logits[off + ids[r * blockSize + t + 1]] - logSumExpRow(logits, off, V);
      }
      out[b + r] = Math.exp(nll / (blockSize - 1));
    }
  }
  return out;
}
