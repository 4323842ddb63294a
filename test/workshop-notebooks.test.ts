/**
 * The student notebooks (workshop/student/, `npm run student`): up to date with the chapter
 * notebooks, free of solution code, and — run top to bottom through the real tslab kernel —
 * without an error, every exercise's check saying "not attempted yet". The generator itself
 * on a scratch project: a chapter added later is picked up, a chapter without exercises is
 * copied, a student notebook whose chapter is gone is reported.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkLines } from "../src/notebook/exercise";
import { solutionRegions } from "../src/workshop/solutionRegions";
import { joinSource, parseNotebook, type Notebook } from "../scripts/jupyter/nbformat";
import { chapterNotebooks } from "../scripts/notebook-files";
import { cellTimeoutFromEnv, runNotebook } from "../scripts/notebook-runner";
import { exerciseIds } from "../scripts/student-notebooks";
import { planStudentNotebooks, staleStudentNotebooks } from "../scripts/student";

const root = path.resolve(__dirname, "..", "..");
const chapters = chapterNotebooks(path.join(root, "notebooks"));
const studentFolder = path.join(root, "workshop", "student");
const read = (file: string): Notebook => parseNotebook(fs.readFileSync(file, "utf8"), file);

test("every chapter notebook has its student notebook, up to date (else: npm run student)", () => {
  assert.ok(chapters.length >= 6, `notebooks/ has ${chapters.length} chapter notebooks`);
  assert.deepEqual(staleStudentNotebooks(planStudentNotebooks(root)), []);
});

test("no solution code, solution marker or check verdict appears in a student notebook", () => {
  for (const chapter of chapters) {
    const name = path.basename(chapter);
    const studentText = fs.readFileSync(path.join(studentFolder, name), "utf8");
    const student = read(path.join(studentFolder, name));
    const studentCode = student.cells.filter((c) => c.cell_type === "code").map((c) => joinSource(c.source)).join("\n");
    assert.ok(!studentText.includes("BEGIN SOLUTION") && !studentText.includes("END SOLUTION"), `${name}: a solution marker is left`);
    assert.ok(!/[✅❌] \d{2}\.\d+ /.test(studentText), `${name}: a check's verdict (an output of the solved notebook) is left`);
    for (const cell of read(chapter).cells) {
      if (cell.cell_type !== "code") continue;
      for (const region of solutionRegions(joinSource(cell.source), name)) {
        for (const line of region.code.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim())) {
          if (line.length < 12) continue; // "}", "return x;": too short to tell a solution from ordinary code
          assert.ok(!studentCode.includes(line), `${name}: solution line of ${region.id} appears in the student notebook: ${line}`);
        }
      }
    }
  }
});

function scratchNotebook(cells: { type: "code" | "markdown"; source: string; output?: string }[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: cells.map((c) =>
      c.type === "markdown"
        ? { cell_type: "markdown", metadata: {}, source: c.source }
        : { cell_type: "code", metadata: {}, execution_count: 1, source: c.source, outputs: c.output ? [{ output_type: "stream", name: "stdout", text: c.output }] : [] },
    ),
  });
}

test("the generator picks up every NN-*.ipynb, copies a chapter without exercises, and reports one whose chapter is gone", () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "student-"));
  fs.mkdirSync(path.join(scratch, "notebooks"));
  fs.mkdirSync(path.join(scratch, "workshop", "student"), { recursive: true });
  fs.writeFileSync(path.join(scratch, "notebooks", "00-intro.ipynb"), scratchNotebook([{ type: "markdown", source: "# 00\nSee [theory](../docs/theory.md)." }, { type: "code", source: "1 + 1", output: "2\n" }]));
  fs.writeFileSync(
    path.join(scratch, "notebooks", "07-later.ipynb"),
    scratchNotebook([
      { type: "markdown", source: "# 07" },
      { type: "code", source: "const fig = 1;", output: "figure\n" },
      { type: "code", source: "// BEGIN SOLUTION 07.1\nconst answer071 = 42;\n// END SOLUTION\nq.check(answer071);", output: "✅ 07.1 correct: yes\n" },
    ]),
  );
  fs.writeFileSync(path.join(scratch, "notebooks", "notes.ipynb"), scratchNotebook([])); // not a chapter: no NN- prefix
  fs.writeFileSync(path.join(scratch, "workshop", "student", "03-gone.ipynb"), scratchNotebook([]));
  const plan = planStudentNotebooks(scratch);
  assert.deepEqual([...plan.expected.keys()].map((p) => path.basename(p)), ["00-intro.ipynb", "07-later.ipynb"]);
  assert.deepEqual(plan.leftOver.map((p) => path.basename(p)), ["03-gone.ipynb"]);
  const [intro, later] = [...plan.expected.values()].map((text) => JSON.parse(text) as Notebook);
  // No exercises: the note says so, links are rebased, outputs are kept.
  assert.match(joinSource(intro.cells[1].source), /This chapter has no exercises/);
  assert.equal(joinSource(intro.cells[0].source), "# 00\nSee [theory](../../docs/theory.md).");
  assert.deepEqual(intro.cells[2].outputs, [{ output_type: "stream", name: "stdout", text: ["2\n"] }]);
  // The later chapter: the exercise cell is stubbed and cleared, the figure cell keeps its output.
  assert.match(joinSource(later.cells[1].source), /It has 1 exercises/);
  assert.equal(joinSource(later.cells[3].source), "const answer071 = todo();\nq.check(answer071);");
  assert.deepEqual([later.cells[3].outputs, later.cells[3].execution_count], [[], null]);
  assert.equal(later.cells[2].outputs?.length, 1);
  assert.deepEqual(staleStudentNotebooks(plan), ["missing: 00-intro.ipynb", "missing: 07-later.ipynb", "left over (no chapter notebook): 03-gone.ipynb"]);
});

test("exercise ids must belong to their chapter and be unique", () => {
  const nb = (source: string) => JSON.parse(scratchNotebook([{ type: "code", source }])) as Notebook;
  assert.throws(() => exerciseIds(nb("// BEGIN SOLUTION 02.1\nconst a = 1;\n// END SOLUTION"), "03-x.ipynb"), /exercise 02\.1 belongs to chapter 02, not 03/);
  const twice = JSON.parse(scratchNotebook([{ type: "code", source: "// BEGIN SOLUTION 03.1\nconst a = 1;\n// END SOLUTION" }, { type: "code", source: "// BEGIN SOLUTION 03.1\nconst b = 1;\n// END SOLUTION" }])) as Notebook;
  assert.throws(() => exerciseIds(twice, "03-x.ipynb"), /a second solution region for exercise 03\.1/);
});

for (const chapter of chapters) {
  const name = path.basename(chapter);
  test(`student ${name}: runs through the kernel without an error, every check "not attempted yet"`, async (t) => {
    const ids = exerciseIds(read(chapter), name);
    const run = await runNotebook(path.join(studentFolder, name), { cellTimeoutMs: cellTimeoutFromEnv() });
    t.diagnostic(`student ${name}: ${(run.ms / 1000).toFixed(1)} s, ${ids.length} exercises`);
    const lines = checkLines(run.cells.map((c) => c.stdout).join("\n"));
    assert.deepEqual(lines, ids.map((id) => ({ outcome: "not-attempted", id })));
  });
}
