/**
 * The tails-cut-off illustration (docs/theory.md#tails-cut-off): a 50/50 mixture of N(−4, 1) and N(4, 1)
 * ("middle"), the same with fattened tails ("left": our choice of family, Student-t with
 * ν = 3 components scaled to unit variance), and both after finite resampling with M
 * draws ("right"), where regions of probability below ~1/M are simply never seen, so the
 * two become indistinguishable.
 */
import { gammaln } from "simple-statistics";
import { Rng } from "../random/rng";
import { assertInRange, assertInteger, assertSeed } from "../validate";

/** Density of N(mu, 1) at x. */
function normalDensity(x: number, mu: number): number {
  return Math.exp(-0.5 * (x - mu) ** 2) / Math.sqrt(2 * Math.PI);
}

/** Density at x of a Student-t(ν) centred at mu, scaled to unit variance (ν > 2). */
function unitVarianceTDensity(x: number, mu: number, nu: number): number {
  const scale = Math.sqrt((nu - 2) / nu);
  const z = (x - mu) / scale;
  const logC = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  return Math.exp(logC - ((nu + 1) / 2) * Math.log(1 + (z * z) / nu)) / scale;
}

export interface TailsOptions {
  /** Draws in the finite resample, the paper's M (integer ≥ 1); default 1000. */
  sampleSize?: number;
  /** Degrees of freedom of the fat-tailed components (> 2); default 3. */
  nu?: number;
  /** Component centres ±centre; default 4. */
  centre?: number;
  seed: number;
  /** Grid and histogram range [−range, range]; default 12. */
  range?: number;
  /** Histogram bins; default 120. */
  bins?: number;
}

export interface TailsResult {
  grid: Float64Array;
  normalDensity: Float64Array;
  fatDensity: Float64Array;
  binCentres: Float64Array;
  /** Histogram densities of M draws (0 where a bin got no draw). */
  normalHistogram: Float64Array;
  fatHistogram: Float64Array;
  /** Probability, under each true density, of the bins the resample never hit. */
  unseenMassNormal: number;
  unseenMassFat: number;
  sampleSize: number;
}

export function tailsCutOff(o: TailsOptions): TailsResult {
  const m = o.sampleSize ?? 1000;
  const nu = o.nu ?? 3;
  const c = o.centre ?? 4;
  const range = o.range ?? 12;
  const bins = o.bins ?? 120;
  assertInteger(m, "sampleSize", 1);
  assertInRange(nu, "nu", 2, Infinity, { loOpen: true, hiOpen: true });
  assertInRange(c, "centre", 0, Infinity, { hiOpen: true });
  assertInRange(range, "range", 0, Infinity, { loOpen: true, hiOpen: true });
  assertInteger(bins, "bins", 2);
  assertSeed(o.seed, "seed");
  const rng = new Rng(o.seed);
  const points = 600;
  const grid = new Float64Array(points);
  const normal = new Float64Array(points);
  const fat = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const x = -range + (2 * range * i) / (points - 1);
    grid[i] = x;
    normal[i] = 0.5 * normalDensity(x, -c) + 0.5 * normalDensity(x, c);
    fat[i] = 0.5 * unitVarianceTDensity(x, -c, nu) + 0.5 * unitVarianceTDensity(x, c, nu);
  }
  const width = (2 * range) / bins;
  const binCentres = Float64Array.from({ length: bins }, (_, i) => -range + (i + 0.5) * width);
  const tScale = Math.sqrt((nu - 2) / nu);
  const hist = (draw: () => number) => {
    const h = new Float64Array(bins);
    for (let j = 0; j < m; j++) {
      const b = Math.floor((draw() + range) / width);
      if (b >= 0 && b < bins) h[b]++;
    }
    for (let b = 0; b < bins; b++) h[b] /= m * width;
    return h;
  };
  const centreOf = () => (rng.uniform() < 0.5 ? -c : c);
  const normalHistogram = hist(() => centreOf() + rng.normal());
  const fatHistogram = hist(() => centreOf() + (tScale * rng.normal()) / Math.sqrt(rng.chiSquare(nu) / nu));
  // Probability mass of bins never hit, by midpoint integration of the true densities.
  const unseen = (h: Float64Array, dens: (x: number) => number) => {
    let mass = 0;
    for (let b = 0; b < bins; b++) if (h[b] === 0) mass += dens(binCentres[b]) * width;
    return mass;
  };
  return {
    grid,
    normalDensity: normal,
    fatDensity: fat,
    binCentres,
    normalHistogram,
    fatHistogram,
    unseenMassNormal: unseen(normalHistogram, (x) => 0.5 * normalDensity(x, -c) + 0.5 * normalDensity(x, c)),
    unseenMassFat: unseen(fatHistogram, (x) => 0.5 * unitVarianceTDensity(x, -c, nu) + 0.5 * unitVarianceTDensity(x, c, nu)),
    sampleSize: m,
  };
}
