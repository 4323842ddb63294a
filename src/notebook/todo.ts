/**
 * `todo()`: the stub a student notebook puts where a solution goes (`npm run student`
 * replaces each `// BEGIN SOLUTION` … `// END SOLUTION` region by a line calling it).
 *
 * It returns a marker instead of throwing, so a student notebook runs top to bottom without
 * an error and each exercise's `check` says "not attempted yet". Its static type is `never`,
 * so `const answer: number = todo()` and `return todo();` compile in any position; the value
 * is only ever inspected by `isTodo` / `answered`.
 */

const TODO_BRAND = Symbol.for("collapse-lab.todo");

/** The marker `todo()` returns. */
export interface TodoMarker {
  readonly [TODO_BRAND]: true;
  toString(): string;
}

const MARKER: TodoMarker = Object.freeze({
  [TODO_BRAND]: true as const,
  toString: () => "todo()",
});

/** The student's stub: stands for an answer not written yet (see the module comment). */
export function todo(): never {
  return MARKER as never;
}

/** True when `value` is the stub, or an object or array with the stub as one of its fields. */
export function isTodo(value: unknown): boolean {
  if (value === MARKER) return true;
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    return Object.values(value as Record<string, unknown>).some((v) => v === MARKER);
  }
  return false;
}

/** Thrown by `answered` when a student's function still returns the stub. */
export class NotAttempted extends Error {
  constructor() {
    super("the answer is still todo()");
    this.name = "NotAttempted";
  }
}

/**
 * `value`, unless it is the stub: then throws NotAttempted, which the exercise helper turns
 * into "not attempted yet". Checks wrap what a student's function returns in it.
 */
export function answered<T>(value: T): T {
  if (isTodo(value)) throw new NotAttempted();
  return value;
}
