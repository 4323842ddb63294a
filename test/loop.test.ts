/**
 * The generational loop (Shumailov et al. 2024, "What is model collapse?"): regimes,
 * fractions, early stop, determinism, errors.
 * The learner here labels its samples with a sentinel value so we can count where every
 * row of D_{i+1} came from.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { runGenerations, sampleWithoutReplacement, type Learner, type LoopCheckpoint } from "../src/loop/runGenerations";
import { Rng } from "../src/random/rng";
import { vectorOps } from "../src/data/points";

const ORIGINAL = 0;
/** Model = generation index; samples carry the value generation + 1. */
const labelLearner: Learner<number, Float64Array> = {
  fit: (_data, _rng, g) => g,
  sample: (g, n) => new Float64Array(n).fill(g + 1),
};
const d0 = new Float64Array(100).fill(ORIGINAL);

function count(data: Float64Array, v: number): number {
  return data.reduce((a, x) => a + (x === v ? 1 : 0), 0);
}

test("replace with α = 1 uses only the newest samples", () => {
  const res = runGenerations({ initialData: d0, learner: labelLearner, dataOps: vectorOps, generations: 4, seed: 1, keep: () => true });
  assert.equal(res.history.length, 4);
  assert.equal(count(res.kept[3].data, 3), 100);
});

test("replace with α/β/γ = 0.5/0.3/0.2 mixes new, previous and original rows in those shares", () => {
  const res = runGenerations({
    initialData: d0,
    learner: labelLearner,
    dataOps: vectorOps,
    generations: 3,
    seed: 2,
    fractions: { alpha: 0.5, beta: 0.3, gamma: 0.2 },
    keep: () => true,
  });
  const d1 = res.kept[1].data;
  assert.equal(d1.length, 100);
  assert.equal(count(d1, 1), 50);
  // β share of D_0 (all original) plus γ share of D_0
  assert.equal(count(d1, ORIGINAL), 50);
  const d2 = res.kept[2].data;
  assert.equal(count(d2, 2), 50);
  // β rows come from D_1 (labels 1 or original), γ rows from D_0 (original)
  assert.equal(count(d2, 1) + count(d2, ORIGINAL), 50);
  assert.ok(count(d2, ORIGINAL) >= 20, "γ rows are original");
});

test("accumulate grows by M a generation; accumulate-subsample keeps M rows of the pool", () => {
  const acc = runGenerations({ initialData: d0, learner: labelLearner, dataOps: vectorOps, generations: 5, seed: 3, regime: "accumulate" });
  assert.deepEqual(
    acc.history.map((h) => h.size),
    [100, 200, 300, 400, 500],
  );
  const sub = runGenerations({ initialData: d0, learner: labelLearner, dataOps: vectorOps, generations: 30, seed: 3, regime: "accumulate-subsample", keep: (g) => g === 29 });
  const last = sub.kept[0].data;
  assert.equal(last.length, 100);
  // the pool holds 100 original rows out of 3000, so some (but few) original rows remain
  assert.ok(count(last, ORIGINAL) < 20);
  assert.ok(new Set(last).size > 10, "rows come from many generations");
});

test("fresh-data draws the γ share from freshSampler each generation", () => {
  const res = runGenerations({
    initialData: d0,
    learner: labelLearner,
    dataOps: vectorOps,
    generations: 3,
    seed: 4,
    regime: "fresh-data",
    fractions: { alpha: 0.9, beta: 0, gamma: 0.1 },
    freshSampler: (n) => new Float64Array(n).fill(-7),
    keep: () => true,
  });
  assert.equal(count(res.kept[2].data, -7), 10);
  assert.equal(count(res.kept[2].data, 2), 90);
});

test("metrics, early stop, progress and abort", () => {
  const progress: number[] = [];
  const res = runGenerations({
    initialData: d0,
    learner: labelLearner,
    dataOps: vectorOps,
    generations: 100,
    seed: 5,
    metrics: ({ generation }) => generation * 2,
    stopWhen: (_c, m) => m! >= 10,
    onProgress: (d) => progress.push(d),
  });
  assert.equal(res.stopReason, "stopWhen");
  assert.deepEqual(
    res.history.map((h) => h.metrics),
    [0, 2, 4, 6, 8, 10],
  );
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
  const ac = new AbortController();
  const aborted = runGenerations({
    initialData: d0,
    learner: labelLearner,
    dataOps: vectorOps,
    generations: 100,
    seed: 5,
    onProgress: (d) => d === 3 && ac.abort(),
    signal: ac.signal,
  });
  assert.equal(aborted.stopReason, "aborted");
  assert.equal(aborted.generationsRun, 3);
});

