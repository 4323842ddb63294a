/**
 * `npm run workshop-timing [-- NAME…]`: the numbers behind the plans in workshop/README.md.
 * For each chapter notebook (solutions filled in, so every check runs its simulation) it
 * measures, through the real tslab kernel: the wall time of a run top to bottom, and the
 * time of each exercise cell (the answer computed and checked). It counts the words of the
 * markdown cells, for a reading time at 200 words a minute, and lists each exercise with
 * its kind (from its "**Exercise NN.k — kind.**" heading). Prints a markdown table.
 */
import { readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { joinSource, parseNotebook } from "./jupyter/nbformat";
import { chapterNotebooks } from "./notebook-files";
import { runNotebook } from "./notebook-runner";
import { checkLines } from "../src/notebook/exercise";
import { isExerciseCell } from "./student-notebooks";

const projectRoot = resolve(__dirname, "..", "..");
const WORDS_PER_MINUTE = 200;

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const chapters = chapterNotebooks(join(projectRoot, "notebooks")).filter((p) => names.length === 0 || names.some((n) => basename(p).startsWith(n)));
  console.log("| notebook | run, top to bottom | reading (words ÷ 200/min) | exercise | kind | its cell |");
  console.log("|---|---|---|---|---|---|");
  for (const path of chapters) {
    const notebook = parseNotebook(readFileSync(path, "utf8"), path);
    const markdown = notebook.cells.filter((c) => c.cell_type === "markdown").map((c) => joinSource(c.source));
    const words = markdown.join(" ").split(/\s+/).filter(Boolean).length;
    const kinds = new Map([...markdown.join("\n").matchAll(/\*\*Exercise (\d{2}\.\d+) — ([^.*]+)\.\*\*/g)].map((m) => [m[1], m[2]]));
    const run = await runNotebook(path);
    const exerciseCells = run.cells.filter((c) => isExerciseCell(notebook.cells[c.index]));
    const head = `| ${basename(path, ".ipynb")} | ${(run.ms / 1000).toFixed(1)} s | ${(words / WORDS_PER_MINUTE).toFixed(0)} min (${words} words)`;
    if (exerciseCells.length === 0) console.log(`${head} | — | — | — |`);
    const seen = new Set<string>();
    exerciseCells.forEach((cell, i) => {
      // The solution region names the exercise; a cell that only checks (its answer was given
      // earlier, e.g. a prediction made before a run) is named by the check line it printed.
      const id = /BEGIN SOLUTION (\d{2}\.\d+)/.exec(joinSource(notebook.cells[cell.index].source))?.[1] ?? checkLines(cell.stdout)[0]?.id ?? "?";
      const kind = seen.has(id) ? "(its check)" : kinds.get(id) ?? "?";
      seen.add(id);
      console.log(`${i === 0 ? head : "| | |"} | ${id} | ${kind} | ${(cell.ms / 1000).toFixed(2)} s |`);
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
