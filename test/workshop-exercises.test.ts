/**
 * The chapter exercises' checks, without a kernel: each accepts the reference answer and
 * answers the common mistakes that workshop/README.md lists with the specific message
 * promised there — a check that passed everything, or said only "wrong", would fail here.
 * (05.3 needs the chapter's trained language model; the chapter notebook test runs it.)
 */
import test from "node:test";
import assert from "node:assert/strict";
import { ex01 } from "../src/workshop/ch01";
import { ex02 } from "../src/workshop/ch02";
import { ex03 } from "../src/workshop/ch03";
import { ex04 } from "../src/workshop/ch04";
import { exercises05 } from "../src/workshop/ch05";
import { ex07, fullRunTailMax } from "../src/workshop/ch07";
import type { Exercise } from "../src/notebook/exercise";
import type { InterpolatedLm } from "../src/lm/interpolatedLm";

function expectLine<A>(q: Exercise<A>, answer: A, outcome: "correct" | "wrong", pattern?: RegExp): void {
  const r = q.evaluate(answer);
  assert.equal(r.outcome, outcome, r.line);
  if (pattern) assert.match(r.line, pattern);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const scatter = (xs: number[]) => xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0);

test("01.1 absorption: q₀ passes; 'the likeliest always wins' and 1/K get their own message", () => {
  expectLine(ex01.absorption, 0.4, "correct", /martingale/);
  expectLine(ex01.absorption, 1, "wrong", /does NOT always win/);
  expectLine(ex01.absorption, 1 / 6, "wrong", /1\/6 would hold if every state were equally likely/);
  expectLine(ex01.absorption, 0.6, "wrong", /more than 4 SE/);
  expectLine(ex01.absorption, 1.5, "wrong", /must be in \[0, 1\]/);
});

test("01.2 unbiased variance: n − 1 passes; dividing by n is named as the ML estimate; the sd is named", () => {
  expectLine(ex01.unbiasedVariance, (xs) => scatter(xs) / (xs.length - 1), "correct", /E\[σ̂²\] = σ²/);
  expectLine(ex01.unbiasedVariance, (xs) => scatter(xs) / xs.length, "wrong", /maximum-likelihood estimate/);
  expectLine(ex01.unbiasedVariance, (xs) => Math.sqrt(scatter(xs) / (xs.length - 1)), "wrong", /standard deviation/);
  expectLine(ex01.unbiasedVariance, (xs) => xs.reduce((s, x) => s + x * x, 0) / (xs.length - 1), "wrong", /Subtract the mean/);
});

test("02.1 mixture variance: the law of total variance passes; the within-component part alone is named", () => {
  const total = (w: number[], m: number[], s: number[]) => w.reduce((a, wk, k) => a + wk * (s[k] ** 2 + m[k] ** 2), 0) - w.reduce((a, wk, k) => a + wk * m[k], 0) ** 2;
  expectLine(ex02.mixtureVariance, total, "correct", /4\.36/);
  expectLine(ex02.mixtureVariance, (w, _m, s) => w.reduce((a, wk, k) => a + wk * s[k] ** 2, 0), "wrong", /within-component variance only/);
});

