/**
 * The wikitext-2 loader as a new user meets it: a folder with the released files, a folder
 * with only some of them, explicit files with any names, an empty file. Every error names
 * the file; the description says what was loaded. Fixture: test/fixtures/wikitext (three
 * tiny split files in the released names); the other cases are written to a temp folder.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findWikitextFiles, loadWikitext } from "../src/data/wikitext";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "wikitext");
const BASE = ["a", "b", "c"];

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wikitext-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

test("the released files: the description lists each file with its token count", () => {
  const c = loadWikitext(FIXTURE, BASE);
  for (const name of ["wiki.train.tokens", "wiki.valid.tokens", "wiki.test.tokens"]) assert.ok(c.description.includes(path.join(FIXTURE, name)), c.description);
  assert.match(c.description, /the released split files/);
  assert.ok(c.description.includes(`train ${path.join(FIXTURE, "wiki.train.tokens")} (${c.train.length} tokens)`), c.description);
  assert.match(c.description, /pretraining: 3 given tokens/);
  assert.deepEqual(c.base, BASE);
});

test("explicit paths per split, with any names; the description does not claim the release", () => {
  const dir = tempDir({ "my-train.txt": "the cat sat = = Heading = =", "dev.txt": "the dog", "held-out.txt": "a cat @-@ like dog" });
  const c = loadWikitext({ train: path.join(dir, "my-train.txt"), validation: path.join(dir, "dev.txt"), test: path.join(dir, "held-out.txt") }, BASE);
  assert.deepEqual(c.train, ["the", "cat", "sat", "=", "=", "Heading", "=", "="]);
  assert.deepEqual(c.validation, ["the", "dog"]);
  assert.deepEqual(c.test, ["a", "cat", "@-@", "like", "dog"]);
  assert.ok(c.description.includes(`validation ${path.join(dir, "dev.txt")} (2 tokens)`), c.description);
  assert.doesNotMatch(c.description, /released/);
});

test("an empty split file fails with a message that names the file", () => {
  const dir = tempDir({ "train.txt": "  \n ", "valid.txt": "x y", "test.txt": "z" });
  assert.throws(() => loadWikitext(dir, BASE), (e: Error) => e.message === `wikitext train file ${path.join(dir, "train.txt")} holds no tokens (it is empty or only whitespace)`);
});

test("a missing or wrong file is named, and a folder with some files says how to pass them", () => {
  const dir = tempDir({ "train.txt": "a b" });
  const missing = path.join(dir, "nope.txt");
  assert.throws(() => loadWikitext({ train: path.join(dir, "train.txt"), validation: missing, test: missing }, BASE), new RegExp(`wikitext validation file ${missing.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} does not exist`));
  assert.throws(() => loadWikitext({ train: dir, validation: missing, test: missing }, BASE), /wikitext train file .* is not a file/);
  assert.throws(() => findWikitextFiles(dir), /missing files: validation \(wiki\.valid\.tokens or valid\.txt or validation\.txt\); test \(wiki\.test\.tokens or test\.txt\) — or pass the files yourself: loadWikitext\(\{ train, validation, test \}\)/);
  assert.throws(() => loadWikitext({ train: "", validation: missing, test: missing } as never, BASE), /wikitext train file must be a path, got ""/);
});
