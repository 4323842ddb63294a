/**
 * The student notebooks of the workshop track (workshop/README.md): one per chapter
 * notebook notebooks/NN-*.ipynb, written to workshop/student/NN-*.ipynb.
 *
 * - every `// BEGIN SOLUTION id` … `// END SOLUTION` region becomes its `todo()` stub
 *   (src/workshop/solutionRegions.ts), so the exercise's check says "not attempted yet";
 * - exercise cells (a solution region, or a call of an exercise's .check/.hint/.solution)
 *   lose their outputs and execution count, which would show the answer;
 * - every other cell is kept with its outputs, so the figures read well before a run;
 * - relative links in markdown are rebased (the student notebooks sit one folder deeper),
 *   and a first note says where the notebook comes from and how the exercises work.
 * A chapter with no exercises is copied the same way (the note says it has none). Chapters
 * are found by name, so a notebook added later is picked up by the next `npm run student`.
 */
import { basename, join } from "node:path";
import { joinSource, type Notebook, type NotebookCell } from "./jupyter/nbformat";
import { solutionRegions, stubSolutions } from "../src/workshop/solutionRegions";

const EXERCISE_CALL = /\.(check|hint|solution)\(/;

/** True for a cell the student works in: it holds a solution region or calls an exercise. */
export function isExerciseCell(cell: NotebookCell): boolean {
  if (cell.cell_type !== "code") return false;
  const source = joinSource(cell.source);
  return source.includes("// BEGIN SOLUTION") || EXERCISE_CALL.test(source);
}

function asLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The exercise ids of a chapter notebook, in order, each checked against the notebook's chapter number. */
export function exerciseIds(notebook: Notebook, name: string): string[] {
  const chapter = name.slice(0, 2);
  const ids: string[] = [];
  notebook.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    for (const region of solutionRegions(joinSource(cell.source), `${name} cell ${i + 1}`)) {
      if (!region.id.startsWith(`${chapter}.`)) throw new Error(`${name} cell ${i + 1}: exercise ${region.id} belongs to chapter ${region.id.slice(0, 2)}, not ${chapter}`);
      if (ids.includes(region.id)) throw new Error(`${name} cell ${i + 1}: a second solution region for exercise ${region.id}`);
      ids.push(region.id);
    }
  });
  return ids;
}

function note(name: string, exercises: number): NotebookCell {
  const how =
    exercises === 0
      ? "This chapter has no exercises: read it and run it."
      : `It has ${exercises} exercises. In each, replace \`todo()\` by your answer and run the cell: the check prints ✅, ❌ with what is off, or ⏳ while it is not attempted. \`.hint()\` gives the next hint each call, \`.solution()\` the reference solution.`;
  return {
    cell_type: "markdown",
    metadata: {},
    source: asLines(`> **Workshop copy** of [\`notebooks/${name}\`](../../notebooks/${name}), written by \`npm run student\` (do not edit it here: edit the chapter and rerun). ${how} Run the cells from the top; the facilitator's guide is [workshop/README.md](../README.md).`),
  };
}

/** The student version of one chapter notebook (a new object; `notebook` is not modified). */
export function studentNotebook(notebook: Notebook, name: string): Notebook {
  const exercises = exerciseIds(notebook, name).length;
  const cells = notebook.cells.map((cell, i): NotebookCell => {
    if (cell.cell_type === "markdown") {
      return { ...cell, source: asLines(joinSource(cell.source).replace(/\]\(\.\.\//g, "](../../")) };
    }
    if (!isExerciseCell(cell)) return cell;
    return { ...cell, source: asLines(stubSolutions(joinSource(cell.source), `${name} cell ${i + 1}`)), outputs: [], execution_count: null };
  });
  const at = cells.length > 0 && cells[0].cell_type === "markdown" ? 1 : 0;
  cells.splice(at, 0, note(name, exercises));
  return { ...notebook, cells };
}

/** workshop/student/NAME for notebooks/NAME. */
export function studentPath(studentFolder: string, chapterPath: string): string {
  return join(studentFolder, basename(chapterPath));
}
