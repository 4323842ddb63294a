/**
 * Chapter 2, functional expressivity error (docs/theory.md#functional-expressivity). Reference values: the moments of the
 * two-Gaussian truth (mean 0, variances 0.36 + 4 and 0.36), and the L2 distance between the
 * truth and its moment-matched Gaussian in closed form, which is what a single Gaussian fit
 * converges to as M → ∞.
 */
import test from "node:test";
import assert from "node:assert/strict";
import {
  expressivityErrorL2,
  momentMatchedGaussian,
  runMixtureOnMixture,
  runSingleGaussianOnMixture,
  TWO_GAUSSIANS_TRUTH,
} from "../src/experiments/expressivity";
import { meanAndStandardError } from "./helpers/stats";

test("the infinite-data single-Gaussian fit is the truth's moments", () => {
  const g = momentMatchedGaussian(TWO_GAUSSIANS_TRUTH);
  assert.deepEqual(Array.from(g.mean), [0, 0]);
  assert.ok(Math.abs(g.cov[0] - 4.36) < 1e-12 && Math.abs(g.cov[3] - 0.36) < 1e-12 && g.cov[1] === 0);
});

test("with near-infinite data the expressivity error appears at the first fit and then stays", () => {
  const theory = expressivityErrorL2(TWO_GAUSSIANS_TRUTH);
  const run = runSingleGaussianOnMixture({ sampleSize: 100000, generations: 10, seed: 1 });
  // Fluctuations of a fit from 10⁵ points move the distance by well under 2 %.
  for (let g = 0; g < 10; g++) {
    assert.ok(Math.abs(run.l2ToTruth[g] - theory) < 0.02 * theory, `generation ${g}: ${run.l2ToTruth[g]} vs ${theory}`);
  }
});

test("with finite data the statistical error compounds on top of it", () => {
  const theory = expressivityErrorL2(TWO_GAUSSIANS_TRUTH);
  // The distance is skewed across seeds: compare its logarithm (mean over 16 seeds, 4 SE).
  const logRatio: number[] = [];
  for (let seed = 0; seed < 16; seed++) {
    logRatio.push(Math.log(runSingleGaussianOnMixture({ sampleSize: 100, generations: 40, seed }).l2ToTruth[39] / theory));
  }
  const { mean, se } = meanAndStandardError(logRatio);
  assert.ok(mean - 4 * se > 0, `mean log(L2 / expressivity error) at generation 39: ${mean} (SE ${se})`);
});

test("a mixture with too few components keeps an error a full mixture does not have", () => {
  const k2 = runMixtureOnMixture({ sampleSize: 5000, generations: 3, seed: 2, components: 2 });
  const k3 = runMixtureOnMixture({ sampleSize: 5000, generations: 3, seed: 2, components: 3 });
  for (let g = 0; g < 3; g++) assert.ok(k2.l2ToTruth[g] > 20 * k3.l2ToTruth[g], `generation ${g}: K=2 ${k2.l2ToTruth[g]}, K=3 ${k3.l2ToTruth[g]}`);
});
