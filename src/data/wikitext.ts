/**
 * Loader for wikitext-2 (Merity et al. 2016), the paper's fine-tuning corpus, from a
 * folder the user provides (no download here). Accepted file names:
 * `wiki.train.tokens` / `wiki.valid.tokens` / `wiki.test.tokens` (the original release)
 * or `train.txt` / `valid.txt` (or `validation.txt`) / `test.txt`. Tokens are kept as
 * wikitext writes them (`@-@`, `<unk>`, `= = Heading = =`).
 * Pretraining uses the whole Brown corpus (./brown.ts), standing in for OPT's web corpus.
 */
import * as fs from "fs";
import * as path from "path";
import { tokenizeWikitext } from "../lm/tokenizer";
import type { CorpusText } from "../lm/corpus";
import { brownDir, brownFiles, brownTokens } from "./brown";

const CANDIDATES: Record<"train" | "validation" | "test", readonly string[]> = {
  train: ["wiki.train.tokens", "train.txt"],
  validation: ["wiki.valid.tokens", "valid.txt", "validation.txt"],
  test: ["wiki.test.tokens", "test.txt"],
};

/** Paths of the three split files in `dir`; throws naming the missing files. */
export function findWikitextFiles(dir: string): { train: string; validation: string; test: string } {
  if (typeof dir !== "string" || !fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new RangeError(`wikitext dir must be an existing folder holding wiki.{train,valid,test}.tokens or {train,valid,test}.txt, got ${JSON.stringify(dir)}`);
  }
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const [split, names] of Object.entries(CANDIDATES)) {
    const name = names.find((n) => fs.existsSync(path.join(dir, n)));
    if (name) found[split] = path.join(dir, name);
    else missing.push(`${split} (${names.join(" or ")})`);
  }
  if (missing.length) throw new RangeError(`wikitext dir ${JSON.stringify(dir)} is missing files: ${missing.join("; ")}`);
  return found as { train: string; validation: string; test: string };
}

/** Wikitext splits from `dir`; `base` is the given pretraining tokens or the whole Brown corpus. */
export function loadWikitext(dir: string, base?: string[]): CorpusText {
  const files = findWikitextFiles(dir);
  const read = (f: string) => tokenizeWikitext(fs.readFileSync(f, "utf8"));
  let baseTokens = base;
  if (!baseTokens) {
    const bdir = brownDir();
    baseTokens = [...brownFiles(bdir).values()].flat().flatMap((f) => brownTokens(fs.readFileSync(path.join(bdir, f), "utf8")));
  }
  return {
    name: `wikitext:${path.basename(path.resolve(dir))}`,
    description: `wikitext from ${dir} (train/valid/test as released); pretraining: ${base ? "given tokens" : "the whole Brown corpus"}.`,
    base: baseTokens,
    train: read(files.train),
    validation: read(files.validation),
    test: read(files.test),
  };
}
