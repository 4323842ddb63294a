/** The loader of exported figure JSON that notebooks 04 and 05 use, on temp folders. */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { figuresDir, loadExportedFigure } from "../src/data/exportedFigure";
import { repoRoot } from "../src/data/repoRoot";

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), "exported-"));

test("missing → undefined; present → data, params and the file", () => {
  const dir = temp();
  assert.equal(loadExportedFigure("ch09-none", dir), undefined);
  fs.writeFileSync(path.join(dir, "ch09-x.json"), JSON.stringify({ name: "ch09-x", params: { seed: 3 }, data: { series: [1, 2] } }));
  assert.deepEqual(loadExportedFigure<{ series: number[] }>("ch09-x", dir), { data: { series: [1, 2] }, params: { seed: 3 }, file: path.join(dir, "ch09-x.json") });
  // A file without params (an older export) still loads, with empty params.
  fs.writeFileSync(path.join(dir, "ch09-y.json"), JSON.stringify({ data: 0 }));
  assert.deepEqual(loadExportedFigure("ch09-y", dir), { data: 0, params: {}, file: path.join(dir, "ch09-y.json") });
});

test("the stored figure and its image size come along when the file holds them (notebook 06 shows them as exported)", () => {
  const dir = temp();
  const figure = { data: [{ type: "scatter", y: [1] }], layout: { title: { text: "t" } } };
  fs.writeFileSync(path.join(dir, "ch09-fig.json"), JSON.stringify({ name: "ch09-fig", params: {}, data: [1], width: 700, height: 300, figure }));
  const loaded = loadExportedFigure<number[]>("ch09-fig", dir);
  assert.deepEqual(loaded?.figure, figure);
  assert.deepEqual([loaded?.width, loaded?.height], [700, 300]);
});

test("a broken file is named, with the command that rewrites it", () => {
  const dir = temp();
  fs.writeFileSync(path.join(dir, "ch09-bad.json"), "{ not json");
  assert.throws(() => loadExportedFigure("ch09-bad", dir), (e: Error) => e.message.startsWith(`${path.join(dir, "ch09-bad.json")} is not valid JSON`) && e.message.includes("npm run figures -- --only ch09-bad"));
  fs.writeFileSync(path.join(dir, "ch09-empty.json"), JSON.stringify({ params: { seed: 1 } }));
  assert.throws(() => loadExportedFigure("ch09-empty", dir), new RegExp(`ch09-empty.json holds no "data"`));
});

test("repoRoot and figuresDir find the folder holding package.json from below it", () => {
  const root = temp();
  fs.writeFileSync(path.join(root, "package.json"), "{}");
  const nested = path.join(root, "notebooks", "deep");
  fs.mkdirSync(nested, { recursive: true });
  assert.equal(repoRoot(nested), root);
  assert.equal(figuresDir(nested), path.join(root, "figures"));
  // This project: the figures the notebooks load.
  assert.ok(fs.existsSync(path.join(figuresDir(__dirname), "ch04-gmm-l2-distance.json")));
});

test("a figure without params loads with {}; a JSON array is named as holding no data", () => {
  const dir = temp();
  fs.writeFileSync(path.join(dir, "ch09-bare.json"), JSON.stringify({ data: [1, 2, 3] }));
  assert.deepEqual(loadExportedFigure<number[]>("ch09-bare", dir), { data: [1, 2, 3], params: {}, file: path.join(dir, "ch09-bare.json") });
  fs.writeFileSync(path.join(dir, "ch09-list.json"), "[1, 2]");
  assert.throws(() => loadExportedFigure("ch09-list", dir), new RegExp(`ch09-list.json holds no "data"`));
});

test("with no package.json above, repoRoot is undefined and figuresDir falls back to <start>/figures", (t) => {
  const dir = temp();
  // Depends on the machine: skipped when some folder above the temp dir holds a package.json.
  if (repoRoot(dir) !== undefined) return t.skip(`a package.json exists above ${dir}`);
  assert.equal(figuresDir(dir), path.join(dir, "figures"));
});

test(
  "a file holding JSON null is named in the error, like any file without data",
  () => {
    const dir = temp();
    fs.writeFileSync(path.join(dir, "ch09-null.json"), "null");
    assert.throws(() => loadExportedFigure("ch09-null", dir), new RegExp(`ch09-null.json holds no "data"`));
  },
);
