/**
 * Loader for wikitext-2 (Merity et al. 2016), the paper's fine-tuning corpus, from files the
 * user provides (no download here): a folder holding the three splits, or one path per
 * split. In a folder, the accepted names are `wiki.train.tokens` / `wiki.valid.tokens` /
 * `wiki.test.tokens` (the original release) or `train.txt` / `valid.txt` (or
 * `validation.txt`) / `test.txt`; explicit paths may have any name. Tokens are kept as
 * wikitext writes them (`@-@`, `<unk>`, `= = Heading = =`). Every error names the file, and
 * the corpus description says which files were loaded and how many tokens each gave.
 * Pretraining uses the whole Brown corpus (./brown.ts), standing in for OPT's web corpus.
 */
import * as fs from "fs";
import * as path from "path";
import { tokenizeWikitext } from "./tokenizer";
import type { CorpusText } from "./corpusText";
import { brownDir, brownFiles, brownTokens } from "./brown";

/** The file of each split. */
export interface WikitextFiles {
  train: string;
  validation: string;
  test: string;
}

const SPLITS = ["train", "validation", "test"] as const;

const CANDIDATES: Record<keyof WikitextFiles, readonly string[]> = {
  train: ["wiki.train.tokens", "train.txt"],
  validation: ["wiki.valid.tokens", "valid.txt", "validation.txt"],
  test: ["wiki.test.tokens", "test.txt"],
};

/** The original release's file names, for the description. */
const RELEASED: Record<keyof WikitextFiles, string> = { train: "wiki.train.tokens", validation: "wiki.valid.tokens", test: "wiki.test.tokens" };

/** Paths of the three split files in `dir`; throws naming the missing files. */
export function findWikitextFiles(dir: string): WikitextFiles {
  if (typeof dir !== "string" || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new RangeError(`wikitext dir must be an existing folder holding wiki.{train,valid,test}.tokens or {train,valid,test}.txt, got ${JSON.stringify(dir)}`);
  }
  const found: Partial<WikitextFiles> = {};
  const missing: string[] = [];
  for (const split of SPLITS) {
    const name = CANDIDATES[split].find((n) => fs.existsSync(path.join(dir, n)));
    if (name) found[split] = path.join(dir, name);
    else missing.push(`${split} (${CANDIDATES[split].join(" or ")})`);
  }
  if (missing.length) {
    throw new RangeError(`wikitext dir ${JSON.stringify(dir)} is missing files: ${missing.join("; ")} — or pass the files yourself: loadWikitext({ train, validation, test })`);
  }
  return found as WikitextFiles;
}

/** The tokens of one split's file; every failure names the split and the file. */
function readSplit(split: keyof WikitextFiles, file: unknown): string[] {
  if (typeof file !== "string" || file.length === 0) throw new RangeError(`wikitext ${split} file must be a path, got ${JSON.stringify(file)}`);
  if (!fs.existsSync(file)) throw new RangeError(`wikitext ${split} file ${file} does not exist`);
  if (!fs.statSync(file).isFile()) throw new RangeError(`wikitext ${split} file ${file} is not a file`);
  const tokens = tokenizeWikitext(fs.readFileSync(file, "utf8"));
  if (tokens.length === 0) throw new RangeError(`wikitext ${split} file ${file} holds no tokens (it is empty or only whitespace)`);
  return tokens;
}

function wholeBrownTokens(): string[] {
  const dir = brownDir();
  return [...brownFiles(dir).values()].flat().flatMap((f) => brownTokens(fs.readFileSync(path.join(dir, f), "utf8")));
}

/**
 * Wikitext splits from a folder (`loadWikitext(dir)`) or from one file per split
 * (`loadWikitext({ train, validation, test })`); `base` is the given pretraining tokens,
 * or the whole Brown corpus.
 */
export function loadWikitext(source: string | WikitextFiles, base?: string[]): CorpusText {
  const files = typeof source === "string" ? findWikitextFiles(source) : source;
  if (files == null || typeof files !== "object") {
    throw new RangeError(`wikitext source must be a folder or { train, validation, test } file paths, got ${JSON.stringify(source)}`);
  }
  const [train, validation, test] = SPLITS.map((split) => readSplit(split, files[split]));
  const counts = { train: train.length, validation: validation.length, test: test.length };
  const released = SPLITS.every((split) => path.basename(files[split]) === RELEASED[split]);
  const splits = SPLITS.map((split) => `${split} ${files[split]} (${counts[split]} tokens)`).join(", ");
  const folder = typeof source === "string" ? source : path.dirname(files.train);
  return {
    name: `wikitext:${path.basename(path.resolve(folder))}`,
    description: `wikitext${released ? " (the released split files)" : ""}: ${splits}; pretraining: ${base ? `${base.length} given tokens` : "the whole Brown corpus"}.`,
    base: base ?? wholeBrownTokens(),
    train,
    validation,
    test,
  };
}
