/**
 * Small statistics for tests: sample mean with its standard error, and the two-sample
 * Kolmogorov–Smirnov statistic with its large-sample critical value
 * c(α)·√((n+m)/(n·m)), c(0.001) = 1.949 (Smirnov 1948).
 */
export function meanAndStandardError(xs: ArrayLike<number>): { mean: number; se: number; sd: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  const mean = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - mean) ** 2;
  const sd = Math.sqrt(v / (n - 1));
  return { mean, se: sd / Math.sqrt(n), sd };
}

/** Asserts |observed − expected| ≤ k·se, with a message that shows all three. */
export function assertWithinSe(observed: number, expected: number, se: number, k = 4, what = "value"): void {
  if (!(Math.abs(observed - expected) <= k * se)) {
    throw new Error(`${what}: observed ${observed}, expected ${expected} ± ${k}·SE (SE = ${se})`);
  }
}

export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

export function ksCritical(n: number, m: number, c = 1.949): number {
  return c * Math.sqrt((n + m) / (n * m));
}
