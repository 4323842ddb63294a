/**
 * A word vocabulary with a size cap and an unknown token. Ids are dense integers so the
 * n-gram tables can be typed arrays: id 0 is `<unk>`, the rest are the kept words by
 * descending count (ties by first appearance, so the same corpus gives the same ids).
 */
import { assertInteger, invalid } from "../validate";

export const UNK = "<unk>";

export interface VocabularyOptions {
  /** Largest number of entries, `<unk>` included (integer ≥ 2). Default 50 000. */
  maxSize?: number;
  /** Words seen fewer times become `<unk>` (integer ≥ 1). Default 2. */
  minCount?: number;
}

export class Vocabulary {
  readonly words: readonly string[];
  private readonly index: Map<string, number>;

  /** From an explicit word list; `words[0]` must be `<unk>`. */
  constructor(words: readonly string[]) {
    if (words.length < 1 || words[0] !== UNK) invalid("words[0]", `"${UNK}"`, words[0]);
    this.words = words;
    this.index = new Map(words.map((w, i) => [w, i]));
    if (this.index.size !== words.length) invalid("words", "a list without duplicates", words.length);
  }

  /** Builds the vocabulary of one or more token lists. */
  static build(corpora: readonly (readonly string[])[], opts: VocabularyOptions = {}): Vocabulary {
    const maxSize = opts.maxSize ?? 50000;
    const minCount = opts.minCount ?? 2;
    assertInteger(maxSize, "maxSize", 2);
    assertInteger(minCount, "minCount", 1);
    const counts = new Map<string, number>();
    for (const tokens of corpora) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
    counts.delete(UNK);
    const kept = [...counts.entries()].filter(([, c]) => c >= minCount);
    // Map iteration follows first appearance, and Array.sort is stable.
    kept.sort((a, b) => b[1] - a[1]);
    return new Vocabulary([UNK, ...kept.slice(0, maxSize - 1).map(([w]) => w)]);
  }

  get size(): number {
    return this.words.length;
  }

  id(word: string): number {
    return this.index.get(word) ?? 0;
  }

  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.index.get(tokens[i]) ?? 0;
    return out;
  }

  decode(ids: ArrayLike<number>): string[] {
    const out: string[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this.words[ids[i]];
    return out;
  }
}
