/**
 * The exercise helper (src/notebook/exercise.ts, src/notebook/todo.ts): one line per check —
 * correct, wrong with the check's message, not attempted for the stub (also inside an
 * object and inside a function), an error raised by the answer reported as wrong — hints in
 * order, the solution (given, or read from a chapter notebook), and clear errors for a bad
 * definition.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkLines, exercise, fail, pass, type ExerciseWriter } from "../src/notebook/exercise";
import { answered, isTodo, todo } from "../src/notebook/todo";
import { chapterSolution } from "../src/workshop/solutions";

function recorder(): ExerciseWriter & { lines: string[]; markdowns: string[] } {
  const lines: string[] = [];
  const markdowns: string[] = [];
  return { lines, markdowns, text: (l) => lines.push(l), markdown: (md, plain) => (markdowns.push(md), lines.push(plain)) };
}

/** An exercise asking for √2, accepted within 1e-6. */
function sqrt2(writer: ExerciseWriter) {
  return exercise<number>(
    "09.1",
    {
      check: (x) => (Math.abs(x - Math.SQRT2) < 1e-6 ? pass("√2 it is.") : fail(`off by ${(x - Math.SQRT2).toFixed(3)}: square your answer.`)),
      hints: ["What squared gives 2?", "Math.sqrt", "Math.SQRT2"],
      solution: "const answer = Math.sqrt(2);",
    },
    writer,
  );
}

test("check prints one line: ✅ with the check's reason, ❌ with its specific message", () => {
  const w = recorder();
  const q = sqrt2(w);
  q.check(1.41421356);
  q.check(1.5);
  assert.deepEqual(w.lines, ["✅ 09.1 correct: √2 it is.", "❌ 09.1 not yet: off by 0.086: square your answer."]);
  assert.deepEqual(checkLines(w.lines.join("\n")), [
    { outcome: "correct", id: "09.1" },
    { outcome: "wrong", id: "09.1" },
  ]);
});

test("the stub todo() is 'not attempted yet', as an answer, a field of an answer, or what a function returns", () => {
  const w = recorder();
  const q = sqrt2(w);
  q.check(todo());
  assert.equal(w.lines.length, 1);
  assert.match(w.lines[0], /^⏳ 09\.1 not attempted yet: replace todo\(\) with your answer/);
  const obj = exercise<{ a: number; why: string }>("09.2", { check: () => pass("fine"), hints: ["h1", "h2"], solution: "x" }, w);
  assert.equal(obj.evaluate({ a: 1, why: todo() }).outcome, "not-attempted");
  assert.equal(obj.evaluate({ a: 1, why: "b" }).outcome, "correct");
  const fn = exercise<(x: number) => number>(
    "09.3",
    { check: (f) => (answered(f(2)) === 4 ? pass("squares") : fail("not a square")), hints: ["h1", "h2"], solution: "x" },
    w,
  );
  assert.equal(fn.evaluate(() => todo()).outcome, "not-attempted");
  assert.equal(fn.evaluate((x) => x * x).outcome, "correct");
  assert.equal(fn.evaluate((x) => x + 1).outcome, "wrong");
  assert.ok(isTodo(todo()) && !isTodo(0) && !isTodo(null) && !isTodo(new Float64Array(2)));
});

test("an answer that throws, or is undefined, is wrong with a message saying so (not a crash, not 'correct')", () => {
  const w = recorder();
  const fn = exercise<(x: number) => number>("09.4", { check: (f) => (f(1) === 1 ? pass("ok") : fail("no")), hints: ["h1", "h2"], solution: "x" }, w);
  const r = fn.evaluate(() => {
    throw new RangeError("x must be positive");
  });
  assert.equal(r.outcome, "wrong");
  assert.match(r.line, /raised an error when checked — RangeError: x must be positive/);
  assert.match(sqrt2(w).evaluate(undefined as unknown as number).line, /^❌ 09\.1 not yet: the answer is undefined/);
});

test("hint() shows the hints in order, one per call, then repeats the last and points to the solution", () => {
  const w = recorder();
  const q = sqrt2(w);
  for (let i = 0; i < 4; i++) q.hint();
  assert.deepEqual(w.lines, [
    "💡 09.1 hint 1 of 3: What squared gives 2?",
    "💡 09.1 hint 2 of 3: Math.sqrt",
    "💡 09.1 hint 3 of 3 (the last; .solution() shows the answer): Math.SQRT2",
    "💡 09.1 hint 3 of 3 (the last; .solution() shows the answer): Math.SQRT2",
  ]);
});

test("solution() shows the code as plain text, and as a markdown code block where markdown is available", () => {
  const w = recorder();
  sqrt2(w).solution();
  assert.deepEqual(w.lines, ["📖 09.1 reference solution:\nconst answer = Math.sqrt(2);"]);
  assert.deepEqual(w.markdowns, ["**📖 09.1 reference solution:**\n\n```typescript\nconst answer = Math.sqrt(2);\n```"]);
  const plainOnly: string[] = [];
  sqrt2({ text: (l) => plainOnly.push(l) }).solution();
  assert.deepEqual(plainOnly, w.lines);
});

test("the default solution is the chapter notebook's region, found by id", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "exercise-solution-"));
  fs.writeFileSync(path.join(root, "package.json"), "{}");
  fs.mkdirSync(path.join(root, "notebooks"));
  const cell = (source: string) => ({ cell_type: "code", metadata: {}, outputs: [], execution_count: null, source });
  const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [cell("function f(): number {\n  // BEGIN SOLUTION 07.2\n  return 42;\n  // END SOLUTION\n}\nq.check(f);")] };
  fs.writeFileSync(path.join(root, "notebooks", "07-test.ipynb"), JSON.stringify(nb));
  assert.equal(chapterSolution("07.2", root), "return 42;");
  assert.throws(() => chapterSolution("07.3", root), /07-test\.ipynb has no "\/\/ BEGIN SOLUTION 07\.3" region/);
  assert.throws(() => chapterSolution("08.1", root), /no notebooks\/08-\*\.ipynb/);
  // And the real chapters: every exercise of chapter 01 has its solution in notebooks/01-*.ipynb.
  assert.match(chapterSolution("01.2"), /xs\.length - 1/);
});

test("a bad definition fails at once, naming what is wrong and what is accepted", () => {
  const ok = { check: () => pass(""), hints: ["a", "b"], solution: "x" };
  assert.throws(() => exercise("1.2", ok), /id must be "NN\.k".*got "1\.2"/);
  assert.throws(() => exercise("01.2", { ...ok, hints: ["only one"] }), /hints must be 2 or 3 non-empty strings/);
  assert.throws(() => exercise("01.2", { ...ok, hints: ["a", "b", "c", "d"] }), /hints must be 2 or 3/);
  assert.throws(() => exercise("01.2", { ...ok, check: undefined as unknown as () => never }), /check must be a function/);
});
