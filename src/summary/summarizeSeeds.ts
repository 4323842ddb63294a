/**
 * Per-generation summaries over independent runs (seeds): the one place where the library
 * turns many runs into the numbers a figure draws — mean, standard deviation and standard
 * error, quantiles, extremes and the geometric mean. Quantiles are simple-statistics'
 * `quantileSorted` (linear interpolation, R's and numpy's default type 7) everywhere.
 */
import { quantileSorted } from "simple-statistics";
import { assertInRange, invalid } from "../validate";

/** Summary of one quantity per generation over runs; every array has one entry a generation. */
export interface SeedSummary {
  /** Runs summarised. */
  runs: number;
  mean: number[];
  /** Sample standard deviation (n − 1); 0 with one run. */
  sd: number[];
  /** Standard error of the mean, sd / √runs. */
  se: number[];
  q10: number[];
  median: number[];
  q90: number[];
  min: number[];
  max: number[];
  /** exp(mean log v), with v floored at `GEOMETRIC_FLOOR` (the distance is exactly 0 at generation 0). */
  geometricMean: number[];
}

/** Floor of the values entering the geometric mean, so an exact zero keeps the logarithm finite. */
export const GEOMETRIC_FLOOR = 1e-300;

/** A summary's shape for a band figure: a label, a centre line and the band's edges. */
export interface SeriesBand {
  label: string;
  geometricMean: number[];
  min: number[];
  max: number[];
}

/**
 * Summarises `runs` (one array per run, value g at generation g). Runs may differ in length
 * (an early stop, an abort): the summary covers the generations every run reached.
 */
export function summarizeSeeds(runs: readonly ArrayLike<number>[]): SeedSummary {
  if (!Array.isArray(runs) || runs.length < 1) invalid("runs", "a non-empty array of per-generation series", runs);
  const n = runs.length;
  let length = Infinity;
  for (const r of runs) length = Math.min(length, r.length);
  const out: SeedSummary = { runs: n, mean: [], sd: [], se: [], q10: [], median: [], q90: [], min: [], max: [], geometricMean: [] };
  const column = new Float64Array(n);
  const sorted = column as unknown as number[];
  for (let g = 0; g < length; g++) {
    let sum = 0;
    let logSum = 0;
    for (let s = 0; s < n; s++) {
      const v = runs[s][g];
      column[s] = v;
      sum += v;
      logSum += Math.log(Math.max(v, GEOMETRIC_FLOOR));
    }
    const mean = sum / n;
    let ss = 0;
    for (let s = 0; s < n; s++) ss += (column[s] - mean) ** 2;
    const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    column.sort();
    out.mean.push(mean);
    out.sd.push(sd);
    out.se.push(sd / Math.sqrt(n));
    out.q10.push(quantileSorted(sorted, 0.1));
    out.median.push(quantileSorted(sorted, 0.5));
    out.q90.push(quantileSorted(sorted, 0.9));
    out.min.push(column[0]);
    out.max.push(column[n - 1]);
    out.geometricMean.push(Math.exp(logSum / n));
  }
  return out;
}

/** The rows of a seeds × generations row-major matrix, as views (no copy). */
export function matrixRows(values: Float64Array, seeds: number, generations: number): Float64Array[] {
  if (values.length !== seeds * generations) invalid("values.length", `seeds × generations = ${seeds * generations}`, values.length);
  return Array.from({ length: seeds }, (_, s) => values.subarray(s * generations, (s + 1) * generations));
}

/** A band summary (geometric mean, min, max) with its label, for log-scale band figures. */
export function seriesBand(label: string, runs: readonly ArrayLike<number>[]): SeriesBand {
  const s = summarizeSeeds(runs);
  return { label, geometricMean: s.geometricMean, min: s.min, max: s.max };
}

/** Quantile `p` of unsorted values (simple-statistics' definition, as `summarizeSeeds`). */
export function quantileOf(values: ArrayLike<number>, p: number): number {
  assertInRange(p, "p", 0, 1);
  if (values.length < 1) invalid("values", "a non-empty list", values);
  const sorted = Float64Array.from(values).sort();
  return quantileSorted(sorted as unknown as number[], p);
}
