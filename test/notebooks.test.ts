/**
 * Every notebook in notebooks/ runs end to end through the real tslab kernel,
 * one test per notebook, and within the README's promise of under 60 s of wall
 * time per notebook (kernel start-up included). A failure names the notebook,
 * the cell, the cell's first line and what tslab wrote to stderr (see
 * scripts/notebook-runner.ts); a notebook over the time limit is named with its
 * time and its slowest cells.
 *
 * Limits: NOTEBOOK_TIME_LIMIT_MS for the whole notebook (default 60 s);
 * NOTEBOOK_CELL_TIMEOUT_MS per cell (default 120 s), a guard that stops a hung
 * cell. Outputs are not written back: `npm run notebooks` does that.
 *
 * With its solutions filled in, a chapter notebook passes every one of its exercises: the
 * ✅ lines its checks print (src/notebook/exercise.ts) are exactly its exercise ids, in
 * order, and chapters 01–06 have at least three (workshop/README.md).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { checkLines } from "../src/notebook/exercise";
import { parseNotebook } from "../scripts/jupyter/nbformat";
import { exerciseIds } from "../scripts/student-notebooks";
import { listNotebooks } from "../scripts/notebook-files";
import {
  cellTimeoutFromEnv,
  DEFAULT_NOTEBOOK_TIME_LIMIT_MS,
  notebookTimeLimitFailure,
  notebookTimeLimitFromEnv,
  runNotebook,
  type CellRun,
  type NotebookRun,
} from "../scripts/notebook-runner";

const notebookFolder = join(resolve(__dirname, "..", ".."), "notebooks");
const notebooks = listNotebooks(notebookFolder);
const cellTimeoutMs = cellTimeoutFromEnv();
const notebookLimitMs = notebookTimeLimitFromEnv();

for (const path of notebooks) {
  test(basename(path), async (t) => {
    const run = await runNotebook(path, { cellTimeoutMs });
    const slowest = run.cells.reduce((a, b) => (b.ms > a.ms ? b : a), run.cells[0]);
    t.diagnostic(
      `${basename(path)}: ${(run.ms / 1000).toFixed(1)} s wall time, ${run.cells.length} code cells` +
        (slowest ? `, slowest cell ${slowest.index + 1} (${(slowest.ms / 1000).toFixed(1)} s)` : ""),
    );
    const overTime = notebookTimeLimitFailure(run, notebookLimitMs);
    if (overTime) assert.fail(overTime);
    const ids = exerciseIds(parseNotebook(readFileSync(path, "utf8"), path), basename(path));
    const verdicts = checkLines(run.cells.map((c) => c.stdout).join("\n"));
    assert.deepEqual(verdicts, ids.map((id) => ({ outcome: "correct", id })), `${basename(path)}: every exercise's check passes with the reference solution`);
  });
}

const WORKSHOP_CHAPTERS = ["01", "02", "03", "04", "05", "06"];

for (const path of notebooks) {
  const chapter = basename(path).slice(0, 2);
  const ids = () => exerciseIds(parseNotebook(readFileSync(path, "utf8"), path), basename(path));
  if (WORKSHOP_CHAPTERS.includes(chapter)) {
    test(`${basename(path)} has at least three exercises (each with a solution region; exercise() itself refuses fewer than 2 hints)`, () => {
      assert.ok(ids().length >= 3, `${basename(path)} has ${ids().length} exercises`);
    });
  } else if (chapter !== "00" && ids().length < 3) {
    test(`${basename(path)} has at least three exercises`, { todo: `issue 9 asks for three exercises in every chapter; it has ${ids().length}` }, () => undefined);
  }
}

if (notebooks.length === 0) {
  test("notebooks/*.ipynb", { skip: "notebooks/ has no notebooks yet" }, () => undefined);
}

/** A fake run: cells (index, ms, first line) and the notebook's total wall time. */
function fakeRun(totalMs: number, cells: [number, number, string][]): NotebookRun {
  const cellRuns: CellRun[] = cells.map(([index, ms, sourceFirstLine]) => ({ index, executionCount: index, ms, sourceFirstLine, stdout: "", stderr: "" }));
  return { path: "/nowhere/notebooks/09-slow.ipynb", cells: cellRuns, ms: totalMs };
}

