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
import { assertSeed, invalid } from "../validate";

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
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Second normal deviate of the last polar-method pair, or NaN when none is cached. */
  private spareNormal = NaN;
  readonly seed: number;

  /** @param seed integer in [0, 2^32) */
  constructor(seed: number) {
    assertSeed(seed, "seed");
    this.seed = seed;
    const st = { s: seed | 0 };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  /** Next raw 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
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
   * Standard normal deviate by Marsaglia's polar method (Marsaglia & Bray 1964): two
   * deviates per accepted pair, the second cached for the next call.
   */
  normal(): number {
    const spare = this.spareNormal;
    if (spare === spare) {
      this.spareNormal = NaN;
      return spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return u * f;
  }

  /**
   * Gamma(shape, 1) deviate by Marsaglia & Tsang (2000), "A simple method for generating
   * gamma variables", ACM TOMS 26(3); shape < 1 uses the boost Γ(a) = Γ(a+1)·U^{1/a}.
   */
  gamma(shape: number): number {
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

  /** Chi-square deviate with k > 0 degrees of freedom: χ²_k = 2·Gamma(k/2). */
  chiSquare(k: number): number {
    return 2 * this.gamma(k / 2);
  }

  /** Beta(a, b) deviate as G_a / (G_a + G_b). */
  beta(a: number, b: number): number {
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

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
