/**
 * The one summary over seeds. Reference values by hand: for the runs 1, 2, 3, 4 the mean is
 * 2.5, the sample sd √(5/3), the quantiles numpy's default (linear, type 7): q10 = 1.3,
 * median 2.5, q90 = 3.7; the geometric mean 24^(1/4).
 */
import test from "node:test";
import assert from "node:assert/strict";
import { GEOMETRIC_FLOOR, matrixRows, quantileOf, seriesBand, summarizeSeeds } from "../src/summary/summarizeSeeds";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test("summarizeSeeds: mean, sd (n − 1), SE, type-7 quantiles, extremes and geometric mean per generation", () => {
  const s = summarizeSeeds([[4, 10], [1, 10], [3, 10], [2, 10]]);
  assert.equal(s.runs, 4);
  close(s.mean[0], 2.5, "mean");
  close(s.sd[0], Math.sqrt(5 / 3), "sd");
  close(s.se[0], Math.sqrt(5 / 3) / 2, "se");
  close(s.q10[0], 1.3, "q10");
  close(s.median[0], 2.5, "median");
  close(s.q90[0], 3.7, "q90");
  assert.equal(s.min[0], 1);
  assert.equal(s.max[0], 4);
  close(s.geometricMean[0], 24 ** 0.25, "geometric mean");
  // A constant column: no spread, every quantile the value.
  assert.deepEqual([s.sd[1], s.q10[1], s.q90[1], s.min[1], s.max[1]], [0, 10, 10, 10, 10]);
});

test("summarizeSeeds: an exact zero is floored in the geometric mean; runs are cut to the shortest; one run has sd 0", () => {
  const z = summarizeSeeds([[0], [1]]);
  close(z.geometricMean[0], Math.sqrt(GEOMETRIC_FLOOR), "geometric mean with a zero");
  // The floor only keeps log finite: a zero must still pull the geometric mean far below any
  // distance a figure draws (the smallest are ~1e-12), not lift it to a visible level.
  assert.ok(z.geometricMean[0] > 0 && z.geometricMean[0] < 1e-100, `geometric mean of 0 and 1: ${z.geometricMean[0]}`);
  assert.equal(summarizeSeeds([[1, 2, 3], [4, 5]]).mean.length, 2);
  const one = summarizeSeeds([Float64Array.of(7, 8)]);
  assert.deepEqual(one.sd, [0, 0]);
  assert.deepEqual(one.median, [7, 8]);
  assert.throws(() => summarizeSeeds([]), /runs must be a non-empty array of per-generation series, got \[\]/);
});

test("matrixRows gives views of a seeds × generations matrix; seriesBand and quantileOf use the same summary", () => {
  const m = Float64Array.of(1, 2, 3, 4, 5, 6);
  const rows = matrixRows(m, 2, 3);
  assert.deepEqual(rows.map((r) => Array.from(r)), [[1, 2, 3], [4, 5, 6]]);
  m[4] = 50;
  assert.equal(rows[1][1], 50, "a view, not a copy");
  assert.throws(() => matrixRows(m, 4, 2), /values.length must be seeds × generations = 8, got 6/);
  const band = seriesBand("N = 5", [[1, 4], [4, 16]]);
  assert.deepEqual({ ...band, geometricMean: band.geometricMean.map((v) => Number(v.toPrecision(12))) }, { label: "N = 5", geometricMean: [2, 8], min: [1, 4], max: [4, 16] });
  assert.equal(quantileOf([3, 1, 2], 0.5), 2);
  close(quantileOf([4, 1, 3, 2], 0.9), 3.7, "quantileOf q90");
  assert.throws(() => quantileOf([], 0.5), /values must be a non-empty list/);
});

test("summarizeSeeds on five runs: type-7 quantiles interpolate at (n − 1)·p, runs are read per generation", () => {
  // By hand: sorted 1 … 5, q10 at index 0.4 → 1.4, median index 2 → 3, q90 index 3.6 → 4.6;
  // mean 3, sd √(10/4), SE √(10/4)/√5; geometric mean 120^(1/5).
  const s = summarizeSeeds([Float64Array.of(5, 50), [1, 10], [4, 40], [2, 20], [3, 30]]);
  assert.deepEqual([s.runs, s.mean.length], [5, 2]);
  close(s.q10[0], 1.4, "q10");
  close(s.median[0], 3, "median");
  close(s.q90[0], 4.6, "q90");
  close(s.sd[0], Math.sqrt(2.5), "sd");
  close(s.se[0], Math.sqrt(2.5) / Math.sqrt(5), "se");
  close(s.geometricMean[0], 120 ** 0.2, "geometric mean");
  // Generation 1 is generation 0 times 10: every location statistic scales, the geometric mean too.
  for (const k of ["mean", "sd", "se", "q10", "median", "q90", "min", "max", "geometricMean"] as const) close(s[k][1], 10 * s[k][0], `${k} at generation 1`);
  // Cut to the shortest run: the values of the generations kept are unchanged.
  const cut = summarizeSeeds([[1, 2, 3], [3, 4]]);
  assert.deepEqual([cut.mean, cut.min, cut.max], [[2, 3], [1, 2], [3, 4]]);
  assert.deepEqual(summarizeSeeds([[5]]).se, [0]);
  assert.throws(() => summarizeSeeds("x" as unknown as number[][]), /runs must be a non-empty array/);
});

test(
  "quantileOf rejects a p outside [0, 1] with an error naming p and its value",
  () => {
    assert.throws(() => quantileOf([1, 2], NaN), /\bp\b.*NaN/);
    assert.throws(() => quantileOf([1, 2], 1.5), /\bp\b.*1\.5/);
  },
);
