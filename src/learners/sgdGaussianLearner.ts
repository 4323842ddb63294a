/**
 * A deliberately biased learner for the functional-approximation chapter (docs/theory.md#functional-approximation):
 * a full-covariance Gaussian — a family that contains the truth — fitted by a fixed budget
 * of minibatch SGD steps on the negative log-likelihood, started afresh every generation
 * from the same initialisation (as the paper's language model restarts from the pretrained
 * weights each generation). With plenty of data the procedure still stops short of the
 * maximum-likelihood fit, and the next generation learns from that shortfall.
 *
 * Parameters: the mean μ and the upper-triangular precision Cholesky factor U (Σ⁻¹ = U Uᵀ)
 * with its diagonal stored as log U_jj, so every step keeps Σ positive definite. With
 * c = x − μ and z = Uᵀ c:
 *   NLL(x) = ½‖z‖² − Σ_j log U_jj + (d/2) log 2π,
 *   ∂NLL/∂μ = −U z,  ∂NLL/∂U_aj = c_a z_j (a < j),  ∂NLL/∂log U_jj = c_j z_j U_jj − 1.
 * Each parameter moves at most `maxStep` per step (gradient clipping, the usual guard: far
 * from the optimum the log-precision gradient is huge). Started from a narrow Gaussian
 * (initScale 0.1, as small-output initialisations), the approach to the optimum slows as the
 * gradient shrinks: every generation ends a little too narrow, and the next one learns from
 * that narrower data, so the shortfalls compound (see ch03).
 */
import type { Learner } from "../loop/runGenerations";
import type { Points } from "../data/points";
import type { GaussianModel } from "../gaussian/types";
import type { Rng } from "../random/rng";
import { sampleGaussian } from "../gaussian/sampleGaussian";
import { assertInteger, assertPositive, invalid } from "../validate";

export interface SgdGaussianOptions {
  /** SGD steps per fit; default 100. */
  steps?: number;
  /** Points per minibatch, drawn with replacement; default 100. */
  batchSize?: number;
  /** Step size; default 0.01. */
  learningRate?: number;
  /** Initial standard deviation in every direction (Σ₀ = initScale² I); default 0.1. */
  initScale?: number;
  /** Largest change of any parameter in one step (clipping); default 0.1. */
  maxStep?: number;
  /** Initial mean; default the origin. */
  initMean?: readonly number[];
}

export function resolveSgdOptions(opts: SgdGaussianOptions): Required<Omit<SgdGaussianOptions, "initMean">> & { initMean?: readonly number[] } {
  const steps = opts.steps ?? 100;
  assertInteger(steps, "steps", 1);
  const batchSize = opts.batchSize ?? 100;
  assertInteger(batchSize, "batchSize", 1);
  const learningRate = opts.learningRate ?? 0.01;
  assertPositive(learningRate, "learningRate");
  const initScale = opts.initScale ?? 0.1;
  assertPositive(initScale, "initScale");
  const maxStep = opts.maxStep ?? 0.1;
  assertPositive(maxStep, "maxStep");
  return { steps, batchSize, learningRate, initScale, maxStep, initMean: opts.initMean };
}

/** The Gaussian reached by `steps` minibatch SGD steps from the initialisation. */
export function fitGaussianBySgd(data: Points, opts: SgdGaussianOptions, rng: Rng): GaussianModel {
  const o = resolveSgdOptions(opts);
  const { n, dim: d, values: x } = data;
  assertInteger(n, "data.n (number of points)", 1);
  if (o.initMean !== undefined && o.initMean.length !== d) invalid("initMean.length", `data.dim = ${d}`, o.initMean.length);
  const mean = new Float64Array(d);
  if (o.initMean) mean.set(o.initMean);
  // u: upper-triangular, row-major; diagonal entries hold log U_jj.
  const u = new Float64Array(d * d);
  for (let j = 0; j < d; j++) u[j * d + j] = -Math.log(o.initScale);
  const gMean = new Float64Array(d);
  const gU = new Float64Array(d * d);
  const c = new Float64Array(d);
  const z = new Float64Array(d);
  const uAt = (a: number, j: number) => (a === j ? Math.exp(u[a * d + a]) : u[a * d + j]);
  const scale = o.learningRate / o.batchSize;
  for (let step = 0; step < o.steps; step++) {
    gMean.fill(0);
    gU.fill(0);
    for (let b = 0; b < o.batchSize; b++) {
      const i = rng.uniformInt(n);
      for (let a = 0; a < d; a++) c[a] = x[i * d + a] - mean[a];
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let a = 0; a <= j; a++) s += c[a] * uAt(a, j);
        z[j] = s;
      }
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let j = a; j < d; j++) s += uAt(a, j) * z[j];
        gMean[a] -= s;
        for (let j = a + 1; j < d; j++) gU[a * d + j] += c[a] * z[j];
        gU[a * d + a] += c[a] * z[a] * Math.exp(u[a * d + a]) - 1;
      }
    }
    for (let a = 0; a < d; a++) mean[a] -= clip(scale * gMean[a], o.maxStep);
    for (let t = 0; t < d * d; t++) u[t] -= clip(scale * gU[t], o.maxStep);
  }
  // A step size that blows up leaves non-finite parameters or a precision beyond floating
  // point (|log U_jj| > 700): report it rather than return a NaN model.
  let finite = true;
  for (let a = 0; a < d; a++) finite = finite && Number.isFinite(mean[a]) && Math.abs(u[a * d + a]) < 700;
  for (let t = 0; t < d * d; t++) finite = finite && Number.isFinite(u[t]);
  if (!finite) invalid("learningRate", "small enough for SGD to stay finite (try a smaller value)", o.learningRate);
  // Σ = (U Uᵀ)⁻¹ = L Lᵀ with L = U⁻ᵀ lower triangular: invert U by back substitution.
  const uFull = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let j = a; j < d; j++) uFull[a * d + j] = uAt(a, j);
  const inv = new Float64Array(d * d); // V = U⁻¹, upper triangular
  for (let j = d - 1; j >= 0; j--) {
    inv[j * d + j] = 1 / uFull[j * d + j];
    for (let a = j - 1; a >= 0; a--) {
      let s = 0;
      for (let k = a + 1; k <= j; k++) s += uFull[a * d + k] * inv[k * d + j];
      inv[a * d + j] = -s / uFull[a * d + a];
    }
  }
  // Σ = (U Uᵀ)⁻¹ = U⁻ᵀ U⁻¹ = Vᵀ V.
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let k = 0; k <= Math.min(a, b); k++) s += inv[k * d + a] * inv[k * d + b];
      cov[a * d + b] = s;
    }
  }
  return { dim: d, mean, cov };
}

function clip(v: number, limit: number): number {
  return v > limit ? limit : v < -limit ? -limit : v;
}

/** The SGD-fitted Gaussian as a runGenerations Learner. */
export function sgdGaussianLearner(opts: SgdGaussianOptions = {}): Learner<GaussianModel, Points> {
  resolveSgdOptions(opts);
  return {
    fit: (data, rng) => fitGaussianBySgd(data, opts, rng),
    sample: (model, n, rng) => sampleGaussian(model, n, rng),
  };
}