test("time limit: a notebook at or under the limit passes, one over it is named with its time and slowest cells", () => {
  const cells: [number, number, string][] = [
    [1, 2_000, "import { show } from './src/notebook/show';"],
    [3, 31_000, "const runs = gmmDistanceRuns({ n: 200000 });"],
    [5, 500, "await show(fig);"],
    [6, 18_000, "const bands = seedBands(1000);"],
    [8, 9_000, "const lm = runCollapse('b');"],
  ];
  assert.equal(DEFAULT_NOTEBOOK_TIME_LIMIT_MS, 60_000, "the README promises under 60 s");
  assert.equal(notebookTimeLimitFailure(fakeRun(60_000, cells), 60_000), undefined);
  assert.equal(notebookTimeLimitFailure(fakeRun(59_999, cells), 60_000), undefined);
  const message = notebookTimeLimitFailure(fakeRun(72_400, cells), 60_000);
  assert.ok(message);
  assert.match(message, /09-slow\.ipynb took 72\.4 s, over the 60\.0 s limit/);
  // Slowest first, numbered from 1 like the notebook's cells, with their first lines.
  assert.match(
    message,
    /slowest cells:\n {4}cell 4: 31\.0 s {2}const runs = gmmDistanceRuns\(\{ n: 200000 \}\);\n {4}cell 7: 18\.0 s {2}const bands = seedBands\(1000\);\n {4}cell 9: 9\.0 s {2}const lm = runCollapse\('b'\);\n/,
  );
  // 72.4 − (31 + 18 + 9) = 14.4 s for the kernel start-up and the two other cells.
  assert.match(message, /kernel start-up and the other 2 cells: 14\.4 s$/);
  assert.match(notebookTimeLimitFailure(fakeRun(5_000, cells), 1_000, 1) ?? "", /took 5\.0 s, over the 1\.0 s limit[\s\S]*cell 4: 31\.0 s[\s\S]*the other 4 cells/);
});

test("time limit: NOTEBOOK_TIME_LIMIT_MS sets it, a bad value throws instead of meaning the default", () => {
  assert.equal(notebookTimeLimitFromEnv({}), 60_000);
  assert.equal(notebookTimeLimitFromEnv({ NOTEBOOK_TIME_LIMIT_MS: " " }), 60_000);
  assert.equal(notebookTimeLimitFromEnv({ NOTEBOOK_TIME_LIMIT_MS: "90000" }), 90_000);
  for (const bad of ["0", "-5", "1.5", "60s"]) {
    assert.throws(() => notebookTimeLimitFromEnv({ NOTEBOOK_TIME_LIMIT_MS: bad }), new RegExp(`NOTEBOOK_TIME_LIMIT_MS must be a positive integer number of ms, got "${bad}"`));
  }
});

test("time limit: a real run of a fixture notebook over a lowered limit names it, its time and its slowest cells", async () => {
  const fixture = join(resolve(__dirname, "..", "..", "test", "fixtures"), "passing.ipynb");
  const run = await runNotebook(fixture, { cellTimeoutMs });
  assert.equal(notebookTimeLimitFailure(run, run.ms), undefined, "exactly at the limit passes");
  const message = notebookTimeLimitFailure(run, 1, 2) ?? "";
  assert.match(message, new RegExp(`passing\\.ipynb took ${(run.ms / 1000).toFixed(1)} s, over the 0\\.0 s limit`));
  const cellLines = message.split("\n").filter((line) => line.startsWith("    cell "));
  assert.equal(cellLines.length, 2, message);
  for (const line of cellLines) {
    const [, number] = /^ {4}cell (\d+): \d+\.\d s {2}/.exec(line) ?? [];
    const cell = run.cells.find((c) => c.index + 1 === Number(number));
    assert.ok(cell && cell.sourceFirstLine !== "" && line.endsWith(cell.sourceFirstLine), `${line} names a cell by its first line`);
  }
  assert.match(message, /kernel start-up and the other 4 cells: \d+\.\d s$/);
});
