/**
 * The synthetic dataset of one generation (Nature Fig. 1b,c protocol; docs/theory.md#language-model): every 64-token block of the
 * current training set is given as the prompt and continued by 64 new tokens; only the
 * new tokens are kept, so the synthetic set has as many blocks, of the same size, as the
 * set it continues.
 */
import { Rng } from "../random/rng";
import { assertInteger, invalid } from "../validate";
import { BeamSearch, type BeamSearchOptions } from "./beamSearch";
import { blockCount, type TokenBlocks } from "./blocks";
import type { InterpolatedLm } from "./interpolatedLm";
import { Sampler, type SamplingOptions } from "./sampling";

export type DecodingOptions = ({ method: "beam" } & BeamSearchOptions) | ({ method: "sample" } & SamplingOptions);

/** A continuation function: prompt tokens[start … end) → out[outOff … outOff + newTokens). */
export type Continuer = (tokens: ArrayLike<number>, start: number, end: number, out: Int32Array, outOff: number) => void;

/** Builds the decoder described by `decoding` (beam search by default settings of the paper). */
export function makeContinuer(lm: InterpolatedLm, decoding: DecodingOptions, rng: Rng): { newTokens: number; run: Continuer } {
  if (decoding.method === "beam") {
    const beam = new BeamSearch(lm, decoding);
    return { newTokens: beam.options.newTokens, run: (t, s, e, o, off) => void beam.continue(t, s, e, o, off) };
  }
  if (decoding.method === "sample") {
    const sampler = new Sampler(lm, decoding);
    return { newTokens: sampler.options.newTokens, run: (t, s, e, o, off) => sampler.continue(t, s, e, rng, o, off) };
  }
  return invalid("decoding.method", '"beam" or "sample"', (decoding as { method: unknown }).method);
}

/**
 * Continues the blocks at `indices` (all blocks by default) and returns the new tokens as
 * blocks of `newTokens`, in the order of `indices`.
 */
export function generateSynthetic(
  lm: InterpolatedLm,
  data: TokenBlocks,
  decoding: DecodingOptions,
  rng: Rng,
  opts: { indices?: Int32Array; signal?: AbortSignal; onBlock?: (done: number, total: number) => void } = {},
): TokenBlocks {
  const n = blockCount(data);
  assertInteger(n, "number of blocks", 1);
  const indices = opts.indices ?? Int32Array.from({ length: n }, (_, i) => i);
  const { newTokens, run } = makeContinuer(lm, decoding, rng);
  const out = new Int32Array(indices.length * newTokens);
  const k = data.blockSize;
  for (let i = 0; i < indices.length; i++) {
    if (opts.signal?.aborted) throw new Error("generation aborted");
    const b = indices[i];
    if (!(b >= 0 && b < n)) invalid(`indices[${i}]`, `a block index in [0, ${n - 1}]`, b);
    run(data.tokens, b * k, b * k + k, out, i * newTokens);
    if (opts.onBlock && (i % 64 === 63 || i === indices.length - 1)) opts.onBlock(i + 1, indices.length);
  }
  return { blockSize: newTokens, tokens: out };
}
