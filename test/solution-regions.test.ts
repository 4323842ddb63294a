/**
 * Solution regions and their stubs (src/workshop/solutionRegions.ts): what `npm run student`
 * puts in place of a solution must compile and keep the cell's shape; a region it could not
 * stub is an error naming the cell.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { solutionRegions, stubSolutions } from "../src/workshop/solutionRegions";

test("a function body becomes `return todo();` at the marker's indentation", () => {
  const cell = "function v(xs: number[]): number {\n  // BEGIN SOLUTION 01.2\n  const m = xs[0];\n  return m * 2;\n  // END SOLUTION\n}\nex.check(v);";
  assert.equal(stubSolutions(cell), "function v(xs: number[]): number {\n  return todo();\n}\nex.check(v);");
  assert.deepEqual(solutionRegions(cell), [{ id: "01.2", code: "const m = xs[0];\nreturn m * 2;", stub: "  return todo();" }]);
});

test("an answer declaration keeps its name and type, the value becomes todo()", () => {
  assert.equal(stubSolutions("// BEGIN SOLUTION 03.1\nconst p: number = 0.85; // why\n// END SOLUTION\nq.check(p);"), "const p: number = todo();\nq.check(p);");
  assert.equal(stubSolutions("// BEGIN SOLUTION 03.3\nlet a = {\n  steps: 1000,\n};\n// END SOLUTION"), "let a = todo();");
  assert.equal(stubSolutions("no markers here\n"), "no markers here\n");
});

test("regions that cannot be stubbed, or are malformed, are errors naming the cell", () => {
  assert.throws(() => stubSolutions("// BEGIN SOLUTION 01.1\nconsole.log(1);\n// END SOLUTION", "nb cell 4"), /nb cell 4, exercise 01\.1: a solution region must either return .* or start with "const NAME = …"/);
  assert.throws(() => stubSolutions("// BEGIN SOLUTION 01.1\nconst a = 1;\nconst b = a + 1;\n// END SOLUTION"), /must declare only it.*const b = a \+ 1;/);
  assert.throws(() => stubSolutions("// BEGIN SOLUTION\nconst a = 1;\n// END SOLUTION", "c"), /c, line 1: the marker must name its exercise/);
  assert.throws(() => stubSolutions("// BEGIN SOLUTION 01.1\nconst a = 1;"), /region of 01\.1 \(line 1\) has no "\/\/ END SOLUTION"/);
  assert.throws(() => stubSolutions("const a = 1;\n// END SOLUTION"), /line 2: "\/\/ END SOLUTION" without/);
  assert.throws(() => stubSolutions("// BEGIN SOLUTION 01.1\n// BEGIN SOLUTION 01.2\n// END SOLUTION"), /inside the region of 01\.1/);
  assert.throws(() => stubSolutions("// BEGIN SOLUTION 01.1\n\n// END SOLUTION"), /region of 01\.1 is empty/);
});
