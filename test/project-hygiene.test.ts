/**
 * What a reader of the project meets: every citation resolves inside the project (the paper or
 * docs/theory.md, whose anchors must exist), and notebook cells are typed (no `any`).
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";

const root = path.resolve(__dirname, "..", "..");
const read = (rel: string) => fs.readFileSync(path.join(root, rel), "utf8");

function filesUnder(rel: string, ext: RegExp): string[] {
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const child = path.join(rel, e.name);
    if (e.isSymbolicLink()) return [];
    return e.isDirectory() ? filesUnder(child, ext) : ext.test(e.name) ? [child] : [];
  });
}

const published = () => [
  ...filesUnder("src", /\.ts$/),
  ...filesUnder("scripts", /\.(ts|js|py)$/),
  ...filesUnder("notebooks", /\.ipynb$/),
  ...filesUnder("figures", /\.md$/),
  ...filesUnder("docs", /\.md$/),
  ...filesUnder("workshop", /\.(md|ipynb)$/),
  "README.md",
];

test("no citation of documents outside the project (SPEC, DEVELOPERS.md)", () => {
  const offenders = published().flatMap((f) =>
    read(f)
      .split("\n")
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => /\bSPEC\b|DEVELOPERS\.md/.test(line))
      .map(({ i, line }) => `${f}:${i + 1}: ${line.trim().slice(0, 100)}`),
  );
  assert.deepEqual(offenders, []);
});

test("every docs/theory.md#anchor cited in the project exists in docs/theory.md", () => {
  const theory = read("docs/theory.md");
  const anchors = new Set([...theory.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
  assert.ok(anchors.size >= 10, `docs/theory.md declares ${anchors.size} anchors`);
  const missing = published().flatMap((f) =>
    [...read(f).matchAll(/theory\.md#([a-z0-9-]+)/g)].map((m) => m[1]).filter((a) => !anchors.has(a)).map((a) => `${f}: #${a}`),
  );
  assert.deepEqual(missing, []);
});

test("notebook code cells are typed: no `any`", () => {
  const offenders: string[] = [];
  for (const f of [...filesUnder("notebooks", /\.ipynb$/), ...filesUnder("workshop", /\.ipynb$/)]) {
    const nb = JSON.parse(read(f)) as { cells: { cell_type: string; source: string[] | string }[] };
    nb.cells.forEach((c, i) => {
      const src = Array.isArray(c.source) ? c.source.join("") : c.source;
      if (c.cell_type === "code" && /(:\s*any\b|\bas any\b|<any>|\bany\[\])/.test(src)) offenders.push(`${f} cell ${i}`);
    });
  }
  assert.deepEqual(offenders, []);
});
