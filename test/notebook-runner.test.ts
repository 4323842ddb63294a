/**
 * The notebook runner against the real tslab kernel, on the small fixture
 * notebooks in test/fixtures/ (each cell there says what it exercises).
 * Expected texts come from the fixtures' own code and from tslab's documented
 * behaviour: type errors as "line:col - message" on stderr, runtime errors as
 * a stack trace on stderr, the last expression's value printed to stdout.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  cellTimeoutFromEnv,
  DEFAULT_CELL_TIMEOUT_MS,
  NotebookCellError,
  runNotebook,
  type NotebookRun,
  type RunNotebookOptions,
} from "../scripts/notebook-runner";

const fixtures = resolve(__dirname, "..", "..", "test", "fixtures");

/** True while the process exists and is not a zombie awaiting its reaper. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !(existsSync(stat) && readFileSync(stat, "utf8").split(") ")[1]?.startsWith("Z"));
}

async function waitUntilGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

async function expectCellError(path: string, options: RunNotebookOptions = {}): Promise<NotebookCellError> {
  try {
    await runNotebook(path, options);
  } catch (error) {
    assert.ok(error instanceof NotebookCellError, `expected a NotebookCellError, got ${String(error)}`);
    return error;
  }
  assert.fail(`${path} ran without the error it was written to raise`);
}

/**
 * The passing fixture runs once, in place on a copy in a temporary folder;
 * the tests below each check one aspect of that run (a kernel start costs
 * seconds, so it is shared).
 */
let passingRun: Promise<{ folder: string; run: NotebookRun; written: string }> | undefined;
function runPassingCopy() {
  passingRun ??= (async () => {
    const folder = mkdtempSync(join(tmpdir(), "collapse-lab-runner-"));
    const path = join(folder, "copy.ipynb");
    copyFileSync(join(fixtures, "passing.ipynb"), path);
    const run = await runNotebook(path, { inPlace: true });
    return { folder, run, written: readFileSync(path, "utf8") };
  })();
  return passingRun;
}

after(async () => {
  if (passingRun) rmSync((await passingRun).folder, { recursive: true, force: true });
});

test("a passing notebook runs every code cell in the notebook's folder, in order", async () => {
  const { folder, run } = await runPassingCopy();
  // Cell 0 is markdown: code cells are 1..6 and run as executions 1..6.
  assert.deepEqual(
    run.cells.map((cell) => [cell.index, cell.executionCount]),
    [1, 2, 3, 4, 5, 6].map((index) => [index, index]),
  );
  assert.equal(run.cells[0].stdout, `hello from the kernel\ncwd=${folder}\n`);
  assert.equal(run.cells[5].stdout, "42\n", "tslab prints the last expression's value");
  assert.ok(run.cells.every((cell) => cell.stderr === ""));
});

test("shutdown also ends processes the kernel started (like show()'s headless Chromium)", async () => {
  const { run } = await runPassingCopy();
  const match = /child pid (\d+)/.exec(run.cells[4].stdout);
  assert.ok(match, `the fixture prints its child's pid, got ${JSON.stringify(run.cells[4].stdout)}`);
  assert.ok(await waitUntilGone(Number(match[1]), 2000), `child ${match[1]} outlived the kernel`);
});

test("in place, outputs are written in nbformat 4: merged streams, updated displays, mime bundles", async () => {
  const { folder, written } = await runPassingCopy();
  const [markdown, stdout, html, updated, bundle] = JSON.parse(written).cells;
  assert.equal(markdown.outputs, undefined, "markdown cells get no outputs");
  assert.equal(stdout.execution_count, 1);
  // Two console.log calls arrive as two stream messages but make one output, split into lines.
  assert.deepEqual(stdout.outputs, [
    { name: "stdout", output_type: "stream", text: ["hello from the kernel\n", `cwd=${folder}\n`] },
  ]);
  assert.deepEqual(html.outputs, [
    { data: { "text/html": ["<b>shown by tslab</b>"] }, metadata: {}, output_type: "display_data" },
  ]);
  // update_display_data replaced the first text in place: one output, the last text.
  assert.deepEqual(updated.outputs, [
    { data: { "text/plain": ["step 2 of 2"] }, metadata: {}, output_type: "display_data" },
  ]);
  // A JSON mime type stays an object; text/plain is split into lines.
  assert.deepEqual(bundle.outputs[0].data, {
    "application/vnd.plotly.v1+json": { data: [{ y: [1, 2] }], layout: {} },
    "text/plain": ["figure: 1 trace\n", "second line"],
  });
  assert.ok(written.startsWith('{\n "cells": [\n'), "Jupyter's layout: indent 1");
});

