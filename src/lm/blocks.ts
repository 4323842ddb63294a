/**
 * A dataset of fixed-size token blocks, the unit of the paper's LM experiment: the corpus
 * stream is cut into 64-token blocks (HF `group_texts` drops the remainder), each block is
 * one training sequence, and each block of generation i is continued to make generation
 * i + 1. Rows of the generational loop are blocks.
 */
import type { DataOps } from "../loop/runGenerations";
import { assertInteger, invalid } from "../validate";

export interface TokenBlocks {
  readonly blockSize: number;
  /** Concatenated blocks; length = count · blockSize. */
  readonly tokens: Int32Array;
}

export function blockCount(b: TokenBlocks): number {
  return b.tokens.length / b.blockSize;
}

/**
 * Cuts a token stream into blocks of `blockSize`, starting at `offset` and dropping the
 * incomplete tail; `maxBlocks` keeps only the first blocks (for small live runs).
 */
export function toBlocks(stream: Int32Array, blockSize: number, offset = 0, maxBlocks = Infinity): TokenBlocks {
  assertInteger(blockSize, "blockSize", 1);
  assertInteger(offset, "offset", 0);
  let n = Math.floor(Math.max(0, stream.length - offset) / blockSize);
  if (maxBlocks !== Infinity) {
    assertInteger(maxBlocks, "maxBlocks", 1);
    n = Math.min(n, maxBlocks);
  }
  if (n < 1) invalid("stream.length", `at least offset + blockSize = ${offset + blockSize} tokens (one block)`, stream.length);
  return { blockSize, tokens: stream.slice(offset, offset + n * blockSize) };
}

/** DataOps for token blocks, so they plug into runGenerations. */
export const blockOps: DataOps<TokenBlocks> = {
  size: blockCount,
  select(b, idx) {
    const k = b.blockSize;
    const out = new Int32Array(idx.length * k);
    for (let i = 0; i < idx.length; i++) out.set(b.tokens.subarray(idx[i] * k, idx[i] * k + k), i * k);
    return { blockSize: k, tokens: out };
  },
  concat(parts) {
    const k = parts[0].blockSize;
    parts.forEach((p, i) => {
      if (p.blockSize !== k) invalid(`parts[${i}].blockSize`, `${k} (all parts share one block size)`, p.blockSize);
    });
    const out = new Int32Array(parts.reduce((s, p) => s + p.tokens.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p.tokens, at);
      at += p.tokens.length;
    }
    return { blockSize: k, tokens: out };
  },
};
