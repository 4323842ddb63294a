/**
 * Small pieces the chapter exercises' checks share: validating a numeric answer, and the
 * tolerance of a value a check simulates itself — 4 standard errors of its mean over the
 * seeds it ran (the project's tolerance everywhere, docs/theory.md#discrete-absorption uses the
 * binomial SE), never below a floor that says how precise a prediction needs to be.
 */
import { mean, sampleStandardDeviation } from "simple-statistics";
import { fail, type Verdict } from "../notebook/exercise";

/** The verdict for a multiple-choice explanation "a" | "b" | "c", or one naming the accepted choices. */
export function explained(why: unknown, verdicts: Record<"a" | "b" | "c", Verdict>): Verdict {
  if (why === "a" || why === "b" || why === "c") return verdicts[why];
  return fail(`why must be "a", "b" or "c", got ${JSON.stringify(why)}.`);
}

/** `compute`, remembered per argument: a check and the cell before it share one simulation. */
export function remembered<K, V>(compute: (key: K) => V): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}

/** A ❌ verdict when `answer` is not a finite number in [lo, hi], else undefined. */
export function notANumberIn(answer: unknown, what: string, lo = -Infinity, hi = Infinity): Verdict | undefined {
  if (typeof answer !== "number" || !Number.isFinite(answer)) return fail(`${what} must be a finite number, got ${JSON.stringify(answer) ?? String(answer)}.`);
  if (answer < lo || answer > hi) return fail(`${what} must be in [${lo}, ${hi}], got ${answer}.`);
  return undefined;
}

/** Mean over seeds, its standard error, and the accepted distance: max(4 SE, floor). */
export interface Simulated {
  mean: number;
  se: number;
  tolerance: number;
  seeds: number;
}

export function simulated(values: readonly number[], floor: number): Simulated {
  if (values.length < 2) throw new RangeError(`simulated: values must hold at least 2 seeds' results, got ${values.length}`);
  const m = mean(values as number[]);
  const se = sampleStandardDeviation(values as number[]) / Math.sqrt(values.length);
  return { mean: m, se, tolerance: Math.max(4 * se, floor), seeds: values.length };
}

/** `0.412 ± 0.011 (4 SE over 40 seeds: 0.044)`-style description of a simulated value. */
export function describe(s: Simulated, digits = 3): string {
  const f = (x: number) => x.toPrecision(digits);
  return `${f(s.mean)} ± ${f(s.se)} (1 SE over ${s.seeds} seeds; accepted: within ${f(s.tolerance)})`;
}

/** Relative difference |a − b| / |b|. */
export const relativeError = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** `x` to 4 significant digits, for messages. */
export const num = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));
