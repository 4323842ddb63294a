/**
 * The ziggurat normal sampler and the Marsaglia–Tsang gamma sampler against their exact
 * distributions, and the bulk samplers against the per-call ones.
 *
 * Reference values: Φ and the normal tail from erfc (Numerical Recipes §6.2 Chebyshev fit,
 * fractional error < 1.2e−7, far below the KS critical values used here);
 * 2·Φ(−4) = 6.334248e−5 and P(|Z| > 6 | |Z| > r) = erfc(6/√2)/erfc(r/√2) = 7.647003e−6 from
 * mpmath at 40 digits; the gamma CDF is the regularised lower incomplete gamma P(a, x),
 * written below after Numerical Recipes §6.2 (series for x < a + 1, Lentz's continued
 * fraction otherwise). KS critical value at α = 0.001: 1.949/√n (Smirnov 1948). Moment
 * tolerances: 4 standard errors.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { ZIGGURAT_LAYERS, ZIGGURAT_R, ZIGGURAT_V, zigguratF, zigguratK, zigguratW, zigguratX } from "../src/random/zigguratTables";
import { erfc } from "../src/metrics/tailMass";
import { assertWithinSe } from "./helpers/stats";

const KS_C = 1.949;

/** Largest gap between the empirical CDF of `xs` (sorted here) and `cdf`. */
function ksOneSample(xs: Float64Array, cdf: (x: number) => number): number {
  const x = Float64Array.from(xs).sort();
  const n = x.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(x[i]);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

function assertKs(xs: Float64Array, cdf: (x: number) => number, what: string): void {
  const d = ksOneSample(xs, cdf);
  const critical = KS_C / Math.sqrt(xs.length);
  assert.ok(d < critical, `${what}: KS D = ${d} ≥ critical ${critical} (n = ${xs.length}, α = 0.001)`);
}

const normalCdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

/** Central moments: mean, variance, skewness, kurtosis (not excess). */
function moments(x: Float64Array): { mean: number; variance: number; skewness: number; kurtosis: number } {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const mean = s / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

/** ln Γ(x), x > 0, Lanczos (Numerical Recipes §6.1, gammln; error < 2e−10). */
function lnGamma(x: number): number {
  const cof = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of cof) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Regularised lower incomplete gamma P(a, x) (Numerical Recipes §6.2, gser and gcf). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnPrefix = -x + a * Math.log(x) - lnGamma(a);
  if (x < a + 1) {
    let ap = a;
    let del = 1 / a;
    let sum = del;
    for (let n = 0; n < 100000; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(lnPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(lnPrefix) * h;
}

test("ziggurat tables: 256 layers of equal area v, the top one reaching x_0 = 0", () => {
  const f = (x: number) => Math.exp(-0.5 * x * x);
  const n = ZIGGURAT_LAYERS;
  // Base layer: the strip [0, r] × [0, f(r)] and the tail, √(π/2)·erfc(r/√2).
  const tail = Math.sqrt(Math.PI / 2) * erfc(ZIGGURAT_R / Math.SQRT2);
  assert.ok(Math.abs(ZIGGURAT_R * f(ZIGGURAT_R) + tail - ZIGGURAT_V) < 1e-7 * ZIGGURAT_V);
  assert.equal(zigguratX[n - 1], ZIGGURAT_R);
  for (let i = 2; i < n; i++) {
    const area = zigguratX[i] * (zigguratF[i - 1] - zigguratF[i]);
    assert.ok(Math.abs(area - ZIGGURAT_V) < 1e-12 * ZIGGURAT_V, `layer ${i}: area ${area}`);
    assert.ok(zigguratX[i - 1] < zigguratX[i]);
  }
  // The top layer [0, x_1] × [f(x_1), 1]: the recursion's next x, √(−2 ln(f(x_1) + v/x_1)), is 0.
  const next = zigguratF[1] + ZIGGURAT_V / zigguratX[1];
  assert.ok(Math.abs(next - 1) < 1e-13, `f(x_1) + v/x_1 = ${next}`);
  assert.ok(Math.abs(zigguratX[1] * (1 - zigguratF[1]) - ZIGGURAT_V) < 1e-12 * ZIGGURAT_V);
  assert.equal(zigguratK[1], 0);
  for (let i = 1; i < n; i++) assert.equal(zigguratW[i] * 2 ** 55, zigguratX[i]);
});

test("fillNormal gives exactly the numbers of normal() calls, across tail draws and wedge rejections, and the stream goes on identically", () => {
  // Count the slow-branch visits of the per-call reference run through the private method.
  const proto = Rng.prototype as unknown as { zigguratEdge: (layer: number, x: number, hi: number) => number };
  const edge = proto.zigguratEdge;
  let tails = 0;
  let rejections = 0;
  proto.zigguratEdge = function (this: Rng, layer: number, x: number, hi: number) {
    const y = edge.call(this, layer, x, hi);
    if (layer === 0) tails++;
    if (y !== y) rejections++;
    return y;
  };
  const n = 20000;
  const reference = new Float64Array(n);
  try {
    const a = new Rng(2024);
    for (let i = 0; i < n; i++) reference[i] = 1.5 + 2 * a.normal();
  } finally {
    proto.zigguratEdge = edge;
  }
  // At ~2.6e-4 tail and ~1% rejection per draw, 20 000 draws visit both branches.
  assert.ok(tails >= 1 && rejections >= 1, `tails ${tails}, rejections ${rejections}`);
  const a = new Rng(2024);
  for (let i = 0; i < n; i++) a.normal();
  const b = new Rng(2024);
  const bulk = b.fillNormal(new Float64Array(n), 1.5, 2);
  assert.deepEqual(bulk, reference);
  for (let i = 0; i < 10; i++) assert.equal(b.uniform(), a.uniform());
  assert.equal(b.normal(), a.normal());
  // Float32 output: the same deviates, rounded once; split calls continue the stream.
  const c = new Rng(2024);
  const head = c.fillNormal(new Float32Array(7000), 1.5, 2);
  const rest = c.fillNormal(new Float32Array(n - 7000), 1.5, 2);
  assert.deepEqual(head, Float32Array.from(reference.subarray(0, 7000)));
  assert.deepEqual(rest, Float32Array.from(reference.subarray(7000)));
  assert.throws(() => new Rng(1).fillNormal(new Float64Array(1), 0, -1), /sd must be a finite number ≥ 0, got -1/);
  assert.throws(() => new Rng(1).fillNormal(new Float64Array(1), NaN), /mean must be a finite number, got NaN/);
});

test("normal: KS against Φ, moments, the mass beyond 4σ, and the tail branch in place", () => {
  const n = 10_000_000;
  const x = new Rng(77).fillNormal(new Float64Array(n)) as Float64Array;
  assertKs(x.subarray(0, 1_000_000), normalCdf, "normal");
  const m = moments(x);
  // SEs for normal data: √(1/n), √(2/n), √(6/n), √(24/n).
  assertWithinSe(m.mean, 0, Math.sqrt(1 / n), 4, "mean");
  assertWithinSe(m.variance, 1, Math.sqrt(2 / n), 4, "variance");
  assertWithinSe(m.skewness, 0, Math.sqrt(6 / n), 4, "skewness");
  assertWithinSe(m.kurtosis, 3, Math.sqrt(24 / n), 4, "kurtosis");
  let beyond4 = 0;
  const tail: number[] = [];
  for (let i = 0; i < n; i++) {
    const ax = Math.abs(x[i]);
    if (ax > 4) beyond4++;
    if (ax > ZIGGURAT_R) tail.push(ax);
  }
  const p4 = 6.334248366623984e-5; // 2·Φ(−4), mpmath
  assertWithinSe(beyond4 / n, p4, Math.sqrt((p4 * (1 - p4)) / n), 4, "frequency beyond 4σ");
  // Draws beyond r come from the tail branch (and, for the base layer, only from it).
  const tailMass = erfc(ZIGGURAT_R / Math.SQRT2);
  assertWithinSe(tail.length / n, tailMass, Math.sqrt((tailMass * (1 - tailMass)) / n), 4, "frequency beyond r");
  assertKs(Float64Array.from(tail), (t) => 1 - erfc(t / Math.SQRT2) / tailMass, "|Z| given |Z| > r, from normal()");
});

test("normalTail: |Z| given |Z| > r, by KS and by its frequency beyond 6σ", () => {
  const n = 4_000_000;
  const rng = new Rng(5);
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) t[i] = rng.normalTail();
  const tailMass = erfc(ZIGGURAT_R / Math.SQRT2);
  assertKs(t.subarray(0, 1_000_000), (x) => 1 - erfc(x / Math.SQRT2) / tailMass, "normal tail");
  let beyond6 = 0;
  for (let i = 0; i < n; i++) if (t[i] > 6) beyond6++;
  // P(|Z| > 6 | |Z| > r) = erfc(6/√2)/erfc(r/√2) = 7.647003e−6 (mpmath): 30.6 expected, Poisson SE √30.6.
  const expected = n * 7.647003321233012e-6;
  assert.ok(expected >= 5);
  assertWithinSe(beyond6, expected, Math.sqrt(expected), 4, "tail draws beyond 6σ");
});

test("gamma: KS against P(a, x) and moments, shapes 0.3, 1, 2.5, 10 and 5·10⁵; fillGamma equals gamma()", () => {
  for (const shape of [0.3, 1, 2.5, 10]) {
    const n = 200_000;
    const x = new Rng(100 + shape * 10).fillGamma(new Float64Array(n), shape) as Float64Array;
    assertKs(x, (v) => gammaP(shape, v), `Gamma(${shape})`);
    const m = moments(x);
    // Gamma(a): mean a, variance a; SE of the sample variance √((μ4 − σ⁴)/n), μ4 = 3a² + 6a.
    assertWithinSe(m.mean, shape, Math.sqrt(shape / n), 4, `Gamma(${shape}) mean`);
    assertWithinSe(m.variance, shape, Math.sqrt((2 * shape * shape + 6 * shape) / n), 4, `Gamma(${shape}) variance`);
  }
  // The big shape, as the chain's χ²_{M−1}/2 at M = 10⁶: KS of the standardised
  // (G − a)/√a against P(a, a + √a·t) on fewer draws (each P costs ~√a series terms).
  const a = 5e5;
  const big = new Rng(9).fillGamma(new Float64Array(1_000_000), a) as Float64Array;
  const standardised = new Float64Array(20_000);
  for (let i = 0; i < standardised.length; i++) standardised[i] = (big[i] - a) / Math.sqrt(a);
  assertKs(standardised, (t) => gammaP(a, a + Math.sqrt(a) * t), `Gamma(${a}), standardised`);
  const m = moments(big);
  assertWithinSe(m.mean, a, Math.sqrt(a / big.length), 4, "Gamma(5e5) mean");
  assertWithinSe(m.variance, a, Math.sqrt((2 * a * a + 6 * a) / big.length), 4, "Gamma(5e5) variance");

  for (const shape of [0.3, 2.5, a]) {
    const r1 = new Rng(31);
    const perCall = Float64Array.from({ length: 5000 }, () => r1.gamma(shape));
    const r2 = new Rng(31);
    assert.deepEqual(r2.fillGamma(new Float64Array(5000), shape), perCall);
    assert.equal(r2.uniform(), r1.uniform());
  }
  for (const bad of [0, -1, NaN, Infinity]) {
    assert.throws(() => new Rng(1).gamma(bad), /shape must be a finite number > 0/);
    assert.throws(() => new Rng(1).fillGamma(new Float64Array(1), bad), /shape must be a finite number > 0/);
  }
  assert.throws(() => new Rng(1).chiSquare(0), /k \(degrees of freedom\) must be a finite number > 0, got 0/);
});
