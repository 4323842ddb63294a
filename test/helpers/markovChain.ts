/**
 * The test corpus of chapter 07's transformer: a Markov chain on 8 states where state s is
 * followed by s + 1 with probability 0.8 and by s + 3 with probability 0.2 (mod 8), from a
 * random first state. Its entropy rate is −0.8 ln 0.8 − 0.2 ln 0.2 = 0.50 nats (perplexity
 * 1.65), and a mode-seeking decoder always takes s + 1 (perplexity 1.25).
 */
import { Rng } from "../../src/random/rng";
import type { LmCorpus } from "../../src/lm/corpus";

export function markovChain(length: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const s = new Int32Array(length);
  s[0] = rng.uniformInt(8);
  for (let i = 1; i < length; i++) s[i] = (s[i - 1] + (rng.uniform() < 0.8 ? 1 : 3)) % 8;
  return s;
}

/** A corpus of the chain: every split drawn from it, with the given sizes. */
export function markovCorpus(sizes: { base: number; train: number; validation: number; test: number }): LmCorpus {
  return {
    name: "chain",
    description: "8-state Markov chain, s → s+1 (0.8) or s+3 (0.2)",
    vocab: Array.from({ length: 8 }, (_, i) => `s${i}`),
    base: markovChain(sizes.base, 1),
    train: markovChain(sizes.train, 2),
    validation: markovChain(sizes.validation, 3),
    test: markovChain(sizes.test, 4),
  };
}
