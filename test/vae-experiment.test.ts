/**
 * The VAE experiment through the generational loop (docs/theory.md#vae, #vae-regimes):
 * dataset sizes per regime, the 10 % of real digits kept, generation 0 trained once and
 * shared being the model the loop would train, worker threads giving the numbers of this
 * thread, the classifier's accuracy, and the measures (entropy, latent spread) on inputs
 * with known answers.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import { imageOps, loadMnist, MNIST_PIXELS, type ImageSet } from "../src/data/mnist";
import { runGenerations } from "../src/loop/runGenerations";
import { entropyBits } from "../src/metrics/entropy";
import { Rng } from "../src/random/rng";
import { classifierAccuracy, trainDigitClassifier } from "../src/vae/digitClassifier";
import { latentSpread } from "../src/vae/latentSpread";
import { initTensorflow, type Tf } from "../src/vae/tensorflow";
import { trainVae } from "../src/vae/trainVae";
import { vaeImageOps, vaeLearner, type DecoderSamples } from "../src/vae/vaeLearner";
import { FULL_VAE_RUN, runVaeRegime, trainGeneration0, VAE_REGIMES, validateVaeRunConfig, type VaeRunConfig } from "../src/experiments/vaeCollapse";
import { runVaeCollapse } from "../src/experiments/vaeRun";
import { balancedWorkerCount } from "../src/parallel/workerPool";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "mnist");
let tfPromise: Promise<Tf> | undefined;
const tfjs = () => (tfPromise ??= initTensorflow("wasm"));

const TINY_RUN: VaeRunConfig = {
  ...FULL_VAE_RUN,
  digits: 40,
  generations: 3,
  seeds: [0, 1],
  epochs: 1,
  batchSize: 16,
  sizes: { input: 784, hidden: 16, latent: 3 },
  evalSamples: 50,
  gridSide: 2,
  classifier: { epochs: 1, hidden: 8 },
};

const fixture = (): { train: ImageSet; test: ImageSet } => ({ train: loadMnist({ dir: FIXTURE }), test: loadMnist({ dir: FIXTURE, split: "test" }) });

test("entropyBits: 10 equal classes give log2 10, one class 0, counts need not be normalised", () => {
  assert.ok(Math.abs(entropyBits(new Array(10).fill(7)) - Math.log2(10)) < 1e-12);
  assert.equal(entropyBits([0, 5, 0]), 0);
  assert.ok(Math.abs(entropyBits([1, 1, 2]) - 1.5) < 1e-12, "¼, ¼, ½: 1.5 bits");
  assert.throws(() => entropyBits([0, 0]), /counts must be counts with a positive sum/);
  assert.throws(() => entropyBits([1, -1]), /counts\[1\] must be a finite number ≥ 0, got -1/);
});

test("latentSpread: the sd of N(0, 0.7²) draws is 0.7 within 4 standard errors, and the density integrates to the mass in [−3, 3]", () => {
  const rng = new Rng(3);
  const n = 20000;
  const mu = new Float64Array(n).map(() => 0.7 * rng.normal());
  const s = latentSpread(mu);
  // The sd of a sample sd of normal data is about σ / √(2n).
  assert.ok(Math.abs(s.sd - 0.7) < (4 * 0.7) / Math.sqrt(2 * n), `sd ${s.sd}`);
  const mass = s.density.reduce((a, d) => a + d * 0.05, 0);
  assert.ok(Math.abs(mass - 1) < 1e-4, "N(0, 0.7²) puts all but 2e-5 of its mass inside ±3");
  assert.throws(() => latentSpread([0, NaN]), /mu\[1\] must be a finite number/);
});

test("the loop's datasets per regime: replace and 10 % real keep M images, accumulate grows by M, and 10 % of D_1 are real digits", async () => {
  const tf = await tfjs();
  const { train } = fixture();
  const sizes = { replace: [40, 40, 40], "keep-real": [40, 40, 40], accumulate: [40, 80, 120] };
  for (const name of ["replace", "keep-real", "accumulate"] as const) {
    const regime = VAE_REGIMES[name];
    const r = runGenerations({
      initialData: loadMnist({ dir: FIXTURE, limit: 40 }),
      learner: vaeLearner(tf, { sampleSize: 40, epochs: 1, batchSize: 16, sizes: TINY_RUN.sizes }),
      dataOps: imageOps,
      generations: 3,
      seed: 5,
      regime: regime.regime,
      fractions: regime.fractions,
      keep: (g) => g === 1,
    });
    assert.deepEqual(r.history.map((h) => h.size), sizes[name], name);
    if (name === "keep-real") {
      const d1 = r.kept[0].data;
      let real = 0;
      for (let i = 0; i < d1.count; i++) {
        const img = d1.pixels.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS);
        // Real digits are multiples of 1/255 with exact zeros; decoder means never are.
        if (img.every((v) => Math.abs(v * 255 - Math.round(v * 255)) < 1e-4)) real++;
      }
      assert.equal(real, 4, "γ = 0.1 of M = 40: 4 real digits in D_1");
    }
  }
  void train;
});

test('"fresh-per-batch" (the official code): generation n+1 decodes new samples of generation n for every batch, and stores none', async () => {
  const tf = await tfjs();
  const r = runGenerations({
    initialData: loadMnist({ dir: FIXTURE, limit: 40 }),
    learner: vaeLearner(tf, { sampleSize: 40, epochs: 1, batchSize: 16, sizes: TINY_RUN.sizes, syntheticSamples: "fresh-per-batch" }),
    dataOps: vaeImageOps,
    generations: 3,
    seed: 5,
    keep: (g) => g === 1,
  });
  assert.deepEqual(r.history.map((h) => h.size), [40, 40, 40]);
  const d1 = r.kept[0].data as DecoderSamples;
  assert.equal(d1.pixels.length, 0, "no pixels stored: each batch is decoded when it is needed");
  assert.ok(d1.decoder.flat.length > 0, "generation 1's data is generation 0's decoder");
  // The batches come from the decoder: 40 images in batches of 16 are 3 calls of 16, 16 and 8 rows.
  const rows: number[] = [];
  trainVae(tf, d1, new Rng(1), { images: 40, batchSize: 16, sizes: TINY_RUN.sizes, batchSource: (n, out) => (rows.push(n), out.fill(0.5)) });
  assert.deepEqual(rows, [16, 16, 8]);
  assert.throws(() => vaeImageOps.concat([d1, d1]), /cannot be joined; use the replace regime/);
  assert.throws(() => validateVaeRunConfig({ ...TINY_RUN, syntheticSamples: "fresh-per-batch", regimes: ["replace", "keep-real"] }), /regimes must be \["replace"\] with syntheticSamples "fresh-per-batch"/);
  const live = runVaeRegime(tf, loadMnist({ dir: FIXTURE }), 0, trainDigitClassifier(tf, loadMnist({ dir: FIXTURE }), new Rng(1), { epochs: 1, hidden: 8 }), { ...TINY_RUN, syntheticSamples: "fresh-per-batch" }, "replace");
  assert.equal(live.generations.length, 3);
  assert.ok(live.generations.every((g) => Number.isFinite(g.latentSd) && g.latentSd > 0));
});

test("generation 0 trained once and handed to the loop is the model the loop would train: the same numbers in every generation", async () => {
  const tf = await tfjs();
  const { train } = fixture();
  const classifier = trainDigitClassifier(tf, train, new Rng(1), { epochs: 1, hidden: 8 });
  const shared = trainGeneration0(tf, train, TINY_RUN, 0);
  const a = runVaeRegime(tf, train, 0, classifier, TINY_RUN, "replace", { generation0: shared });
  // The same run with the loop training generation 0 itself.
  const own = runVaeRegime(tf, train, 0, classifier, TINY_RUN, "replace");
  assert.deepEqual(own.generations, a.generations);
  assert.throws(() => runVaeRegime(tf, train, 1, classifier, TINY_RUN, "replace", { generation0: shared }), /generation0.seed must be the run's seed 1, got 0/);
  assert.equal(a.generations.length, 3);
  assert.deepEqual(a.generations[0].grid.length, 4 * MNIST_PIXELS);
  assert.ok(a.generations.every((g) => g.classCounts.reduce((x, y) => x + y, 0) === TINY_RUN.evalSamples));
});

test("worker threads and this thread give the same summary, bit for bit", async () => {
  const data = fixture();
  const config = { ...TINY_RUN, regimes: ["replace", "accumulate"] as VaeRunConfig["regimes"] };
  const here = await runVaeCollapse(config, { workers: 0, ...data });
  const there = await runVaeCollapse(config, { workers: 2, ...data });
  assert.equal(here.mode, "in-thread");
  assert.equal(there.mode, "2 worker threads");
  assert.deepEqual(there.summary, here.summary);
  assert.deepEqual(here.summary.regimes.accumulate?.trainImages, [40, 80, 120]);
  assert.equal(here.summary.regimes.replace?.latentSdSeeds.length, 2);
  await assert.rejects(runVaeCollapse({ ...config, digits: 0 }, data), /digits must be an integer in \[1, 60000\], got 0/);
  await assert.rejects(runVaeCollapse({ ...config, regimes: ["fresh"] as never }, data), /regimes\[0\] must be one of "replace", "keep-real", "accumulate"/);
});

test("the digit classifier trained on 5 000 real digits labels the real test digits at least 88 % right; untrained, about 10 %", async () => {
  const tf = await tfjs();
  const train = loadMnist({ limit: 5000, seed: 1 });
  const testSet = loadMnist({ split: "test", limit: 2000, seed: 2 });
  const c = trainDigitClassifier(tf, train, new Rng(2), { epochs: 2, hidden: 64 });
  const accuracy = classifierAccuracy(tf, c, testSet);
  // A one-hidden-layer MLP reaches about 92 % from 5 000 digits; 88 % leaves room for the seed.
  assert.ok(accuracy > 0.88, `accuracy ${accuracy}`);
  const untrained = trainDigitClassifier(tf, loadMnist({ dir: FIXTURE, limit: 1 }), new Rng(2), { epochs: 1, hidden: 64 });
  const chance = classifierAccuracy(tf, untrained, testSet);
  assert.ok(chance < 0.35, `one digit seen once: ${chance}`);
});

test("balancedWorkerCount: nine equal runs on two cores finish soonest on three workers; never more than twice the cores", () => {
  // Time in rounds of one run: ceil(tasks / w) · max(1, w / cores).
  assert.equal(balancedWorkerCount(9, 2), 3, "2 workers: 5 rounds; 3 workers: 3 rounds at 2/3 speed = 4.5");
  assert.equal(balancedWorkerCount(4, 2), 2);
  assert.equal(balancedWorkerCount(1, 2), 1);
  assert.equal(balancedWorkerCount(9, 4), 5, "5 workers: 2 rounds × 1.25 = 2.5 beats 4 workers' 3 rounds; 9 would need 9 > 2·4 workers");
  assert.equal(balancedWorkerCount(100, 2), 2, "many tasks: as many workers as cores");
  assert.throws(() => balancedWorkerCount(0, 2), /tasks must be an integer ≥ 1, got 0/);
});