test("a type error fails with the cell number, its first line and tslab's diagnostic; the file is left as it was", async () => {
  const folder = mkdtempSync(join(tmpdir(), "collapse-lab-runner-"));
  try {
    const path = join(folder, "type-error.ipynb");
    copyFileSync(join(fixtures, "type-error.ipynb"), path);
    const before = readFileSync(path, "utf8");
    const error = await expectCellError(path, { inPlace: true });
    assert.equal(error.failure.cellIndex, 1);
    assert.equal(error.failure.reason, "error");
    assert.match(error.failure.stderr, /1:7 - Type 'string' is not assignable to type 'number'/);
    assert.match(error.message, /type-error\.ipynb: cell 2 of 3 failed/);
    assert.match(error.message, /first line: const broken: number = "not a number";/);
    assert.match(error.message, /is not assignable to type 'number'/);
    assert.equal(readFileSync(path, "utf8"), before, "a failed run must not replace the committed outputs");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("a runtime throw fails with the cell number and the stack trace from stderr", async () => {
  const error = await expectCellError(join(fixtures, "runtime-error.ipynb"));
  assert.equal(error.failure.cellIndex, 2);
  assert.match(error.failure.stderr, /Error: fixture exploded on purpose\n\s+at explode/);
  assert.match(error.message, /runtime-error\.ipynb: cell 3 of 4 failed/);
  assert.match(error.message, /first line: function explode\(\): never \{/);
  assert.doesNotMatch(error.failure.stdout, /must not run/);
});

test("a cell over the per-cell timeout fails as a timeout and its kernel's processes are ended", async () => {
  const error = await expectCellError(join(fixtures, "slow-cell.ipynb"), { cellTimeoutMs: 2000 });
  assert.equal(error.failure.reason, "timeout");
  assert.equal(error.failure.cellIndex, 1);
  assert.match(error.message, /slow-cell\.ipynb: cell 2 of 2 timed out after 2000 ms/);
  const match = /child pid (\d+)/.exec(error.failure.stdout);
  assert.ok(match, "what the cell printed before the deadline is kept");
  assert.ok(await waitUntilGone(Number(match[1]), 2000), `child ${match[1]} outlived the timed-out kernel`);
});

test("a cell that ends the kernel process fails as kernel-died, with the exit code and what it wrote", async () => {
  const error = await expectCellError(join(fixtures, "kernel-exit.ipynb"));
  assert.equal(error.failure.reason, "kernel-died");
  assert.equal(error.failure.cellIndex, 0);
  assert.match(error.message, /kernel-exit\.ipynb: cell 1 of 1 killed the kernel/);
  assert.match(error.failure.stderr, /about to exit/);
  assert.match(error.failure.stderr, /exited \(code 3/);
});

test("the timeout comes from NOTEBOOK_CELL_TIMEOUT_MS and rejects values that are not positive integers", () => {
  assert.equal(cellTimeoutFromEnv({}), DEFAULT_CELL_TIMEOUT_MS);
  assert.equal(DEFAULT_CELL_TIMEOUT_MS, 120_000);
  assert.equal(cellTimeoutFromEnv({ NOTEBOOK_CELL_TIMEOUT_MS: "5000" }), 5000);
  for (const bad of ["0", "-1", "1.5", "soon"]) {
    assert.throws(() => cellTimeoutFromEnv({ NOTEBOOK_CELL_TIMEOUT_MS: bad }), /NOTEBOOK_CELL_TIMEOUT_MS.*positive integer/);
  }
});

test("runNotebook rejects a bad cellTimeoutMs before starting a kernel", async () => {
  await assert.rejects(runNotebook(join(fixtures, "passing.ipynb"), { cellTimeoutMs: 0 }), /cellTimeoutMs must be a positive integer/);
});
