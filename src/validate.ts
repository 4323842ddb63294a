/**
 * Argument checks shared by the whole library. Every check throws a RangeError (or a
 * TypeError for a wrong kind of value) whose message names the parameter, the accepted
 * range and the value received, so bad input never turns into a NaN, a hang or a silent
 * clamp.
 */

function show(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean" || value == null) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 60 ? s.slice(0, 57) + "..." : s;
  } catch {
    return String(value);
  }
}

/** Throws `RangeError("<name> must be <expected>, got <value>")`. */
export function invalid(name: string, expected: string, value: unknown): never {
  throw new RangeError(`${name} must be ${expected}, got ${show(value)}`);
}

/** A finite number. */
export function assertFinite(value: unknown, name: string): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) invalid(name, "a finite number", value);
}

/** An integer in [min, max] (max defaults to Number.MAX_SAFE_INTEGER). */
export function assertInteger(value: unknown, name: string, min: number, max = Number.MAX_SAFE_INTEGER): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer in [${min}, ${max}]`;
    invalid(name, range, value);
  }
}

/** A number in the closed or open interval described by `lo`, `hi` and the open flags. */
export function assertInRange(
  value: unknown,
  name: string,
  lo: number,
  hi: number,
  opts: { loOpen?: boolean; hiOpen?: boolean } = {},
): asserts value is number {
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (opts.loOpen ? value > lo : value >= lo) &&
    (opts.hiOpen ? value < hi : value <= hi);
  if (!ok) {
    const l = opts.loOpen ? "(" : "[";
    const r = opts.hiOpen ? ")" : "]";
    const fmt = (x: number) => (x === Infinity ? "∞" : x === -Infinity ? "−∞" : String(x));
    invalid(name, `a number in ${l}${fmt(lo)}, ${fmt(hi)}${r}`, value);
  }
}

/** A strictly positive finite number. */
export function assertPositive(value: unknown, name: string): asserts value is number {
  assertInRange(value, name, 0, Infinity, { loOpen: true, hiOpen: true });
}

/** A seed: an integer in [0, 2^32). */
export function assertSeed(value: unknown, name: string): asserts value is number {
  assertInteger(value, name, 0, 4294967295);
}

/** One of a fixed set of strings. */
export function assertOneOf<T extends string>(value: unknown, name: string, allowed: readonly T[]): asserts value is T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    invalid(name, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`, value);
  }
}

/** A probability vector: non-negative finite entries summing to 1 within `tol`. */
export function assertProbabilities(p: ArrayLike<number>, name: string, tol = 1e-9): void {
  if (p.length < 1) invalid(name, "a non-empty probability vector", p);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v >= 0) || !Number.isFinite(v)) invalid(`${name}[${i}]`, "a finite number ≥ 0", v);
    sum += v;
  }
  if (Math.abs(sum - 1) > tol) invalid(`sum of ${name}`, `1 (within ${tol})`, sum);
}
