/**
 * Word tokenizers. Two kinds of input reach the language model:
 * - wikitext-style token files (wikitext-2 `wiki.train.tokens`): already tokenized, tokens
 *   separated by spaces; `@-@`, `@,@`, `@.@` (split hyphens and number separators),
 *   `<unk>` and heading markers (`= = Title = =`) are tokens and are kept verbatim;
 * - plain English text: words, numbers and punctuation marks become tokens, and a hyphen
 *   inside a word becomes `@-@` as in wikitext, so both inputs share one token style.
 * Line breaks carry no token: the paper's pipeline (HF `group_texts`) concatenates the
 * whole corpus into one stream before cutting it into blocks.
 */

/** Tokens of a wikitext-format text: split on whitespace, everything else kept. */
export function tokenizeWikitext(text: string): string[] {
  const out: string[] = [];
  for (const t of text.split(/\s+/)) if (t.length > 0) out.push(t);
  return out;
}

const WORD = /[A-Za-z0-9]+(?:['’.][A-Za-z0-9]+)*|<unk>|@[-,.]@|\S/g;

/**
 * Tokens of plain English text: runs of letters/digits (with inner apostrophes or dots,
 * as in "don't", "3.5"), `<unk>`, wikitext's `@-@` markers, and any other single
 * non-space character (punctuation). A hyphen between two word characters becomes
 * the separate token `@-@`.
 */
export function tokenizePlainText(text: string): string[] {
  const spaced = text.replace(/(\w)-(?=\w)/g, "$1 @-@ ");
  const out = spaced.match(WORD);
  return out ? Array.from(out) : [];
}
