/**
 * Solution regions in a notebook cell, after nbgrader's solution markers:
 *
 *     // BEGIN SOLUTION 01.2
 *     …reference solution…
 *     // END SOLUTION
 *
 * `npm run student` replaces each region by ONE stub line calling `todo()` (src/notebook/todo.ts),
 * at the marker's indentation, so the student cell still compiles and its check says
 * "not attempted yet":
 * - a region that returns (a function body) becomes `return todo();`;
 * - a region that declares the answer (`const NAME[: TYPE] = …`) becomes `const NAME[: TYPE] = todo();`.
 * Any other region is an error naming the cell, so a chapter cannot ship a stub that breaks.
 */

export interface SolutionRegion {
  /** The exercise id on the BEGIN marker, e.g. "01.2". */
  id: string;
  /** The solution's lines, without the markers, dedented. */
  code: string;
  /** The line that replaces the region (markers included) in the student notebook. */
  stub: string;
}

const BEGIN = /^(\s*)\/\/ BEGIN SOLUTION(?: (\d{2}\.\d+))?\s*$/;
const END = /^\s*\/\/ END SOLUTION\s*$/;
const DECLARATION = /^\s*(const|let)\s+([A-Za-z_$][\w$]*)(\s*:[^=]+?)?\s*=/;

function dedent(lines: string[]): string {
  const widths = lines.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)![0].length);
  const cut = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

function stubFor(indent: string, body: string[], where: string): string {
  if (body.some((l) => new RegExp(`^${indent}return\\b`).test(l))) return `${indent}return todo();`;
  const first = body.find((l) => l.trim() !== "" && !l.trim().startsWith("//")) ?? "";
  const decl = DECLARATION.exec(first);
  if (decl) {
    const others = body.filter((l) => l !== first && new RegExp(`^${indent}(const|let)\\s`).test(l));
    if (others.length) throw new SyntaxError(`${where}: a region that declares the answer must declare only it (the stub replaces the whole region), but it also has: ${others[0].trim()}`);
    return `${indent}${decl[1]} ${decl[2]}${decl[3] ? decl[3].trimEnd() : ""} = todo();`;
  }
  throw new SyntaxError(`${where}: a solution region must either return (a function body) or start with "const NAME = …" (the answer), so its stub can be written; it starts with: ${first.trim() || "(nothing)"}`);
}

interface Parsed {
  regions: SolutionRegion[];
  /** The source with every region replaced by its stub. */
  student: string;
}

function parse(source: string, where: string): Parsed {
  const lines = source.split("\n");
  const regions: SolutionRegion[] = [];
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = BEGIN.exec(lines[i]);
    if (!begin) {
      if (END.test(lines[i])) throw new SyntaxError(`${where}, line ${i + 1}: "// END SOLUTION" without a "// BEGIN SOLUTION" before it`);
      out.push(lines[i]);
      continue;
    }
    const [, indent, id] = begin;
    if (!id) throw new SyntaxError(`${where}, line ${i + 1}: the marker must name its exercise, e.g. "// BEGIN SOLUTION 01.2"`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !END.test(lines[j]); j++) {
      if (BEGIN.test(lines[j])) throw new SyntaxError(`${where}, line ${j + 1}: "// BEGIN SOLUTION" inside the region of ${id} (close it with "// END SOLUTION" first)`);
      body.push(lines[j]);
    }
    if (j === lines.length) throw new SyntaxError(`${where}: the solution region of ${id} (line ${i + 1}) has no "// END SOLUTION"`);
    if (body.every((l) => l.trim() === "")) throw new SyntaxError(`${where}: the solution region of ${id} is empty`);
    const stub = stubFor(indent, body, `${where}, exercise ${id}`);
    regions.push({ id, code: dedent(body), stub });
    out.push(stub);
    i = j;
  }
  return { regions, student: out.join("\n") };
}

/** The solution regions of one cell's source, in order. */
export function solutionRegions(source: string, where = "cell"): SolutionRegion[] {
  return parse(source, where).regions;
}

/** The cell's source with each solution region replaced by its `todo()` stub. */
export function stubSolutions(source: string, where = "cell"): string {
  return parse(source, where).student;
}
