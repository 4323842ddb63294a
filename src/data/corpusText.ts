/**
 * A corpus as text: a general corpus for pretraining ("base") and a target corpus with
 * fixed train / validation / test splits, as token lists. The loaders of src/data/ make
 * one; the language model (src/lm/corpus.ts) encodes it with a vocabulary.
 */
export interface CorpusText {
  name: string;
  /** How the corpus and its splits were made, from what was actually loaded (shown in notebooks and figure JSON). */
  description: string;
  base: string[];
  train: string[];
  validation: string[];
  test: string[];
}