test("bad loop parameters throw errors naming the parameter and range", () => {
  const base = { initialData: d0, learner: labelLearner, dataOps: vectorOps, seed: 1 };
  assert.throws(() => runGenerations({ ...base, generations: 2.5 }), /generations must be an integer ≥ 1, got 2.5/);
  assert.throws(() => runGenerations({ ...base, generations: 0 }), /generations must be an integer ≥ 1, got 0/);
  assert.throws(() => runGenerations({ ...base, generations: 3, regime: "mix" as never }), /regime must be one of "replace", "accumulate", "accumulate-subsample", "fresh-data", got "mix"/);
  assert.throws(
    () => runGenerations({ ...base, generations: 3, fractions: { alpha: 0.5, beta: 0.2, gamma: 0.2 } }),
    /fractions.alpha \+ fractions.beta \+ fractions.gamma must be 1, got 0.89/,
  );
  assert.throws(() => runGenerations({ ...base, generations: 3, fractions: { alpha: 1.2, beta: -0.2, gamma: 0 } }), /fractions.alpha must be a number in \[0, 1\], got 1.2/);
  assert.throws(() => runGenerations({ ...base, generations: 3, regime: "fresh-data" }), /freshSampler must be a function/);
  assert.throws(() => runGenerations({ ...base, generations: 3, seed: -4 }), /seed must be an integer in \[0, 4294967295\]/);
  assert.throws(() => runGenerations({ ...base, generations: 3, initialData: new Float64Array(0) }), /size of initialData must be an integer ≥ 1, got 0/);
});

test("every generated dataset has exactly M rows, also when M exceeds |D_0|", () => {
  // 10 original rows, M = 50: the β share (10 rows) still fits in D_0, and later D_i have M rows.
  const small = new Float64Array(10).fill(ORIGINAL);
  const base = { initialData: small, learner: labelLearner, dataOps: vectorOps, generations: 4, seed: 6, sampleSize: 50, keep: () => true };
  const mixed = runGenerations({ ...base, fractions: { alpha: 0.6, beta: 0.2, gamma: 0.2 } });
  assert.deepEqual(mixed.history.map((h) => h.size), [10, 50, 50, 50]);
  assert.equal(count(mixed.kept[1].data, ORIGINAL), 20, "β and γ shares of D_1 both come from D_0");
  // accumulate-subsample: the pool holds 10 + g·50 ≥ 50 rows, so M rows can always be drawn.
  const sub = runGenerations({ ...base, regime: "accumulate-subsample" });
  assert.deepEqual(sub.history.map((h) => h.size), [10, 50, 50, 50]);
});

test("a β share larger than D_0 throws instead of returning a short dataset", () => {
  // Old behaviour: D_1 silently had 25 + 10 = 35 rows instead of M = 50.
  const small = new Float64Array(10).fill(ORIGINAL);
  const base = { initialData: small, learner: labelLearner, dataOps: vectorOps, generations: 3, seed: 7, sampleSize: 50 };
  for (const regime of ["replace", "fresh-data"] as const) {
    assert.throws(
      () => runGenerations({ ...base, regime, fractions: { alpha: 0.5, beta: 0.5, gamma: 0 }, freshSampler: (n) => new Float64Array(n) }),
      /fractions\.beta × sampleSize must be at most the size of initialData \(10\), since the β share of D_1 is drawn without replacement from D_0, got 25/,
    );
  }
  assert.throws(() => runGenerations({ ...base, fractions: { alpha: 0.5, beta: 0, gamma: 0.5 } }), /fractions\.gamma × sampleSize must be at most the size of initialData \(10\), got 25/);
});

