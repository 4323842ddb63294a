/**
 * Fitting a Gaussian mixture with full covariances by expectation–maximisation
 * (Dempster, Laird & Rubin 1977; Bishop 2006, PRML §9.2.2), following scikit-learn's
 * GaussianMixture, which the official code of the paper's GMM experiment uses
 * (Shumailov et al. 2024):
 * - initialisation "kmeans": k-means (./kmeans.ts) hard labels, then one M-step (for d = 2,
 *   K = 2 straight from the labels, ./mStepFromLabels.ts);
 *   "random": random responsibilities (scikit-learn's "random"), then one M-step;
 * - E-step in log space (log-sum-exp responsibilities, ./eStepStatistics.ts); M-step
 *   N_k = Σ_i r_ik + 10 ε, w_k = N_k / Σ_j N_j, μ_k = Σ_i r_ik x_i / N_k,
 *   Σ_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + regCovar · I (./mStep.ts);
 * - stop when the mean log-likelihood (scikit-learn's lower bound, evaluated at each E-step)
 *   changes by less than `tol`, or after `maxIter` iterations;
 * - `nInit` initialisations, keeping the one with the highest final mean log-likelihood.
 * Defaults are scikit-learn's (tol 1e-3, maxIter 100, nInit 1, regCovar 1e-6); the paper's
 * official code uses tol 1e-5 and maxIter 2000.
 */
import type { Points } from "../data/points";
import type { Rng } from "../random/rng";
import type { GaussianMixture, GaussianMixtureFit } from "./types";
import { kmeans } from "./kmeans";
import { emStep } from "./emStep";
import { emScratch } from "./emScratch";
import { mStepFromResponsibilities } from "./mStep";
import { mStepFromLabels2dTwoComponents } from "./mStepFromLabels";
import { assertInRange, assertInteger, assertOneOf, assertPositive, invalid } from "../validate";

export const EM_INITIALISATIONS = ["kmeans", "random"] as const;
export type EmInitialisation = (typeof EM_INITIALISATIONS)[number];

export interface FitGaussianMixtureOptions {
  /** Number of components K, 1 ≤ K ≤ number of points. */
  components: number;
  /** Convergence threshold on the change of the mean log-likelihood; default 1e-3. */
  tol?: number;
  /** Maximum EM iterations per initialisation; default 100. */
  maxIter?: number;
  /** Initialisations tried, the best kept; default 1. */
  nInit?: number;
  /** Added to every covariance diagonal, keeps a collapsed component finite; default 1e-6. */
  regCovar?: number;
  /** Default "kmeans". */
  init?: EmInitialisation;
}

/** Validates a dataset for fitting: Points with n ≥ 1 finite rows. */
export function checkFitData(data: Points): void {
  if (data == null || typeof data !== "object" || !(data.values instanceof Float64Array)) {
    invalid("data", "Points {n, dim, values: Float64Array}", data);
  }
  assertInteger(data.n, "data.n (number of points)", 1);
  assertInteger(data.dim, "data.dim", 1);
  if (data.values.length !== data.n * data.dim) invalid("data.values.length", `n × dim = ${data.n * data.dim}`, data.values.length);
  for (let i = 0; i < data.values.length; i++) {
    if (!Number.isFinite(data.values[i])) invalid(`data.values[${i}]`, "a finite number", data.values[i]);
  }
}

/**
 * Validates options (K at most `points` when the data size is known); returns them with
 * defaults filled in.
 */
export function resolveEmOptions(opts: FitGaussianMixtureOptions, points?: number): Required<FitGaussianMixtureOptions> {
  if (opts == null || typeof opts !== "object") invalid("options", "an object with at least {components}", opts);
  if (points === undefined) assertInteger(opts.components, "components", 1);
  else assertInteger(opts.components, "components", 1, points);
  const tol = opts.tol ?? 1e-3;
  assertPositive(tol, "tol");
  const maxIter = opts.maxIter ?? 100;
  assertInteger(maxIter, "maxIter", 1);
  const nInit = opts.nInit ?? 1;
  assertInteger(nInit, "nInit", 1);
  const regCovar = opts.regCovar ?? 1e-6;
  assertInRange(regCovar, "regCovar", 0, Infinity, { hiOpen: true });
  const init = opts.init ?? "kmeans";
  assertOneOf(init, "init", EM_INITIALISATIONS);
  return { components: opts.components, tol, maxIter, nInit, regCovar, init };
}

function emptyMixture(d: number, K: number): GaussianMixture {
  return { dim: d, components: K, weights: new Float64Array(K), means: new Float64Array(K * d), covariances: new Float64Array(K * d * d) };
}

/**
 * Initial responsibilities into `resp` (n × K): k-means hard labels, or uniform draws
 * normalised per row (scikit-learn's init_params "kmeans" and "random").
 */
function initialResponsibilities(data: Points, K: number, init: EmInitialisation, rng: Rng, resp: Float64Array): void {
  const n = data.n;
  resp.fill(0);
  if (init === "kmeans") {
    const { labels } = kmeans(data, K, rng);
    for (let i = 0; i < n; i++) resp[i * K + labels[i]] = 1;
  } else {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += resp[i * K + k] = rng.uniform();
      for (let k = 0; k < K; k++) resp[i * K + k] /= s;
    }
  }
}

/** Whether the first M-step is taken straight from k-means labels, with no responsibility array. */
function startsFromLabels(d: number, K: number, init: EmInitialisation): boolean {
  return init === "kmeans" && d === 2 && K === 2;
}

/** One EM run from one initialisation; `resp` (n × K) is unused when `startsFromLabels`. */
function runEm(data: Points, o: Required<FitGaussianMixtureOptions>, rng: Rng, resp: Float64Array): GaussianMixtureFit {
  const d = data.dim;
  const K = o.components;
  const model = emptyMixture(d, K);
  if (startsFromLabels(d, K, o.init)) {
    mStepFromLabels2dTwoComponents(data, kmeans(data, K, rng).labels, o.regCovar, model);
  } else {
    initialResponsibilities(data, K, o.init, rng, resp);
    mStepFromResponsibilities(data, resp, o.regCovar, model);
  }
  const scratch = emScratch(d, K);
  const trace: number[] = [];
  let previous = -Infinity;
  let converged = false;
  let iterations = 0;
  for (let it = 1; it <= o.maxIter; it++) {
    iterations = it;
    const mean = emStep(data, model, o.regCovar, scratch);
    trace.push(mean);
    if (Math.abs(mean - previous) < o.tol) {
      converged = true;
      break;
    }
    previous = mean;
  }
  return { model, converged, iterations, logLikelihoodTrace: Float64Array.from(trace), meanLogLikelihood: trace[trace.length - 1] };
}

/** Fits a K-component full-covariance Gaussian mixture to `data` by EM. */
export function fitGaussianMixture(data: Points, opts: FitGaussianMixtureOptions, rng: Rng): GaussianMixtureFit {
  checkFitData(data);
  const o = resolveEmOptions(opts, data.n);
  if (rng == null || typeof rng.uniform !== "function") invalid("rng", "an Rng", rng);
  const resp = new Float64Array(startsFromLabels(data.dim, o.components, o.init) ? 0 : data.n * o.components);
  let best: GaussianMixtureFit | undefined;
  for (let t = 0; t < o.nInit; t++) {
    const fit = runEm(data, o, rng, resp);
    if (best === undefined || fit.meanLogLikelihood > best.meanLogLikelihood) best = fit;
  }
  return best!;
}
