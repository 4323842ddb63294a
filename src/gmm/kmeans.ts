/**
 * k-means clustering for EM initialisation, as scikit-learn's GaussianMixture does with
 * init_params = "kmeans" (KMeans with one init):
 * - greedy k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre uniformly, each
 *   next one the best of 2 + ⌊ln K⌋ candidates drawn with probability ∝ D(x)², "best"
 *   meaning the lowest total squared distance (scikit-learn's `_kmeans_plusplus`);
 * - Lloyd iterations until no label changes, the summed squared centre shift falls below
 *   1e-4 × the mean per-feature variance (scikit-learn's tolerance), or 300 iterations.
 * An empty cluster is re-seeded at the point farthest from its centre.
 *
 * Speed (one fit of the paper's GMM experiment runs k-means on up to 200 000 points): each
 * Lloyd iteration is one pass over the data, the assignment also summing the points of each
 * new cluster for the next centre update, in the same order as a separate pass would, and
 * d = 2 (the paper's case) has loops with the coordinates in locals. Results are the same to
 * the last bit as the plain two-pass form.
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
  if (d === 2) candidatePotential2d(x, n, first, null, closest);
  else for (let i = 0; i < n; i++) closest[i] = sqDist(x, i, centres, 0, d);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) cumulative[i] = acc += closest[i];
    let bestPotential = Infinity;
    let best = -1;
    for (let t = 0; t < trials; t++) {
      // All points coincide (a collapsed generation): any point is as good as another.
      const candidate = acc > 0 ? searchCumulative(cumulative, rng.uniform() * acc) : rng.uniformInt(n);
      if (d === 2) {
        // After the last centre the distances are not needed, only their sum.
        const pot = candidatePotential2d(x, n, candidate, closest, c < k - 1 ? candidateDist : null);
        if (pot < bestPotential) {
          bestPotential = pot;
          best = candidate;
          if (c < k - 1) bestDist.set(candidateDist);
        }
        continue;
      }
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

/**
 * For d = 2: the squared distance of every point to point `candidate`, capped by
 * `closest[i]` when `closest` is given, written to `out` when given; returns their sum
 * (the k-means++ potential of adding the candidate). Same sums in the same order as the
 * general loops: s = 0 + t0² + t1² is t0² + t1² exactly.
 */
function candidatePotential2d(x: Float64Array, n: number, candidate: number, closest: Float64Array | null, out: Float64Array | null): number {
  const y0 = x[2 * candidate];
  const y1 = x[2 * candidate + 1];
  let pot = 0;
  for (let i = 0; i < n; i++) {
    const t0 = x[2 * i] - y0;
    const t1 = x[2 * i + 1] - y1;
    const s = t0 * t0 + t1 * t1;
    // Math.min, not `?:` (a branch, mispredicted half the time): the same value here, as
    // squared distances are never NaN or −0.
    const m = closest === null ? s : Math.min(s, closest[i]);
    if (out !== null) out[i] = m;
    pot += m;
  }
  return pot;
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
    if (assignNearest(x, n, d, centres, k, labels, sums, counts) === 0) break;
    if (moveCentresToMeans(x, n, d, centres, k, labels, sums, counts) <= tol) {
      // Labels for the final centres, as scikit-learn's last assignment step.
      assignNearest(x, n, d, centres, k, labels, sums, counts);
      break;
    }
  }
  return { centres, labels, iterations };
}

/** scikit-learn's tolerance on the centre shift: 1e-4 × the mean over features of the data variance. */
function shiftTolerance(x: Float64Array, n: number, d: number): number {
  if (d === 2) return shiftTolerance2d(x, n);
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

/** `shiftTolerance` for d = 2: both features in each pass, each summed in the same order. */
function shiftTolerance2d(x: Float64Array, n: number): number {
  let m0 = 0;
  let m1 = 0;
  for (let i = 0; i < n; i++) {
    m0 += x[2 * i];
    m1 += x[2 * i + 1];
  }
  m0 /= n;
  m1 /= n;
  let v0 = 0;
  let v1 = 0;
  for (let i = 0; i < n; i++) {
    v0 += (x[2 * i] - m0) ** 2;
    v1 += (x[2 * i + 1] - m1) ** 2;
  }
  const meanVariance = 0 + v0 / n + v1 / n;
  return (1e-4 * meanVariance) / 2;
}

/**
 * Lloyd's update: each centre moves to the mean of its points; an empty cluster takes the
 * point farthest from its centre. Returns the summed squared shift of the centres.
 * `sums` (k × d) and `counts` (k) hold each cluster's sum of points and size for `labels`
 * (filled by `assignNearest`); they are updated for a re-seeded cluster.
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

/**
 * Sets each label to its nearest centre, and `sums` (k × d) and `counts` (k) to each new
 * cluster's sum of points and size, summed in point order; returns how many labels changed.
 */
function assignNearest(
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
  if (d === 2 && k === 2) return assignNearest2dTwoCentres(x, n, centres, labels, sums, counts);
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
      counts[best]++;
      sums[2 * best] += x0;
      sums[2 * best + 1] += x1;
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
    counts[best]++;
    for (let j = 0; j < d; j++) sums[best * d + j] += x[i * d + j];
  }
  return changed;
}

/**
 * `assignNearest` for d = 2 and k = 2, the paper's case, with the centres, sums and counts
 * in locals. On a blob the nearest centre is a coin flip, and V8 compiles `?:` on doubles to
 * a branch, so the choice is made with arithmetic: `inB` is 0 or 1, and each point adds
 * inB·x to centre b's sums and (1 − inB)·x to a's. That is x + (±0) for the other cluster,
 * which leaves a sum unchanged (the sums start at +0 and so are never −0; the data are
 * finite), so the sums are those of each cluster's own points in point order, as the general
 * loop adds them: ~4 instead of ~13 ns a point. `sB < sA` is the general loop's test against
 * its running minimum sA (never NaN: finite data, centres finite or ±∞). As in
 * ./eStepStatistics.ts, the sums are stored at the last point inside the loop: stores after an
 * on-stack-replaced loop lack type feedback, and V8 re-entered that bailing-out code on every
 * later call. Needs n ≥ 1.
 */
function assignNearest2dTwoCentres(x: Float64Array, n: number, centres: Float64Array, labels: Int32Array, sums: Float64Array, counts: Float64Array): number {
  const a0 = centres[0], a1 = centres[1], b0 = centres[2], b1 = centres[3];
  let sa0 = 0, sa1 = 0, sb0 = 0, sb1 = 0;
  let countB = 0;
  let changed = 0;
  const last = n - 1;
  for (let i = 0; ; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    const da0 = x0 - a0;
    const da1 = x1 - a1;
    const db0 = x0 - b0;
    const db1 = x1 - b1;
    const inB = +(db0 * db0 + db1 * db1 < da0 * da0 + da1 * da1);
    const inA = 1 - inB;
    changed += +(labels[i] !== inB);
    labels[i] = inB;
    countB += inB;
    sa0 += inA * x0;
    sa1 += inA * x1;
    sb0 += inB * x0;
    sb1 += inB * x1;
    if (i === last) {
      sums[0] = sa0;
      sums[1] = sa1;
      sums[2] = sb0;
      sums[3] = sb1;
      counts[0] = n - countB;
      counts[1] = countB;
      return changed;
    }
  }
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