test("a learner or freshSampler that returns fewer rows than asked throws", () => {
  const short: Learner<number, Float64Array> = { fit: (_d, _r, g) => g, sample: (g, n) => new Float64Array(n - 1).fill(g + 1) };
  const base = { initialData: d0, dataOps: vectorOps, generations: 3, seed: 8 };
  for (const regime of ["replace", "accumulate", "accumulate-subsample"] as const) {
    assert.throws(() => runGenerations({ ...base, learner: short, regime }), /number of rows returned by learner\.sample must be 100 \(the number asked\), got 99/);
  }
  assert.throws(
    () =>
      runGenerations({
        ...base,
        learner: labelLearner,
        regime: "fresh-data",
        fractions: { alpha: 0.9, beta: 0, gamma: 0.1 },
        freshSampler: (n) => new Float64Array(n - 2),
      }),
    /number of rows returned by freshSampler must be 10 \(the number asked\), got 8/,
  );
});

test("sampleWithoutReplacement draws k distinct indices of [0, n) and throws for k > n", () => {
  const rng = new Rng(11);
  const all = sampleWithoutReplacement(10, 10, rng);
  assert.deepEqual([...all].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const some = sampleWithoutReplacement(1000, 30, rng);
  assert.equal(some.length, 30);
  assert.equal(new Set(some).size, 30);
  assert.ok(some.every((i) => i >= 0 && i < 1000));
  assert.equal(sampleWithoutReplacement(5, 0, rng).length, 0);
  // Old behaviour: a 10-index array (with NaN swaps) instead of an error.
  assert.throws(() => sampleWithoutReplacement(10, 50, rng), /k \(indices drawn without replacement\) must be an integer in \[0, 10\], got 50/);
  assert.throws(() => sampleWithoutReplacement(10, -1, rng), /k \(indices drawn without replacement\) must be an integer in \[0, 10\], got -1/);
  assert.throws(() => sampleWithoutReplacement(2.5, 1, rng), /n \(population size\) must be an integer ≥ 0, got 2.5/);
});

test("a run resumed from its checkpoint of generation 3 ends with the same history as the run in one go, in every regime", () => {
  // A Gaussian refitted on its own samples: every generation draws from the fit, sample and mix streams.
  const gaussian: Learner<{ mean: number; sd: number }, Float64Array> = {
    fit(data, rng) {
      const mean = data.reduce((a, v) => a + v, 0) / data.length;
      const sd = Math.sqrt(data.reduce((a, v) => a + (v - mean) ** 2, 0) / data.length) * (1 + 0.01 * rng.uniform());
      return { mean, sd };
    },
    sample: (m, n, rng) => Float64Array.from({ length: n }, () => m.mean + m.sd * rng.normal()),
  };
  const initialData = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
  for (const [regime, fractions] of [["replace", { alpha: 0.8, beta: 0.1, gamma: 0.1 }], ["accumulate", undefined], ["accumulate-subsample", undefined]] as const) {
    const opts = { initialData, learner: gaussian, dataOps: vectorOps, generations: 7, seed: 5, regime, fractions, metrics: ({ model }: { model: { mean: number; sd: number } }) => model };
    const checkpoints: LoopCheckpoint<Float64Array, { mean: number; sd: number }>[] = [];
    const whole = runGenerations({ ...opts, onCheckpoint: (c) => checkpoints.push(c) });
    assert.deepEqual(checkpoints.map((c) => c.generation), [1, 2, 3, 4, 5, 6], regime);
    // Through JSON, as a run on disk: the streams are plain numbers, the data an array here.
    const saved = JSON.parse(JSON.stringify({ ...checkpoints[2], data: Array.from(checkpoints[2].data), pool: checkpoints[2].pool && Array.from(checkpoints[2].pool) }));
    const resume = { ...saved, data: Float64Array.from(saved.data), pool: saved.pool && Float64Array.from(saved.pool) };
    const resumed = runGenerations({ ...opts, resume });
    assert.deepEqual(resumed.history, whole.history, regime);
    assert.equal(resumed.stopReason, "completed");
  }
  assert.throws(() => runGenerations({ initialData, learner: gaussian, dataOps: vectorOps, generations: 3, seed: 5, resume: { generation: 3, data: initialData, streams: { fit: [1, 2, 3, 4], sample: [1, 2, 3, 4], mix: [1, 2, 3, 4] }, history: [] } }), /resume.generation must be an integer in \[1, 2\]/);
});
