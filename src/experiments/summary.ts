/**
 * Per-generation summaries over seeds, for multi-seed bands: a seeds × generations matrix
 * (row-major Float64Array) → mean, sd, and the 10 %, 50 % and 90 % quantiles of each column.
 */
import { quantileSorted } from "simple-statistics";
import { assertInteger, invalid } from "../validate";

/** What every multi-seed experiment driver takes besides its own parameters. */
export interface SeedsRunOptions {
  /** Generations per run (integer ≥ 1). */
  generations: number;
  /** Independent runs (integer ≥ 1); run s uses a seed derived from `seed` and s. */
  seeds: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface ColumnSummary {
  mean: Float64Array;
  sd: Float64Array;
  q10: Float64Array;
  median: Float64Array;
  q90: Float64Array;
}

export function summarizeColumns(values: Float64Array, seeds: number, generations: number, transform?: (v: number) => number): ColumnSummary {
  assertInteger(seeds, "seeds", 1);
  assertInteger(generations, "generations", 1);
  if (values.length !== seeds * generations) invalid("values.length", `seeds × generations = ${seeds * generations}`, values.length);
  const out: ColumnSummary = {
    mean: new Float64Array(generations),
    sd: new Float64Array(generations),
    q10: new Float64Array(generations),
    median: new Float64Array(generations),
    q90: new Float64Array(generations),
  };
  const col = new Float64Array(seeds);
  for (let g = 0; g < generations; g++) {
    let sum = 0;
    for (let s = 0; s < seeds; s++) {
      const v = values[s * generations + g];
      col[s] = transform ? transform(v) : v;
      sum += col[s];
    }
    const mean = sum / seeds;
    let ss = 0;
    for (let s = 0; s < seeds; s++) ss += (col[s] - mean) ** 2;
    out.mean[g] = mean;
    out.sd[g] = seeds > 1 ? Math.sqrt(ss / (seeds - 1)) : 0;
    col.sort();
    out.q10[g] = quantileSorted(col as unknown as number[], 0.1);
    out.median[g] = quantileSorted(col as unknown as number[], 0.5);
    out.q90[g] = quantileSorted(col as unknown as number[], 0.9);
  }
  return out;
}
