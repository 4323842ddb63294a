/**
 * Gaussian mixtures: EM fitting, sampling, likelihood and the closed-form L2 distance (the
 * GMM experiment of Shumailov et al. 2024).
 */
export type { GaussianMixture, GaussianMixtureFit } from "./types";
export { gaussianMixture, checkMixture } from "./checkMixture";
export { kmeans, kmeansPlusPlus } from "./kmeans";
export { fitGaussianMixture, EM_INITIALISATIONS } from "./fitGaussianMixture";
export type { FitGaussianMixtureOptions, EmInitialisation } from "./fitGaussianMixture";
export { sampleGaussianMixture } from "./sampleGaussianMixture";
export type { MixtureSample } from "./sampleGaussianMixture";
export { logLikelihood, logDensities, predictComponents } from "./logLikelihood";
export { l2DistanceGaussianMixtures, mixtureInnerProduct } from "./l2DistanceGaussianMixtures";
export { mixtureFromGaussian } from "./fromGaussian";