test("02.2 and 02.3: a stationary error passes, growth at M = 10 000 does not; at M = 100 the explanation is checked", () => {
  expectLine(ex02.stationary, 1, "correct", /generation 1 only/);
  expectLine(ex02.stationary, 3, "wrong", /Growth is chapter 1's mechanism/);
  expectLine(ex02.smallSample, { ratio: 1, why: "a" }, "wrong", /geometric mean over 20 seeds/);
});

test("03.2 NLL gradient: the right one passes; the log-likelihood's sign and ∂/∂σ are named", () => {
  const grad = (xs: number[], mu: number, ls: number) => {
    const s2 = Math.exp(2 * ls);
    return [-mean(xs.map((x) => x - mu)) / s2, 1 - mean(xs.map((x) => (x - mu) ** 2)) / s2];
  };
  expectLine(ex03.gradient, grad, "correct", /hits the clip/);
  expectLine(ex03.gradient, (xs, mu, ls) => grad(xs, mu, ls).map((g) => -g), "wrong", /log-LIKELIHOOD/);
  expectLine(ex03.gradient, (xs, mu, ls) => [grad(xs, mu, ls)[0], grad(xs, mu, ls)[1] / Math.exp(ls)], "wrong", /∂NLL\/∂σ; the parameter is log σ/);
});

test("03.1 SGD shortfall: 'SGD converges' (1.0) is answered with the long run", () => {
  expectLine(ex03.shortfall, 0.85, "correct");
  expectLine(ex03.shortfall, 1, "wrong", /only with a long run/);
});

test("04.1 and 04.2: the closed forms pass; the missing factor 2, the norm, the peak and the 1-D formula are named", () => {
  const inner = (m: number, v: number) => Math.exp(-(m * m) / (2 * v)) / Math.sqrt(2 * Math.PI * v);
  const l2 = (m1: number, s1: number, m2: number, s2: number) => inner(0, 2 * s1 * s1) + inner(0, 2 * s2 * s2) - 2 * inner(m1 - m2, s1 * s1 + s2 * s2);
  expectLine(ex04.l2Gaussians, l2, "correct");
  expectLine(ex04.l2Gaussians, (m1, s1, m2, s2) => inner(0, 2 * s1 * s1) + inner(0, 2 * s2 * s2) - inner(m1 - m2, s1 * s1 + s2 * s2), "wrong", /appears twice/);
  expectLine(ex04.l2Gaussians, (m1, s1, m2, s2) => Math.sqrt(l2(m1, s1, m2, s2)), "wrong", /L2 norm/);
  expectLine(ex04.selfProduct, 1 / (4 * Math.PI * 0.03 ** 2), "correct", /1\/\(4πσ²\)/);
  expectLine(ex04.selfProduct, 1 / (2 * Math.PI * 0.03 ** 2), "wrong", /density's peak/);
  expectLine(ex04.selfProduct, 1 / (2 * Math.sqrt(Math.PI) * 0.03), "wrong", /1-D value/);
});

test("04.3: the N = 250 value is recognised as not rerun", () => {
  expectLine(ex04.sampleSize, { sampleSize: 1000, l2: 1, why: "a" }, "wrong", /at N = 1000 the geometric mean/);
});

test("05.1 and 05.2: perplexity and the repetition penalty pass; the arithmetic mean and dividing log-probabilities are named", () => {
  const ex05 = exercises05({ lm: undefined as unknown as InterpolatedLm, test: new Int32Array(0) });
  expectLine(ex05.perplexity, (p) => Math.exp(-mean(p.map(Math.log))), "correct", /uniform over 1000 words gives 1000/);
  expectLine(ex05.perplexity, (p) => mean(p.map((x) => 1 / x)), "wrong", /GEOMETRIC mean/);
  expectLine(ex05.perplexity, (p) => -mean(p.map(Math.log)), "wrong", /cross-entropy/);
  const rule = (s: number[], seen: number[], k: number) => s.map((v, i) => (seen.includes(i) ? (v < 0 ? v * k : v / k) : v));
  expectLine(ex05.penalty, rule, "correct", /RepetitionPenaltyLogitsProcessor/);
  expectLine(ex05.penalty, (s, seen, k) => s.map((v, i) => (seen.includes(i) ? v / k : v)), "wrong", /rewards repetition/);
  expectLine(ex05.penalty, (s, _seen, k) => s.map((v) => (v < 0 ? v * k : v / k)), "wrong", /you penalise every token/);
});

test("07.1 log-softmax: the shifted log-sum-exp passes; overflow, softmax itself and a missing normaliser are named", () => {
  const stable = (z: readonly number[]) => {
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, x) => s + Math.exp(x - m), 0));
    return z.map((x) => x - lse);
  };
  expectLine(ex07.logSoftmax, stable, "correct", /huge logits included/);
  expectLine(ex07.logSoftmax, (z) => z.map((x) => x - Math.log(z.reduce((s, y) => s + Math.exp(y), 0))), "wrong", /e\^1000 overflows a double/);
  expectLine(ex07.logSoftmax, (z) => stable(z).map(Math.exp), "wrong", /you return the probabilities/);
  expectLine(ex07.logSoftmax, (z) => z.map((x) => x - Math.max(...z)), "wrong", /the log of the normaliser/);
});

test("07.2 median prediction: a fall within a factor of 2 passes; a rise and a far-off fall get their own message", () => {
  // A summary whose (b) medians fall from 100 to 10: the measured ratio is 0.1.
  const h = (generation: number, median: number) => ({ generation, median, p95: median, max: median, above100: 0, centres: [], density: [] });
  const run = { settings: { b: { histograms: [h(0, 100), h(1, 10)] } } } as unknown as Parameters<typeof ex07.median.evaluate>[0]["run"];
  expectLine(ex07.median, { prediction: 0.15, run }, "correct", /× 0\.15 against × 0\.1 measured/);
  expectLine(ex07.median, { prediction: 1.2, run }, "wrong", /stays or rises/);
  expectLine(ex07.median, { prediction: 0.02, run }, "wrong", /within a factor of 2.*direction is right/);
  expectLine(ex07.median, { prediction: 0.1, run: {} as typeof run }, "wrong", /pass the live run's summary/);
});

test("07.3 tail: setting (c)'s maximum from the committed run with reason a passes; (b)'s number and reasons b, c are named", () => {
  const c = fullRunTailMax("c", 5);
  expectLine(ex07.tail, { setting: "c", max: c, why: "a" }, "correct", /10 % real blocks/);
  expectLine(ex07.tail, { setting: "c", max: fullRunTailMax("b", 5), why: "a" }, "wrong", /setting \(b\)'s value/);
  expectLine(ex07.tail, { setting: "c", max: c, why: "b" }, "wrong", /more epochs make a model more sure/);
  expectLine(ex07.tail, { setting: "c", max: c, why: "c" }, "wrong", /same generation-0 model/);
  expectLine(ex07.tail, { setting: "b", max: c, why: "a" }, "wrong", /changes the setting to "c"/);
});
