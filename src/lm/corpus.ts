/**
 * A language-modelling corpus ready for the experiment: a general corpus for
 * pretraining ("base") and a target corpus with fixed train / validation / test splits,
 * all encoded with one vocabulary built from base + train (validation and test words
 * outside it become `<unk>`, as in wikitext-2). Plain typed arrays, so it can be sent to
 * worker threads by structured clone.
 */
import { invalid } from "../validate";
import type { CorpusText } from "../data/corpusText";
import { Vocabulary, type VocabularyOptions } from "./vocabulary";

export type { CorpusText };

export interface LmCorpus {
  name: string;
  description: string;
  vocab: string[];
  base: Int32Array;
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export function prepareCorpus(text: CorpusText, opts: VocabularyOptions = {}): LmCorpus {
  return encodeCorpus(text, (corpora) => Vocabulary.build(corpora, opts));
}

/** Every split of `text` encoded with the vocabulary `build` makes from base + train. */
export function encodeCorpus(text: CorpusText, build: (corpora: string[][]) => Vocabulary): LmCorpus {
  for (const split of ["base", "train", "validation", "test"] as const) {
    if (text[split].length === 0) invalid(`corpus ${split} split`, "a non-empty token list (the corpus is empty)", 0);
  }
  const vocab = build([text.base, text.train]);
  return {
    name: text.name,
    description: text.description,
    vocab: vocab.words.slice(),
    base: vocab.encode(text.base),
    train: vocab.encode(text.train),
    validation: vocab.encode(text.validation),
    test: vocab.encode(text.test),
  };
}
