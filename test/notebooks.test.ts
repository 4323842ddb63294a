/**
 * Every notebook in notebooks/ runs end to end through the real tslab kernel,
 * one test per notebook. A failure names the notebook, the cell, the cell's
 * first line and what tslab wrote to stderr (see scripts/notebook-runner.ts).
 * Outputs are not written back: `npm run notebooks` does that.
 *
 * Per-cell timeout: NOTEBOOK_CELL_TIMEOUT_MS, default 120 s, generous on
 * purpose (notebooks aim at < 60 s in total on a loaded 2-core machine).
 */
import { test } from "node:test";
import { basename, join, resolve } from "node:path";
import { cellTimeoutFromEnv, listNotebooks, runNotebook } from "../scripts/notebook-runner";

const notebookFolder = join(resolve(__dirname, "..", ".."), "notebooks");
const notebooks = listNotebooks(notebookFolder);
const cellTimeoutMs = cellTimeoutFromEnv();

for (const path of notebooks) {
  test(basename(path), async (t) => {
    const run = await runNotebook(path, { cellTimeoutMs });
    const slowest = run.cells.reduce((a, b) => (b.ms > a.ms ? b : a), run.cells[0]);
    t.diagnostic(
      `${basename(path)}: ${(run.ms / 1000).toFixed(1)} s wall time, ${run.cells.length} code cells` +
        (slowest ? `, slowest cell ${slowest.index + 1} (${(slowest.ms / 1000).toFixed(1)} s)` : ""),
    );
  });
}

if (notebooks.length === 0) {
  test("notebooks/*.ipynb", { skip: "notebooks/ has no notebooks yet" }, () => undefined);
}
