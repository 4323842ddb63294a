/**
 * The learners plugged into the generational loop. The SGD Gaussian is checked both ways:
 * with a generous budget it reaches the maximum-likelihood fit (so its bias comes from the
 * budget, not from a wrong gradient), and with the default budget it stops measurably short.
 * Reference values: the sample mean and ML covariance of the same data; 4 standard errors.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { points } from "../src/data/points";
import { fitGaussian } from "../src/gaussian/fitGaussian";
import { fitGaussianBySgd, sgdGaussianLearner } from "../src/learners/sgdGaussianLearner";
import { gaussianMixtureLearner, OFFICIAL_GMM_OPTIONS } from "../src/learners/gaussianMixtureLearner";
import { runGenerations } from "../src/loop/runGenerations";
import { pointOps } from "../src/data/points";

function correlatedData(n: number, seed: number) {
  const rng = new Rng(seed);
  const v = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    v[2 * i] = 1 + 1.5 * a;
    v[2 * i + 1] = -1 + 0.5 * a + 0.8 * b;
  }
  return points(v, 2);
}

test("SGD with a generous budget converges to the maximum-likelihood Gaussian", () => {
  const data = correlatedData(5000, 1);
  const ml = fitGaussian(data, { estimator: "ml" });
  // Small steps and many of them: the remaining gap is the minibatch noise of the last
  // steps, a few per cent of each parameter's scale at this step size.
  const sgd = fitGaussianBySgd(data, { steps: 20000, learningRate: 0.002, batchSize: 200 }, new Rng(2));
  for (let a = 0; a < 2; a++) assert.ok(Math.abs(sgd.mean[a] - ml.mean[a]) < 0.05, `mean ${a}: ${sgd.mean[a]} vs ${ml.mean[a]}`);
  for (let t = 0; t < 4; t++) {
    assert.ok(Math.abs(sgd.cov[t] - ml.cov[t]) < 0.08 * Math.max(1, Math.abs(ml.cov[t])), `cov ${t}: ${sgd.cov[t]} vs ${ml.cov[t]}`);
  }
});

test("SGD with the default budget ends too narrow: a biased procedure", () => {
  const data = correlatedData(10000, 3);
  const ml = fitGaussian(data, { estimator: "ml" });
  const seeds = 5;
  for (let s = 0; s < seeds; s++) {
    const sgd = fitGaussianBySgd(data, {}, new Rng(10 + s));
    // The ML variance of 10 000 points has a relative SE of √(2/10 000) ≈ 1.4 %; the SGD
    // shortfall is several times that in every run.
    assert.ok(sgd.cov[0] < 0.9 * ml.cov[0], `variance ${sgd.cov[0]} vs ML ${ml.cov[0]}`);
  }
});

test("the learners plug into runGenerations and are reproducible from the seed", () => {
  const data = correlatedData(500, 4);
  const run = () =>
    runGenerations({ initialData: data, learner: gaussianMixtureLearner(OFFICIAL_GMM_OPTIONS), dataOps: pointOps, generations: 5, seed: 9 })
      .finalModel!;
  assert.deepEqual(Array.from(run().means), Array.from(run().means));
  const sgd = runGenerations({ initialData: data, learner: sgdGaussianLearner(), dataOps: pointOps, generations: 3, seed: 9 });
  assert.equal(sgd.generationsRun, 3);
});

test("bad learner options throw when the learner is built", () => {
  assert.throws(() => sgdGaussianLearner({ steps: 0 }), /steps must be an integer ≥ 1/);
  assert.throws(() => sgdGaussianLearner({ learningRate: 0 }), /learningRate/);
  assert.throws(() => sgdGaussianLearner({ initScale: -1 }), /initScale/);
  assert.throws(() => sgdGaussianLearner({ batchSize: 2.5 }), /batchSize/);
  assert.throws(() => gaussianMixtureLearner({ components: 0 }), /components/);
  assert.throws(() => gaussianMixtureLearner({ components: 2, tol: 0 }), /tol/);
  assert.throws(() => fitGaussianBySgd(correlatedData(10, 5), { initMean: [0] }, new Rng(1)), /initMean\.length/);
  assert.throws(() => sgdGaussianLearner({ maxStep: 0 }), /maxStep/);
});
