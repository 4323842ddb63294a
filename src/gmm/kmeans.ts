/**
 * k-means clustering for EM initialisation, as scikit-learn's GaussianMixture does with
 * init_params = "kmeans" (KMeans with one init):
 * - greedy k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre uniformly, each
 *   next one the best of 2 + ⌊ln K⌋ candidates drawn with probability ∝ D(x)², "best"
 *   meaning the lowest total squared distance (scikit-learn's `_kmeans_plusplus`);
 * - Lloyd iterations until no label changes, the summed squared centre shift falls below
 *   1e-4 × the mean per-feature variance (scikit-learn's tolerance), or 300 iterations.
 * An empty cluster is re-seeded at the point farthest from its centre.
 */
import type { Points } from "../data/points";
import type { Rng } from "../random/rng";
import { assertInteger, invalid } from "../validate";

export interface KMeansResult {
  /** K × d row-major centres. */
  centres: Float64Array;
  labels: Int32Array;
  iterations: number;
}

function sqDist(x: Float64Array, i: number, c: Float64Array, k: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) {
    const t = x[i * d + j] - c[k * d + j];
    s += t * t;
  }
  return s;
}

/** Index i with cumulative[i − 1] ≤ target < cumulative[i] (binary search). */
function searchCumulative(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Greedy k-means++ seeding: K × d centres chosen among the points. */
export function kmeansPlusPlus(data: Points, k: number, rng: Rng): Float64Array {
  const { n, dim: d, values: x } = data;
  assertInteger(k, "k", 1, Math.max(1, n));
  if (n < 1) invalid("data.n", "≥ 1 point", n);
  const centres = new Float64Array(k * d);
  const closest = new Float64Array(n);
  const candidateDist = new Float64Array(n);
  const bestDist = new Float64Array(n);
  const cumulative = new Float64Array(n);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.uniformInt(n);
  centres.set(x.subarray(first * d, first * d + d), 0);
  for (let i = 0; i < n; i++) closest[i] = sqDist(x, i, centres, 0, d);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i];
    let bestPotential = Infinity;
    let best = -1;
    for (let t = 0; t < trials; t++) {
      // All points coincide (a collapsed generation): any point is as good as another.
      const candidate = acc > 0 ? searchCumulative(cumulative, rng.uniform() * acc) : rng.uniformInt(n);
      let pot = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const v = x[i * d + j] - x[candidate * d + j];
          s += v * v;
        }
        const m = s < closest[i] ? s : closest[i];
        candidateDist[i] = m;
        pot += m;
      }
      if (pot < bestPotential) {
        bestPotential = pot;
        best = candidate;
        bestDist.set(candidateDist);
      }
    }
    centres.set(x.subarray(best * d, best * d + d), c * d);
    closest.set(bestDist);
  }
  return centres;
}

export interface KMeansOptions {
  maxIter?: number;
}

/** k-means++ seeding followed by Lloyd iterations. */
export function kmeans(data: Points, k: number, rng: Rng, opts: KMeansOptions = {}): KMeansResult {
  const maxIter = opts.maxIter ?? 300;
  assertInteger(maxIter, "maxIter", 1);
  const { n, dim: d, values: x } = data;
  const centres = kmeansPlusPlus(data, k, rng);
  const labels = new Int32Array(n).fill(-1);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const tol = shiftTolerance(x, n, d);
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    iterations = it + 1;
    if (assignNearest(x, n, d, centres, k, labels) === 0) break;
    if (moveCentresToMeans(x, n, d, centres, k, labels, sums, counts) <= tol) {
      // Labels for the final centres, as scikit-learn's last assignment step.
      assignNearest(x, n, d, centres, k, labels);
      break;
    }
  }
  return { centres, labels, iterations };
}

/** scikit-learn's tolerance on the centre shift: 1e-4 × the mean over features of the data variance. */
function shiftTolerance(x: Float64Array, n: number, d: number): number {
  let meanVariance = 0;
  for (let j = 0; j < d; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += x[i * d + j];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (x[i * d + j] - m) ** 2;
    meanVariance += v / n;
  }
  return (1e-4 * meanVariance) / d;
}

/**
 * Lloyd's update: each centre moves to the mean of its points; an empty cluster takes the
 * point farthest from its centre. Returns the summed squared shift of the centres.
 * `sums` (k × d) and `counts` (k) are scratch.
 */
function moveCentresToMeans(
  x: Float64Array,
  n: number,
  d: number,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  sums: Float64Array,
  counts: Float64Array,
): number {
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    counts[c]++;
    for (let j = 0; j < d; j++) sums[c * d + j] += x[i * d + j];
  }
  let shift = 0;
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) {
      const far = farthestPoint(x, n, d, centres, labels);
      const previous = labels[far];
      counts[previous]--;
      for (let j = 0; j < d; j++) {
        sums[previous * d + j] -= x[far * d + j];
        sums[c * d + j] = x[far * d + j];
      }
      counts[c] = 1;
      labels[far] = c;
    }
    for (let j = 0; j < d; j++) {
      const updated = sums[c * d + j] / counts[c];
      shift += (updated - centres[c * d + j]) ** 2;
      centres[c * d + j] = updated;
    }
  }
  return shift;
}

/** Sets each label to its nearest centre; returns how many labels changed. */
function assignNearest(x: Float64Array, n: number, d: number, centres: Float64Array, k: number, labels: Int32Array): number {
  let changed = 0;
  if (d === 2) {
    for (let i = 0; i < n; i++) {
      const x0 = x[2 * i];
      const x1 = x[2 * i + 1];
      let best = 0;
      let bestD = Infinity;
      // Branch-free selects: on a blob the nearest centre is a coin flip, and mispredicted
      // branches would cost more than the arithmetic.
      for (let c = 0; c < k; c++) {
        const a = x0 - centres[2 * c];
        const b = x1 - centres[2 * c + 1];
        const s = a * a + b * b;
        const closer = s < bestD;
        best = closer ? c : best;
        bestD = closer ? s : bestD;
      }
      changed += labels[i] !== best ? 1 : 0;
      labels[i] = best;
    }
    return changed;
  }
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const s = sqDist(x, i, centres, c, d);
      if (s < bestD) {
        bestD = s;
        best = c;
      }
    }
    if (labels[i] !== best) {
      labels[i] = best;
      changed++;
    }
  }
  return changed;
}

/** The point farthest from the centre of its own cluster. */
function farthestPoint(x: Float64Array, n: number, d: number, centres: Float64Array, labels: Int32Array): number {
  let far = 0;
  let farD = -1;
  for (let i = 0; i < n; i++) {
    const s = sqDist(x, i, centres, labels[i], d);
    if (s > farD) {
      farD = s;
      far = i;
    }
  }
  return far;
}
