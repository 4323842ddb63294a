/**
 * `exercise(id, { check, hints, solution })`: a self-checking exercise in a notebook, after
 * Kaggle Learn's `q1.check()` / `q1.hint()` / `q1.solution()`.
 *
 * - `q.check(answer)` prints ONE line: `✅ 01.2 correct: …` (and why it matters),
 *   `❌ 01.2 not yet: …` (what is off, by how much, where to look), or
 *   `⏳ 01.2 not attempted yet: …` while the answer is still the student stub `todo()`.
 * - `q.hint()` prints the next hint each call (the last one again once all are shown).
 * - `q.solution()` prints the reference solution: by default the `// BEGIN SOLUTION id`
 *   region of the chapter notebook, read when asked for (src/workshop/solutions.ts).
 *
 * Output is plain text on stdout first (a stream shows in every front-end and in the test
 * runner); only the solution is also sent as markdown (a highlighted code block) when a
 * tslab kernel is running. The writer is injectable, so tests run without a kernel.
 */
import { kernelDisplayWriter } from "./kernel";
import { NotAttempted, isTodo } from "./todo";

/** What a check decides about an attempted answer. */
export interface Verdict {
  correct: boolean;
  /** One sentence or two: why it matters (correct) or what is off and where to look (wrong). */
  message: string;
}

export const pass = (message: string): Verdict => ({ correct: true, message });
export const fail = (message: string): Verdict => ({ correct: false, message });

export interface ExerciseDefinition<A> {
  /** Decides on an attempted answer; may throw NotAttempted (via `answered`) for a stub inside a function. */
  check: (answer: A) => Verdict;
  /** Two or three hints, from a nudge to nearly the answer. */
  hints: readonly string[];
  /** The reference solution's code, or a function that loads it. */
  solution: string | (() => string);
}

export type Outcome = "correct" | "wrong" | "not-attempted";

export interface CheckResult {
  outcome: Outcome;
  /** The line `check` prints. */
  line: string;
}

/** Where an exercise writes: a plain-text line, and optionally markdown with its plain fallback. */
export interface ExerciseWriter {
  text(line: string): void;
  markdown?(markdown: string, plain: string): void;
}

export interface Exercise<A> {
  readonly id: string;
  /** The verdict without printing it. */
  evaluate(answer: A): CheckResult;
  check(answer: A): void;
  hint(): void;
  solution(): void;
}

export const MARKS: Record<Outcome, string> = { correct: "✅", wrong: "❌", "not-attempted": "⏳" };
const LABELS: Record<Outcome, string> = { correct: "correct", wrong: "not yet", "not-attempted": "not attempted yet" };

/** Matches a line `check` prints; groups: mark, id. */
export const CHECK_LINE = /^(✅|❌|⏳) (\d{2}\.\d+) (?:correct|not yet|not attempted yet): /;

/** The (mark, id) of every check line in a cell's or notebook's stdout. */
export function checkLines(stdout: string): { outcome: Outcome; id: string }[] {
  const byMark = new Map<string, Outcome>(Object.entries(MARKS).map(([o, m]) => [m, o as Outcome]));
  return stdout.split("\n").flatMap((line) => {
    const m = CHECK_LINE.exec(line);
    return m ? [{ outcome: byMark.get(m[1])!, id: m[2] }] : [];
  });
}

const ID = /^\d{2}\.\d+$/;

/** Text on stdout; the solution also as markdown while a kernel runs a cell. */
export const defaultWriter: ExerciseWriter = {
  text: (line) => console.log(line),
  markdown: (markdown, plain) => {
    const write = kernelDisplayWriter();
    if (write) write({ data: { "text/markdown": markdown, "text/plain": plain }, metadata: {}, transient: {} }, false);
    else console.log(plain);
  },
};

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function exercise<A>(id: string, def: ExerciseDefinition<A>, writer: ExerciseWriter = defaultWriter): Exercise<A> {
  if (typeof id !== "string" || !ID.test(id)) throw new RangeError(`exercise: id must be "NN.k" (chapter number, then exercise number, e.g. "01.2"), got ${JSON.stringify(id)}`);
  if (!def || typeof def.check !== "function") throw new TypeError(`exercise ${id}: check must be a function (answer) => Verdict`);
  const hints = def.hints;
  if (!Array.isArray(hints) || hints.length < 2 || hints.length > 3 || hints.some((h) => typeof h !== "string" || h.trim() === "")) {
    throw new RangeError(`exercise ${id}: hints must be 2 or 3 non-empty strings, got ${JSON.stringify(hints)}`);
  }
  if (typeof def.solution !== "string" && typeof def.solution !== "function") {
    throw new TypeError(`exercise ${id}: solution must be the code as a string or a function returning it`);
  }
  let hintsShown = 0;
  const line = (outcome: Outcome, message: string): CheckResult => ({ outcome, line: `${MARKS[outcome]} ${id} ${LABELS[outcome]}: ${message}` });
  const notAttempted = () => line("not-attempted", `replace todo() with your answer and run the cell again; .hint() gives a hint.`);

  const evaluate = (answer: A): CheckResult => {
    if (isTodo(answer)) return notAttempted();
    if (answer === undefined) return line("wrong", "the answer is undefined: give a value (or a function) where todo() was.");
    try {
      const verdict = def.check(answer);
      return line(verdict.correct ? "correct" : "wrong", verdict.message);
    } catch (error) {
      if (error instanceof NotAttempted) return notAttempted();
      return line("wrong", `your answer raised an error when checked — ${describeError(error)}`);
    }
  };

  return {
    id,
    evaluate,
    check: (answer) => writer.text(evaluate(answer).line),
    hint: () => {
      const k = Math.min(hintsShown, hints.length - 1);
      hintsShown = Math.min(hintsShown + 1, hints.length);
      const last = k === hints.length - 1 ? " (the last; .solution() shows the answer)" : "";
      writer.text(`💡 ${id} hint ${k + 1} of ${hints.length}${last}: ${hints[k]}`);
    },
    solution: () => {
      const code = typeof def.solution === "string" ? def.solution : def.solution();
      const heading = `📖 ${id} reference solution:`;
      if (writer.markdown) writer.markdown(`**${heading}**\n\n\`\`\`typescript\n${code}\n\`\`\``, `${heading}\n${code}`);
      else writer.text(`${heading}\n${code}`);
    },
  };
}
