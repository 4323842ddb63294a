/**
 * The discrete chain (docs/theory.md#discrete-chain) against its closed forms: loss probability (1 − q)^M,
 * E[S_m] = 1 − (1 − 1/M)^m (1 − S_0), absorption P(state i) = q_i. Binomial or sample
 * standard errors, 4 SE.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { absorptionFrequencies, runDiscreteChain } from "../src/experiments/discreteChain";
import { expectedCollisionMass, lossProbability } from "../src/theory/discreteChain";
import { collisionMass, klDivergence, supportSize, totalVariation } from "../src/metrics/discrete";
import { fitFrequencies } from "../src/discrete/discreteLearner";
import { runSeed } from "../src/random/rng";
import { assertWithinSe, meanAndStandardError } from "./helpers/stats";

test("a state with q = 0.01 is lost in one generation of M = 100 with probability 0.99^100", () => {
  const q = [0.01, 0.99];
  const runs = 4000;
  let lost = 0;
  for (let r = 0; r < runs; r++) {
    const run = runDiscreteChain({ q, sampleSize: 100, generations: 1, seed: runSeed(21, r) });
    if (run.support[0] === 1) lost++;
  }
  const p = lossProbability(0.01, 100);
  assertWithinSe(lost / runs, p, Math.sqrt((p * (1 - p)) / runs), 4, "P(lost)");
});

test("E[S_m] = 1 − (1 − 1/M)^m (1 − S_0)", () => {
  const k = 10;
  const q = new Array(k).fill(1 / k);
  const m = 50;
  const g = 25;
  const runs = 3000;
  const s = new Float64Array(runs);
  for (let r = 0; r < runs; r++) {
    const run = runDiscreteChain({ q, sampleSize: m, generations: g, seed: runSeed(22, r), stopAtAbsorption: false });
    s[r] = run.collision[g - 1];
  }
  const obs = meanAndStandardError(s);
  // model g − 1 is g multinomial draws away from q, whose S_0 = 1/K
  assertWithinSe(obs.mean, expectedCollisionMass(1 / k, m, g), obs.se, 4, "E[S_25]");
});

test("the chain is absorbed in state i with probability q_i", () => {
  const q = [0.5, 0.3, 0.15, 0.05];
  const runs = 4000;
  const res = absorptionFrequencies({ q, sampleSize: 20, runs, seed: 23 });
  assert.equal(res.notAbsorbed, 0);
  q.forEach((qi, i) => assertWithinSe(res.counts[i] / runs, qi, Math.sqrt((qi * (1 - qi)) / runs), 4, `P(absorbed in ${i})`));
});

test("support never grows and collision mass ends at 1", () => {
  const run = runDiscreteChain({ q: [0.25, 0.25, 0.25, 0.25], sampleSize: 10, generations: 10000, seed: 24 });
  for (let g = 1; g < run.support.length; g++) assert.ok(run.support[g] <= run.support[g - 1]);
  assert.ok(run.absorbedAt >= 0);
  assert.equal(run.collision[run.collision.length - 1], 1);
});

test("discrete metrics: hand-computed values", () => {
  const p = [0.5, 0.5, 0];
  const q = [0.25, 0.25, 0.5];
  assert.equal(supportSize(p), 2);
  assert.equal(collisionMass(p), 0.5);
  assert.ok(Math.abs(klDivergence(p, q) - Math.log(2)) < 1e-15);
  assert.equal(klDivergence(q, p), Infinity);
  assert.equal(totalVariation(p, q), 0.5);
  assert.deepEqual(Array.from(fitFrequencies([1, 3, 0])), [0.25, 0.75, 0]);
});

test("bad discrete parameters name themselves", () => {
  assert.throws(() => runDiscreteChain({ q: [0.5, 0.5], sampleSize: 1, generations: 3, seed: 1 }), /sampleSize must be an integer ≥ 2, got 1/);
  assert.throws(() => runDiscreteChain({ q: [0.5, 0.6], sampleSize: 10, generations: 3, seed: 1 }), /sum of q must be 1/);
  assert.throws(() => runDiscreteChain({ q: [1.5, -0.5], sampleSize: 10, generations: 3, seed: 1 }), /q\[1\] must be a finite number ≥ 0/);
  assert.throws(() => expectedCollisionMass(0.1, 10, -1), /generations must be an integer ≥ 0/);
  assert.throws(() => klDivergence([1, 0], [1]), /q.length must be equal to p.length = 2/);
});
