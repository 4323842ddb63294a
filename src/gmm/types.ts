/**
 * A Gaussian mixture in d dimensions with K components (the model of the GMM experiment of
 * Shumailov et al. 2024):
 * f(x) = Σ_k w_k N(x; μ_k, Σ_k). Parameters live in flat typed arrays so the EM loops never
 * allocate per point: mean k is means[k·d … k·d + d − 1], covariance k is the row-major
 * d×d block covariances[k·d² … (k + 1)·d² − 1].
 */
export interface GaussianMixture {
  readonly dim: number;
  readonly components: number;
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
}

/** What `fitGaussianMixture` returns: the model and how EM got there. */
export interface GaussianMixtureFit {
  readonly model: GaussianMixture;
  /** True when the change of the mean log-likelihood fell below `tol` before `maxIter`. */
  readonly converged: boolean;
  /** EM iterations (E-step + M-step pairs) of the chosen initialisation. */
  readonly iterations: number;
  /**
   * Mean log-likelihood per point after each E-step of the chosen initialisation
   * (scikit-learn's `lower_bound_` sequence): EM guarantees it never decreases.
   */
  readonly logLikelihoodTrace: Float64Array;
  /** The last entry of the trace: scikit-learn's `lower_bound_`. */
  readonly meanLogLikelihood: number;
}
