/**
 * Seeded pseudo-random number generator: xoshiro128** 1.1.
 *
 * Blackman, D. & Vigna, S. (2021), "Scrambled linear pseudorandom number generators",
 * ACM Trans. Math. Softw. 47(4). 128-bit state, period 2^128 − 1, passes BigCrush; it
 * works on 32-bit words, which JavaScript's `Math.imul` and `>>>` handle natively.
 * The state is seeded from a 32-bit seed with splitmix32 (Steele, Lea & Flood 2014),
 * as the authors recommend, so nearby seeds give unrelated streams.
 *
 * Same seed, same numbers: every experiment in collapse-lab takes a `seed` and builds
 * one of these; nothing reads `Math.random`.
 */
import { assertFinite, assertSeed, invalid } from "../validate";
import { ZIGGURAT_R, zigguratF, zigguratK, zigguratW } from "./zigguratTables";

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** splitmix32: one step of a 32-bit mixing generator, used only for seeding. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Rng {
  /**
   * The state words s0 … s3. An Int32Array rather than four fields: fields holding 32-bit
   * values are boxed as heap numbers in V8, and a typed array keeps them as raw int32s,
   * which the bulk samplers load into locals and store back cheaply.
   */
  private readonly state = new Int32Array(4);
  readonly seed: number;

  /** @param seed integer in [0, 2^32) */
  constructor(seed: number) {
    assertSeed(seed, "seed");
    this.seed = seed;
    const st = { s: seed | 0 };
    const s = this.state;
    for (let i = 0; i < 4; i++) s[i] = splitmix32(st);
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[3] = 1;
  }

  /** The generator's state words, to continue the stream later from exactly here (`restoreState`). */
  saveState(): number[] {
    return Array.from(this.state);
  }

  /** Puts back a state from `saveState`: the stream continues as it would have from there. */
  restoreState(words: ArrayLike<number>): this {
    if (words.length !== 4) invalid("state.length", "4 (xoshiro128**'s state words)", words.length);
    for (let i = 0; i < 4; i++) if (!Number.isInteger(words[i]) || words[i] < -0x80000000 || words[i] > 0x7fffffff) invalid(`state[${i}]`, "a 32-bit signed integer", words[i]);
    if ((words[0] | words[1] | words[2] | words[3]) === 0) invalid("state", "not all zero (the one state xoshiro128** never reaches)", words);
    this.state.set(words);
    return this;
  }

  /** Next raw 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s = this.state;
    const a = s[0];
    const b = s[1];
    const c = s[2] ^ a;
    const d = s[3] ^ b;
    s[0] = a ^ d;
    s[1] = b ^ c;
    s[2] = c ^ (b << 9);
    s[3] = rotl(d, 11);
    return Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /**
   * Uniform integer in [0, n) for an integer n in [1, 2^32], without modulo bias: 32-bit
   * draws at or above the largest multiple of n below 2^32 are rejected (the method of
   * OpenBSD's arc4random_uniform), so every residue is equally likely.
   */
  uniformInt(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && n === Math.floor(n))) invalid("n", "an integer in [1, 2^32]", n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /**
   * Standard normal deviate by the ziggurat (Marsaglia & Tsang 2000, J. Stat. Softw. 5(8);
   * tables and derivation in ./zigguratTables), 256 layers, in the form numpy uses: every
   * attempt takes two 32-bit words, hi and lo; bits 0–7 of hi pick the layer, bit 8 the
   * sign, and the other 23 bits of hi with the 32 of lo form the 55-bit uniform U. Index
   * and sign bits are disjoint from U's, which avoids the correlation Doornik (2005, "An
   * improved ziggurat method to generate normal random samples") found in RNOR, where
   * they shared bits. U (below 2⁵⁵) is rounded to the double's 53 bits; the rounding is
   * monotone, so the test U < k_i still splits the layer where it should, to 2⁻⁵³.
   * About 99% of draws end at the first rectangle test; the rest go to `zigguratEdge`.
   */
  normal(): number {
    for (;;) {
      const hi = this.nextUint32();
      const lo = this.nextUint32();
      const layer = hi & 255;
      const u = (hi >>> 9) * 4294967296 + lo; // 2^32 as a literal: see fillNormal
      const x = u * zigguratW[layer];
      if (u < zigguratK[layer]) return x * signOf(hi);
      const y = this.zigguratEdge(layer, x, hi);
      if (y === y) return y;
    }
  }

  /**
   * Fills `out` with normal deviates mean + sd·Z: the same numbers as out.length calls of
   * `mean + sd * normal()`, and the stream continues as after those calls. The generator state is kept in local variables for the loop and
   * written back at the end: reading and writing the four class fields per 32-bit word
   * is what makes the per-call version slower. The rare edge draws (tail and wedges, ~1%)
   * go through the same `zigguratEdge` as `normal()`, with the state handed over.
   */
  fillNormal(out: Float64Array | Float32Array, mean = 0, sd = 1): Float64Array | Float32Array {
    assertFinite(mean, "mean");
    if (!(sd >= 0 && sd < Infinity)) invalid("sd", "a finite number ≥ 0", sd);
    const s = this.state;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    // Local aliases: the compiled module reads an imported binding as a property each time.
    const w = zigguratW;
    const k = zigguratK;
    const n = out.length;
    let j = 0;
    while (j < n) {
      // The inner loop holds only the fast path (~99% of draws): with the edge call inside
      // it, V8 spills the loop's registers and the fast path runs ~1.5× slower.
      let hi = 0;
      let layer = -1;
      let x = 0;
      while (j < n) {
        // Two xoshiro128** steps, as nextUint32, inlined on the local state.
        hi = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        let t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        const lo = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        const i = hi & 255;
        // 2^32 written as a literal: the module constant costs ~4 ns a draw here (V8 loads
        // it from the module's context instead of folding it).
        const u = (hi >>> 9) * 4294967296 + lo;
        x = u * w[i];
        if (u >= k[i]) {
          layer = i;
          break;
        }
        out[j++] = mean + sd * (x * signOf(hi));
      }
      if (layer < 0) break;
      s[0] = a;
      s[1] = b;
      s[2] = c;
      s[3] = d;
      const y = this.zigguratEdge(layer, x, hi);
      a = s[0];
      b = s[1];
      c = s[2];
      d = s[3];
      if (y === y) out[j++] = mean + sd * y;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return out;
  }

  /**
   * The ziggurat's slow branch for a candidate x = U·w_layer that failed the rectangle
   * test: in the base layer a tail deviate, in the others the wedge test
   * f(x_i) + V·(f(x_{i−1}) − f(x_i)) < f(x) with V uniform. Returns the signed deviate,
   * or NaN when the wedge rejects x (the caller then starts a new attempt).
   */
  private zigguratEdge(layer: number, x: number, hi: number): number {
    if (layer === 0) {
      return this.normalTail() * signOf(hi);
    }
    const f0 = zigguratF[layer];
    if (f0 + this.uniform() * (zigguratF[layer - 1] - f0) < Math.exp(-0.5 * x * x)) return x * signOf(hi);
    return NaN;
  }

  /**
   * A deviate of |Z| given |Z| > r, r = 3.6541528853610088 the ziggurat's tail edge, by
   * Marsaglia's method (Marsaglia 1964, "Generating a variable from the tail of the normal
   * distribution", Technometrics 6(1)): x = −ln(U₁)/r, y = −ln(U₂), accept when 2y > x²,
   * return r + x. U = 1 − uniform() is in (0, 1], so the logarithm is finite. Public so the
   * tests can check the tail branch on many more draws than normal() would reach.
   */
  normalTail(): number {
    for (;;) {
      const x = -Math.log(1 - this.uniform()) / ZIGGURAT_R;
      const y = -Math.log(1 - this.uniform());
      if (y + y > x * x) return ZIGGURAT_R + x;
    }
  }

  /**
   * Gamma(shape, 1) deviate by Marsaglia & Tsang (2000), "A simple method for generating
   * gamma variables", ACM TOMS 26(3): with d = shape − 1/3, c = 1/√(9d) and Z normal,
   * v = (1 + cZ)³ is accepted by the squeeze U < 1 − 0.0331 Z⁴ or by
   * ln U < Z²/2 + d(1 − v + ln v), and d·v returned. Shape < 1 uses the boost
   * Γ(a) = Γ(a+1)·U^{1/a} (same paper, §6).
   */
  gamma(shape: number): number {
    if (!(shape > 0 && shape < Infinity)) invalid("shape", "a finite number > 0", shape);
    if (shape < 1) {
      const u = this.uniform();
      return this.gamma(shape + 1) * Math.pow(u === 0 ? Number.MIN_VALUE : u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /**
   * Gamma(shape, 1) deviates into `out`: the same numbers as out.length calls of
   * `gamma(shape)`, and the stream continues as after them. For shape ≥ 1 the loop keeps
   * the generator state in locals, as `fillNormal` does, and inlines the normal's
   * rectangle step and the uniform; a normal that needs the ziggurat's edge leaves the
   * inner loop, and its attempt is finished by `gammaAttempt`.
   */
  fillGamma(out: Float64Array | Float32Array, shape: number): Float64Array | Float32Array {
    if (!(shape > 0 && shape < Infinity)) invalid("shape", "a finite number > 0", shape);
    const n = out.length;
    if (shape < 1) {
      for (let i = 0; i < n; i++) out[i] = this.gamma(shape);
      return out;
    }
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    const s = this.state;
    let a = s[0];
    let b = s[1];
    let c = s[2];
    let d = s[3];
    const w = zigguratW;
    const k = zigguratK;
    let i = 0;
    while (i < n) {
      let hi = 0;
      let layer = -1;
      let z = 0;
      while (i < n) {
        hi = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        let t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        const lo = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        const li = hi & 255;
        const un = (hi >>> 9) * 4294967296 + lo;
        z = un * w[li];
        if (un >= k[li]) {
          layer = li;
          break;
        }
        z *= signOf(hi);
        let v = 1 + cc * z;
        if (v <= 0) continue;
        v = v * v * v;
        // uniform(): 27 bits of one word and 26 of the next.
        const h2 = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        const l2 = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
        t = b << 9;
        c ^= a;
        d ^= b;
        b ^= c;
        a ^= d;
        c ^= t;
        d = rotl(d, 11);
        const u = ((h2 >>> 5) * 67108864 + (l2 >>> 6)) / 9007199254740992;
        const z2 = z * z;
        if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + dd * (1 - v + Math.log(v))) out[i++] = dd * v;
      }
      if (layer < 0) break;
      s[0] = a;
      s[1] = b;
      s[2] = c;
      s[3] = d;
      // A rejected wedge (NaN): normal() would try again, which is the next pass here.
      z = this.zigguratEdge(layer, z, hi);
      const g = z === z ? this.gammaAttempt(z, dd, cc) : NaN;
      a = s[0];
      b = s[1];
      c = s[2];
      d = s[3];
      if (g === g) out[i++] = g;
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return out;
  }

  /**
   * One Marsaglia–Tsang attempt from the normal deviate z, as in `gamma`: d·v when
   * accepted, NaN when v ≤ 0 (no uniform drawn) or the uniform rejects it.
   */
  private gammaAttempt(z: number, d: number, c: number): number {
    let v = 1 + c * z;
    if (v <= 0) return NaN;
    v = v * v * v;
    const u = this.uniform();
    const z2 = z * z;
    return u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d * (1 - v + Math.log(v)) ? d * v : NaN;
  }

  /** Chi-square deviate with k > 0 degrees of freedom: χ²_k = 2·Gamma(k/2). */
  chiSquare(k: number): number {
    if (!(k > 0 && k < Infinity)) invalid("k (degrees of freedom)", "a finite number > 0", k);
    return 2 * this.gamma(k / 2);
  }

  /** Beta(a, b) deviate as G_a / (G_a + G_b), for a, b > 0. */
  beta(a: number, b: number): number {
    if (!(a > 0 && a < Infinity)) invalid("a", "a finite number > 0", a);
    if (!(b > 0 && b < Infinity)) invalid("b", "a finite number > 0", b);
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /**
   * Binomial(n, p) deviate, exact for any n. Small means use inversion by sequential
   * search; large n uses Devroye's order-statistic recursion (Devroye 1986, "Non-Uniform
   * Random Variate Generation", §X.4): the k-th smallest of n uniforms is Beta(k, n+1−k),
   * which splits the problem in two, so the cost is O(log n) gamma draws.
   */
  binomial(n: number, p: number): number {
    let count = 0;
    let flip = false;
    if (p > 0.5) {
      p = 1 - p;
      flip = true;
    }
    const total = n;
    while (n > 0 && p > 0) {
      if (n * p < 16) {
        count += this.binomialInversion(n, p);
        break;
      }
      const k = (n + 1) >> 1;
      const x = this.beta(k, n + 1 - k);
      if (x < p) {
        count += k;
        n -= k;
        p = (p - x) / (1 - x);
      } else {
        n = k - 1;
        p = p / x;
      }
    }
    return flip ? total - count : count;
  }

  private binomialInversion(n: number, p: number): number {
    const q = 1 - p;
    const ratio = p / q;
    let prob = Math.pow(q, n);
    let cdf = prob;
    const u = this.uniform();
    let k = 0;
    while (u > cdf && k < n) {
      prob *= (ratio * (n - k)) / (k + 1);
      cdf += prob;
      k++;
      if (prob < 1e-300 && cdf >= 1 - 1e-15) break;
    }
    return k;
  }

  /**
   * The generator of the named stream `path` of `seed` (see `streamSeed`), e.g.
   * `Rng.stream(seed, "fit")` or `Rng.stream(seed, "run", s)`.
   */
  static stream(seed: number, ...path: StreamPart[]): Rng {
    return new Rng(streamSeed(seed, ...path));
  }
}

/** One component of a stream's name: a string label or an integer index in [0, 2^32). */
export type StreamPart = string | number;

/** The murmur3 32-bit finaliser: a bijection of 32-bit words that mixes every bit. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a hash of a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The seed of the named random stream `path` under `seed`: every random choice in the
 * library draws from a stream named for what it is for ("fit", "sample", "initial-data",
 * "run" and a run index, …), so adding a draw in one place never shifts the numbers of
 * another, and streams are reproducible from the experiment's one seed.
 *
 * Each part is folded in with a bijective mix, h ← mix32(h + φ ^ part) with φ the golden
 * ratio constant: for a fixed prefix, distinct integer indices give distinct seeds, so
 * `streamSeed(seed, "run", s)` never collides across runs whatever their number (the
 * `index · 1000 + s` scheme it replaces collided at 1000 seeds).
 */
export function streamSeed(seed: number, ...path: StreamPart[]): number {
  assertSeed(seed, "seed");
  let h = mix32(seed);
  path.forEach((part, i) => {
    let word: number;
    if (typeof part === "string") word = fnv1a(part);
    else {
      if (!(Number.isInteger(part) && part >= 0 && part < TWO_POW_32)) invalid(`stream path[${i}]`, "a string or an integer in [0, 2^32)", part);
      word = part;
    }
    h = mix32(((h + 0x9e3779b9) ^ word) >>> 0);
  });
  return h;
}

/** Seed of run `index` of a multi-seed experiment with base seed `seed`. */
export function runSeed(seed: number, index: number): number {
  return streamSeed(seed, "run", index);
}

/**
 * ±1 from bit 8 of a ziggurat draw's first word, without a branch: the bit is a fair coin,
 * so `bit ? −x : x` would mispredict half the time (measured: ~3 ns of a ~7 ns draw).
 */
function signOf(hi: number): number {
  return 1 - ((hi >>> 7) & 2);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
