/**
 * The word vocabulary of chapter 7's transformer: at most `size` entries (default 8192,
 * `<unk>` included, so the model's vocabSize is `size` whenever the corpus has enough
 * distinct words), the most frequent words of the training text.
 *
 * A thin adapter over the n-gram chapter's Vocabulary (../lm/vocabulary.ts), whose class
 * it returns: the same `<unk>` at id 0 (the only special token: the paper's blocks are
 * plain 64-token windows of running text, with no BOS or padding), encode and decode.
 * What differs is the order of the kept words. Vocabulary.build breaks count ties by
 * first appearance, so the ids of equally frequent words (and, at the cap, which of them
 * are kept) depend on the order the texts are given in; here ties are broken by the
 * words' UTF-16 code-unit order, which depends on nothing but the counts. Words of any
 * count are kept while there is room (no minimum count): at 8192 entries the cap, not a
 * count threshold, decides.
 */
import type { CorpusText } from "../data/corpusText";
import { encodeCorpus, type LmCorpus } from "../lm/corpus";
import { UNK, Vocabulary } from "../lm/vocabulary";
import { assertInteger, invalid } from "../validate";

/** The transformer's default vocabulary size, `<unk>` included. */
export const WORD_VOCABULARY_SIZE = 8192;

/** Code-unit order, the same in every locale (unlike localeCompare). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The vocabulary of one or more token lists: `<unk>` at id 0, then words by descending
 * count, equal counts in code-unit order, cut at `size` entries. A literal "<unk>" token in
 * the text is counted as the unknown word, not as a word of its own.
 */
export function buildWordVocabulary(corpora: readonly (readonly string[])[], size = WORD_VOCABULARY_SIZE): Vocabulary {
  assertInteger(size, "size", 2);
  const counts = new Map<string, number>();
  corpora.forEach((tokens, i) => {
    if (!Array.isArray(tokens)) invalid(`corpora[${i}]`, "an array of token strings", tokens);
    for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  });
  counts.delete(UNK);
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || byCodeUnits(a[0], b[0]));
  return new Vocabulary([UNK, ...words.slice(0, size - 1).map(([w]) => w)]);
}

/**
 * A corpus encoded for the transformer, as ../lm/corpus.ts's prepareCorpus encodes it for
 * the n-gram model: one vocabulary from base + train (validation and test words outside
 * it become `<unk>`), every split as ids.
 */
export function prepareWordCorpus(text: CorpusText, size = WORD_VOCABULARY_SIZE): LmCorpus {
  return encodeCorpus(text, (corpora) => buildWordVocabulary(corpora, size));
}
