/**
 * One EM iteration for a full-covariance Gaussian mixture (Bishop 2006, PRML §9.2.2, the
 * algorithm's eqs 9.23–9.28), in a single pass over the data: the E-step's log-sum-exp
 * responsibilities r_ik of the current parameters and, in the same loop, the sufficient
 * statistics of the M-step (./eStepStatistics.ts); then the M-step from those statistics
 * (./mStep.ts). Returns the mean log-likelihood of the *current* parameters
 * (scikit-learn's lower bound, evaluated at the E-step) and replaces the parameters by the
 * M-step's, exactly as scikit-learn's GaussianMixture `_e_step` then `_m_step`.
 *
 * Why one pass: a run of the paper's GMM experiment (Shumailov et al. 2024) is ~25 000 EM
 * iterations, and reading the data once instead of twice (E-step, then M-step) halves the
 * memory traffic.
 */
import type { Points } from "../data/points";
import type { GaussianMixture } from "./types";
import { precisionCholesky } from "./precisionCholesky";
import { eStepStatistics, eStepStatistics2d, eStepStatistics2dTwoComponents } from "./eStepStatistics";
import { mStepFromStatistics } from "./mStep";
import type { EmScratch } from "./emScratch";

/**
 * The x-free terms of log w_k N(x; μ_k, Σ_k) for every component, and the triangular
 * precision factors the per-point Mahalanobis terms use (scikit-learn's
 * `precisions_cholesky_`), into `scratch.logNorms` and `scratch.precisions`.
 */
function componentLogNorms(model: GaussianMixture, scratch: EmScratch): void {
  const { dim: d, components: K, weights, covariances } = model;
  const { precisions, logNorms } = scratch;
  for (let k = 0; k < K; k++) {
    logNorms[k] = Math.log(weights[k]) + precisionCholesky(covariances, k * d * d, d, precisions, `covariance of component ${k}`);
  }
}

/** One EM iteration on `model` in place; returns the mean log-likelihood before the update. */
export function emStep(data: Points, model: GaussianMixture, regCovar: number, scratch: EmScratch): number {
  componentLogNorms(model, scratch);
  scratch.w.fill(0);
  scratch.s1.fill(0);
  scratch.s2.fill(0);
  // d = 2 is the paper's case (and K = 2 its mixture): closed-form passes without inner loops.
  const pass = model.dim !== 2 ? eStepStatistics : model.components === 2 ? eStepStatistics2dTwoComponents : eStepStatistics2d;
  const logLikelihood = pass(data, model, scratch);
  mStepFromStatistics(model, regCovar, scratch);
  return logLikelihood / data.n;
}
