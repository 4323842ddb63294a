/**
 * The reference solution of an exercise, read from its chapter notebook when asked for:
 * the `// BEGIN SOLUTION NN.k` region of notebooks/NN-*.ipynb (src/workshop/solutionRegions.ts).
 * One copy of each solution, in the notebook where it runs and is checked; the student
 * notebooks (workshop/student/) have only the stub, and `.solution()` shows this one.
 */
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../data/repoRoot";
import { solutionRegions } from "./solutionRegions";

/** notebooks/NN-*.ipynb for the chapter number "NN", or undefined. */
export function chapterNotebookPath(chapter: string, root: string): string | undefined {
  const folder = path.join(root, "notebooks");
  if (!fs.existsSync(folder)) return undefined;
  const name = fs.readdirSync(folder).find((f) => f.startsWith(`${chapter}-`) && f.endsWith(".ipynb"));
  return name ? path.join(folder, name) : undefined;
}

/** The code of every solution region of a notebook file, by exercise id. */
export function notebookSolutions(file: string): Map<string, string> {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  const found = new Map<string, string>();
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    for (const r of solutionRegions(source, `${path.basename(file)} cell ${i + 1}`)) found.set(r.id, r.code);
  });
  return found;
}

/** The reference solution of exercise `id` ("01.2"), from its chapter notebook. */
export function chapterSolution(id: string, root: string | undefined = repoRoot()): string {
  if (!root) throw new Error(`solution ${id}: no package.json above ${process.cwd()}, so the chapter notebooks cannot be found`);
  const chapter = id.slice(0, 2);
  const file = chapterNotebookPath(chapter, root);
  if (!file) throw new Error(`solution ${id}: no notebooks/${chapter}-*.ipynb under ${root}`);
  const code = notebookSolutions(file).get(id);
  if (code === undefined) throw new Error(`solution ${id}: ${path.basename(file)} has no "// BEGIN SOLUTION ${id}" region`);
  return code;
}

/** A solution loader for `exercise(…, { solution })`: reads exercise `id` from its chapter notebook when asked. */
export const fromNotebook = (id: string) => (): string => chapterSolution(id);
