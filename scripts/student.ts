/**
 * `npm run student`: writes workshop/student/NN-*.ipynb from every chapter notebook
 * notebooks/NN-*.ipynb (scripts/student-notebooks.ts says what changes) and removes student
 * notebooks whose chapter is gone. `--check` writes nothing and exits 1 when a student
 * notebook is missing, stale or left over (what the test runs).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parseNotebook, serializeNotebook } from "./jupyter/nbformat";
import { chapterNotebooks } from "./notebook-files";
import { studentNotebook, studentPath } from "./student-notebooks";

const projectRoot = resolve(__dirname, "..", "..");

export interface StudentPlan {
  /** Student notebook path → the text it should hold. */
  expected: Map<string, string>;
  /** Student notebooks with no chapter notebook any more. */
  leftOver: string[];
}

export function planStudentNotebooks(root: string = projectRoot): StudentPlan {
  const studentFolder = join(root, "workshop", "student");
  const expected = new Map<string, string>();
  for (const chapter of chapterNotebooks(join(root, "notebooks"))) {
    const notebook = parseNotebook(readFileSync(chapter, "utf8"), chapter);
    expected.set(studentPath(studentFolder, chapter), serializeNotebook(studentNotebook(notebook, basename(chapter))));
  }
  const leftOver = chapterNotebooks(studentFolder).filter((path) => !expected.has(path));
  return { expected, leftOver };
}

/** What is out of date: one line per missing, stale or left-over student notebook. */
export function staleStudentNotebooks(plan: StudentPlan): string[] {
  const problems: string[] = [];
  for (const [path, text] of plan.expected) {
    if (!existsSync(path)) problems.push(`missing: ${basename(path)}`);
    else if (readFileSync(path, "utf8") !== text) problems.push(`stale: ${basename(path)}`);
  }
  for (const path of plan.leftOver) problems.push(`left over (no chapter notebook): ${basename(path)}`);
  return problems;
}

function main(): void {
  const check = process.argv.includes("--check");
  const plan = planStudentNotebooks();
  const problems = staleStudentNotebooks(plan);
  if (check) {
    if (problems.length) {
      console.log(`${problems.join("\n")}\nrun npm run student`);
      process.exitCode = 1;
    } else console.log(`${plan.expected.size} student notebooks up to date`);
    return;
  }
  mkdirSync(join(projectRoot, "workshop", "student"), { recursive: true });
  for (const [path, text] of plan.expected) writeFileSync(path, text);
  for (const path of plan.leftOver) rmSync(path);
  console.log(`${plan.expected.size} student notebooks written to workshop/student/${problems.length ? ` (${problems.length} changed)` : " (none changed)"}`);
}

if (require.main === module) main();
