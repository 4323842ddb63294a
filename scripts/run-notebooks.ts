/**
 * `npm run notebooks [-- NAME…]`: executes the notebooks in notebooks/ through
 * the tslab kernel and, with --in-place (what the npm script passes), writes
 * fresh outputs into the ones that ran cleanly. NAME may be a path or a
 * notebook's file name with or without ".ipynb"; without names, all run.
 * Prints one line per notebook with its time; exits 1 if any failed.
 *
 * Options: --in-place, --cell-timeout-ms=N (default: NOTEBOOK_CELL_TIMEOUT_MS or 120000).
 */
import { existsSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { killAllKernels } from "./jupyter/kernel";
import { listNotebooks } from "./notebook-files";
import { cellTimeoutFromEnv, NotebookCellError, runNotebook } from "./notebook-runner";

const projectRoot = resolve(__dirname, "..", "..");
const notebookFolder = join(projectRoot, "notebooks");

function usage(message: string): never {
  console.error(`${message}\nusage: run-notebooks [--in-place] [--cell-timeout-ms=N] [NOTEBOOK…]`);
  process.exit(2);
}

function resolveNotebook(name: string): string {
  const candidates = [resolve(name), join(notebookFolder, name), join(notebookFolder, `${name}.ipynb`)];
  const found = candidates.find((path) => path.endsWith(".ipynb") && existsSync(path));
  if (!found) {
    const known = listNotebooks(notebookFolder).map((path) => basename(path));
    usage(`no notebook "${name}"; notebooks/ has: ${known.join(", ") || "(none)"}`);
  }
  return found;
}

async function main(): Promise<void> {
  let inPlace = false;
  let cellTimeoutMs = cellTimeoutFromEnv();
  const names: string[] = [];
  for (const arg of process.argv.slice(2)) {
    if (arg === "--in-place") inPlace = true;
    else if (arg.startsWith("--cell-timeout-ms=")) {
      cellTimeoutMs = Number(arg.slice("--cell-timeout-ms=".length));
      if (!Number.isInteger(cellTimeoutMs) || cellTimeoutMs <= 0) usage(`${arg}: expected a positive integer`);
    } else if (arg.startsWith("--")) usage(`unknown option ${arg}`);
    else names.push(arg);
  }
  const notebooks = names.length > 0 ? names.map(resolveNotebook) : listNotebooks(notebookFolder);
  if (notebooks.length === 0) {
    console.log("no notebooks in notebooks/ yet: nothing to run");
    return;
  }
  let failed = 0;
  for (const path of notebooks) {
    const shown = relative(process.cwd(), path);
    try {
      const run = await runNotebook(path, { cellTimeoutMs, inPlace });
      const action = inPlace ? "executed, outputs written" : "executed";
      console.log(`ok   ${shown}  ${(run.ms / 1000).toFixed(1)} s  (${run.cells.length} code cells ${action})`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${shown}`);
      console.log(error instanceof NotebookCellError ? error.message : error);
    }
  }
  console.log(`${notebooks.length - failed} passed, ${failed} failed`);
  if (failed > 0) process.exitCode = 1;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllKernels();
    console.log(`\n${signal}: kernels stopped, notebooks left as they were`);
    process.exit(130);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
