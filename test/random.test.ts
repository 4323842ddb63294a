/**
 * The sampling primitives against their textbook moments: uniform (1/2, 1/12), normal
 * (0, 1), Gamma(k) (k, k), χ²_k (k, 2k), Binomial(n, p) (np, np(1−p)), Beta(a, b)
 * (a/(a+b)), Wishart_d(ν, Σ) (E W = νΣ, Var W_ij = ν(Σ_ij² + Σ_ii Σ_jj), Muirhead 1982
 * Thm 3.2.4). Tolerances: 4 standard errors of the sample mean.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng, runSeed, streamSeed } from "../src/random/rng";
import { aliasTable, sampleCategorical, sampleMultinomial } from "../src/random/categorical";
import { sampleWishart } from "../src/random/wishart";
import { choleskyLower } from "../src/gaussian/cholesky";
import { assertWithinSe, meanAndStandardError } from "./helpers/stats";

function draws(n: number, f: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

test("same seed gives the same stream; different seeds and derived streams differ", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const xa = draws(5, () => a.uniform());
  assert.deepEqual(xa, draws(5, () => b.uniform()));
  assert.notDeepEqual(xa, draws(5, () => c.uniform()));
});

test("named streams: deterministic, distinct by name and index, never colliding across run indices", () => {
  assert.equal(Rng.stream(7, "fit").nextUint32(), Rng.stream(7, "fit").nextUint32());
  assert.notEqual(streamSeed(42, "fit"), streamSeed(42, "sample"));
  assert.notEqual(streamSeed(42, "fit"), streamSeed(43, "fit"));
  assert.notEqual(streamSeed(42, "dim", 2, "run", 0), streamSeed(42, "dim", 3, "run", 0));
  // The index·1000 + s scheme it replaces gave (d-index 0, s = 1000) and (d-index 1, s = 0) one stream.
  assert.notEqual(streamSeed(42, "dim", 0, "run", 1000), streamSeed(42, "dim", 1, "run", 0));
  // For a fixed prefix the index is folded in by a bijection: 100 000 runs, 100 000 seeds.
  const seen = new Set<number>();
  for (let s = 0; s < 100000; s++) seen.add(runSeed(5, s));
  assert.equal(seen.size, 100000);
  // Seeds of neighbouring runs are unrelated: their low bits are balanced over many runs.
  let ones = 0;
  for (let s = 0; s < 20000; s++) ones += runSeed(9, s) & 1;
  assertWithinSe(ones / 20000, 0.5, Math.sqrt(0.25 / 20000), 4, "share of odd run seeds");
  assert.throws(() => streamSeed(1, "run", -1), /stream path\[1\] must be a string or an integer in \[0, 2\^32\), got -1/);
  assert.throws(() => streamSeed(1, 2.5), /stream path\[0\] must be a string or an integer/);
  assert.throws(() => streamSeed(-3, "fit"), /seed must be an integer in \[0, 4294967295\], got -3/);
});

test("uniformInt rejects an empty or fractional range with a named error, and is unbiased", () => {
  const rng = new Rng(3);
  assert.throws(() => rng.uniformInt(0), /n must be an integer in \[1, 2\^32\], got 0/);
  assert.throws(() => rng.uniformInt(2.5), /n must be an integer in \[1, 2\^32\], got 2.5/);
  assert.throws(() => rng.uniformInt(NaN), /n must be an integer in \[1, 2\^32\], got NaN/);
  assert.equal(rng.uniformInt(1), 0);
  // n = 3·2^30 is where plain modulo would be most biased: residues below 2^30 twice as likely.
  const n = 3 * 2 ** 30;
  let low = 0;
  const draws = 60000;
  for (let i = 0; i < draws; i++) if (rng.uniformInt(n) < 2 ** 30) low++;
  assertWithinSe(low / draws, 1 / 3, Math.sqrt((1 / 3) * (2 / 3) / draws), 4, "P(x < 2^30)");
});

test("uniform has mean 1/2 and variance 1/12, inside [0, 1)", () => {
  const rng = new Rng(1);
  const x = draws(200000, () => rng.uniform());
  const { mean, se, sd } = meanAndStandardError(x);
  assertWithinSe(mean, 0.5, se, 4, "uniform mean");
  assert.ok(Math.abs(sd * sd - 1 / 12) < 0.002);
  assert.ok(x.every((v) => v >= 0 && v < 1));
});

test("uniformInt(n) is uniform over 0 … n−1", () => {
  const rng = new Rng(2);
  const counts = new Int32Array(7);
  const n = 70000;
  for (let i = 0; i < n; i++) counts[rng.uniformInt(7)]++;
  for (const c of counts) assertWithinSe(c / n, 1 / 7, Math.sqrt((1 / 7) * (6 / 7) / n), 4, "uniformInt frequency");
});

test("normal has mean 0, variance 1 and kurtosis 3", () => {
  const rng = new Rng(3);
  const x = draws(200000, () => rng.normal());
  const { mean, se } = meanAndStandardError(x);
  assertWithinSe(mean, 0, se, 4, "normal mean");
  const sq = meanAndStandardError(x.map((v) => v * v));
  assertWithinSe(sq.mean, 1, sq.se, 4, "normal second moment");
  const q4 = meanAndStandardError(x.map((v) => v ** 4));
  assertWithinSe(q4.mean, 3, q4.se, 4, "normal fourth moment");
});

for (const shape of [0.3, 1, 4.5, 5e5]) {
  test(`Gamma(${shape}) has mean and variance ${shape}`, () => {
    const rng = new Rng(4);
    const x = draws(100000, () => rng.gamma(shape));
    const m = meanAndStandardError(x);
    assertWithinSe(m.mean, shape, m.se, 4, "gamma mean");
    // Var of the sample variance ≈ (μ4 − σ⁴)/n with μ4 = 3k² + 6k for Gamma(k).
    const seVar = Math.sqrt((3 * shape * shape + 6 * shape - shape * shape) / x.length);
    assertWithinSe(m.sd * m.sd, shape, seVar, 4, "gamma variance");
  });
}

test("chi-square with k degrees of freedom has mean k and variance 2k", () => {
  const rng = new Rng(5);
  const k = 9;
  const m = meanAndStandardError(draws(100000, () => rng.chiSquare(k)));
  assertWithinSe(m.mean, k, m.se, 4, "chi-square mean");
  assert.ok(Math.abs(m.sd * m.sd - 2 * k) < 0.05 * 2 * k);
});

for (const [n, p] of [
  [20, 0.1],
  [1000, 0.5],
  [1_000_000, 0.3],
  [1_000_000_000, 2e-8],
  [50, 0.97],
] as const) {
  test(`Binomial(${n}, ${p}) has mean np and variance np(1−p)`, () => {
    const rng = new Rng(6);
    const x = draws(20000, () => rng.binomial(n, p));
    assert.ok(x.every((v) => Number.isInteger(v) && v >= 0 && v <= n));
    const m = meanAndStandardError(x);
    assertWithinSe(m.mean, n * p, Math.sqrt((n * p * (1 - p)) / x.length), 4, "binomial mean");
    const v = n * p * (1 - p);
    assert.ok(Math.abs(m.sd * m.sd - v) < 0.06 * v + 0.05, `variance ${m.sd ** 2} vs ${v}`);
  });
}

test("multinomial counts sum to n and have mean n·p_i", () => {
  const rng = new Rng(7);
  const p = [0.5, 0.25, 0.2, 0.05, 0];
  const reps = 5000;
  const n = 400;
  const sums = new Float64Array(p.length);
  for (let r = 0; r < reps; r++) {
    const c = sampleMultinomial(n, p, rng);
    assert.equal(c.reduce((a, b) => a + b, 0), n);
    c.forEach((v, i) => (sums[i] += v));
  }
  assert.equal(sums[4], 0, "a zero-probability state is never drawn");
  p.forEach((pi, i) => assertWithinSe(sums[i] / reps, n * pi, Math.sqrt((n * pi * (1 - pi)) / reps) + 1e-12, 4, `count of state ${i}`));
});

test("alias-method categorical draws have frequencies p", () => {
  const rng = new Rng(8);
  const p = [0.1, 0.6, 0.05, 0.25];
  const n = 100000;
  const labels = sampleCategorical(n, aliasTable(p), rng);
  const counts = new Int32Array(4);
  labels.forEach((l) => counts[l]++);
  p.forEach((pi, i) => assertWithinSe(counts[i] / n, pi, Math.sqrt((pi * (1 - pi)) / n), 4, `frequency of ${i}`));
});

test("Wishart(ν, Σ) has mean νΣ and Var W_ij = ν(Σ_ij² + Σ_ii Σ_jj)", () => {
  const rng = new Rng(9);
  const sigma = [2, 0.6, 0.6, 1];
  const l = choleskyLower(sigma, 2);
  const nu = 7;
  const reps = 20000;
  const w01 = new Float64Array(reps);
  const w00 = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    const w = sampleWishart(nu, l, 2, rng);
    assert.equal(w[1], w[2], "symmetric");
    w00[r] = w[0];
    w01[r] = w[1];
  }
  assertWithinSe(meanAndStandardError(w00).mean, nu * 2, Math.sqrt((nu * (4 + 4)) / reps), 4, "E W00");
  assertWithinSe(meanAndStandardError(w01).mean, nu * 0.6, Math.sqrt((nu * (0.36 + 2)) / reps), 4, "E W01");
});

test("bad arguments name the parameter and the range", () => {
  assert.throws(() => new Rng(-1), /seed must be an integer in \[0, 4294967295\], got -1/);
  assert.throws(() => new Rng(1.5), /seed must be/);
  assert.throws(() => sampleMultinomial(10, [0.5, 0.6], new Rng(1)), /sum of p must be 1/);
  assert.throws(() => sampleMultinomial(-1, [1], new Rng(1)), /n must be an integer ≥ 0/);
  assert.throws(() => sampleWishart(0.5, choleskyLower([1, 0, 0, 1], 2), 2, new Rng(1)), /nu \(degrees of freedom\) must be a number in \(1, ∞\)/);
});

test("saveState / restoreState: the stream goes on exactly from where it was saved; bad states are named", () => {
  const a = new Rng(11);
  a.fillNormal(new Float64Array(7));
  const state = a.saveState();
  const next = [a.nextUint32(), a.normal(), a.uniform()];
  const b = new Rng(99).restoreState(state);
  assert.deepEqual([b.nextUint32(), b.normal(), b.uniform()], next);
  assert.throws(() => new Rng(1).restoreState([0, 0, 0, 0]), /state must be not all zero/);
  assert.throws(() => new Rng(1).restoreState([1, 2, 3]), /state.length must be 4/);
  assert.throws(() => new Rng(1).restoreState([1, 2, 3, 2 ** 40]), /state\[3\] must be a 32-bit signed integer/);
});
