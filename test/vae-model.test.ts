/**
 * The VAE's maths (docs/theory.md#vae): the loss against a float64 reference written from
 * the formulas (BCE = −Σ x log x̂ + (1 − x) log(1 − x̂); KL = −½ Σ (1 + log σ² − μ² − σ²),
 * Kingma & Welling 2014 appendix B), the hand-written gradient against central finite
 * differences of that reference, Adam against Kingma & Ba's Algorithm 1 by hand, and
 * training on the MNIST fixture.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as path from "path";
import { loadMnist } from "../src/data/mnist";
import { Rng } from "../src/random/rng";
import { Adam } from "../src/vae/adam";
import { initTensorflow, type Tf } from "../src/vae/tensorflow";
import { trainVae } from "../src/vae/trainVae";
import { vaeLoss, vaeLossAndGradients } from "../src/vae/vaeGradients";
import { decodeMeans, encodeMeans, sampleVae } from "../src/vae/vaeInference";
import { initVaeParams, PARAM_NAMES, paramShapes, type VaeParams, type VaeSizes } from "../src/vae/vaeParams";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "mnist");
const TINY: VaeSizes = { input: 5, hidden: 4, latent: 2 };

let tfPromise: Promise<Tf> | undefined;
const tfjs = () => (tfPromise ??= initTensorflow("wasm"));

/** The loss in float64, straight from the formulas: the reference the tfjs code must match. */
function referenceLoss(p: VaeParams, x: Float64Array | Float32Array, eps: Float64Array | Float32Array): { bce: number; kl: number } {
  const { input: D, hidden: H, latent: L } = p.sizes;
  const B = x.length / D;
  let bce = 0;
  let kl = 0;
  for (let b = 0; b < B; b++) {
    const h = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      let a = p.b1[j];
      for (let i = 0; i < D; i++) a += x[b * D + i] * p.w1[i * H + j];
      h[j] = Math.max(0, a);
    }
    const z = new Float64Array(L);
    for (let k = 0; k < L; k++) {
      let mu = p.b2[k];
      let logVar = p.b2[L + k];
      for (let j = 0; j < H; j++) {
        mu += h[j] * p.w2[j * 2 * L + k];
        logVar += h[j] * p.w2[j * 2 * L + L + k];
      }
      kl += -0.5 * (1 + logVar - mu * mu - Math.exp(logVar));
      z[k] = mu + Math.exp(logVar / 2) * eps[b * L + k];
    }
    for (let i = 0; i < D; i++) {
      let logit = p.b4[i];
      for (let j = 0; j < H; j++) {
        let g = p.b3[j];
        for (let k = 0; k < L; k++) g += z[k] * p.w3[k * H + j];
        logit += Math.max(0, g) * p.w4[j * D + i];
      }
      const xhat = 1 / (1 + Math.exp(-logit));
      const xi = x[b * D + i];
      bce -= xi * Math.log(xhat) + (1 - xi) * Math.log(1 - xhat);
    }
  }
  return { bce, kl };
}

function tinyBatch(seed: number, batch: number, sizes = TINY) {
  const rng = new Rng(seed);
  const params = initVaeParams(sizes, rng);
  // Larger weights than the initialisation, so the ReLUs and the KL are far from trivial.
  for (let i = 0; i < params.flat.length; i++) params.flat[i] *= 3;
  const x = new Float32Array(batch * sizes.input).map(() => rng.uniform());
  const eps = new Float32Array(batch * sizes.latent).map(() => rng.normal());
  return { params, x, eps };
}

test("the loss equals the formulas: summed BCE and KL of a batch, within float32 rounding", async () => {
  const tf = await tfjs();
  const { params, x, eps } = tinyBatch(1, 3);
  const got = vaeLoss(tf, params, x, eps);
  const want = referenceLoss(params, x, eps);
  assert.ok(Math.abs(got.bce - want.bce) < 1e-5 * Math.abs(want.bce) + 1e-4, `bce ${got.bce} vs ${want.bce}`);
  assert.ok(Math.abs(got.kl - want.kl) < 1e-5 * Math.abs(want.kl) + 1e-4, `kl ${got.kl} vs ${want.kl}`);
  // KL by hand for one latent coordinate: μ = 0.5, log σ² = ln 0.25 gives −½(1 + ln 0.25 − 0.25 − 0.25) = 0.443147.
  const oneKl = -0.5 * (1 + Math.log(0.25) - 0.25 - 0.25);
  assert.ok(Math.abs(oneKl - 0.443147) < 1e-6);
  // BCE by hand: x = 1 scored x̂ = σ(0) = ½ costs ln 2 a pixel.
  const zero = initVaeParams({ input: 2, hidden: 1, latent: 1 }, new Rng(0));
  zero.flat.fill(0);
  const half = vaeLoss(tf, zero, Float32Array.from([1, 0]), Float32Array.from([0.3]));
  assert.ok(Math.abs(half.bce - 2 * Math.LN2) < 1e-6, `two pixels at x̂ = ½: ${half.bce}`);
  assert.ok(Math.abs(half.kl) < 1e-7, "μ = 0, log σ² = 0: KL 0");
});

test("the hand-written gradient matches central finite differences of the float64 loss, every parameter", async () => {
  const tf = await tfjs();
  const { params, x, eps } = tinyBatch(2, 4);
  const { grad } = vaeLossAndGradients(tf, params, x, eps);
  const h = 1e-4;
  let worst = 0;
  for (let i = 0; i < params.flat.length; i++) {
    const keep = params.flat[i];
    // Finite differences in float64 on a float64 copy, so float32 rounding does not swamp h.
    const f64 = Float64Array.from(params.flat);
    const at = (v: number) => {
      f64[i] = v;
      const p = { ...params, flat: params.flat } as VaeParams;
      const shapes = paramShapes(p.sizes);
      let o = 0;
      for (const name of PARAM_NAMES) {
        const n = shapes[name][0] * shapes[name][1];
        (p as unknown as Record<string, Float64Array>)[name] = f64.subarray(o, o + n);
        o += n;
      }
      const l = referenceLoss(p, x, eps);
      return l.bce + l.kl;
    };
    const numeric = (at(keep + h) - at(keep - h)) / (2 * h);
    const err = Math.abs(numeric - grad[i]) / (Math.abs(numeric) + 1e-2);
    worst = Math.max(worst, err);
    assert.ok(err < 2e-3, `parameter ${i}: analytic ${grad[i]}, numeric ${numeric}`);
  }
  assert.ok(worst > 0, "the comparison ran");
});

test("Adam's first two steps on one parameter, by hand (Kingma & Ba 2015, Algorithm 1, with weight decay added to g)", () => {
  const p = Float32Array.from([1]);
  const adam = new Adam(1, { learningRate: 0.1, weightDecay: 0.5 });
  adam.step(p, Float32Array.from([2]));
  // g = 2 + 0.5·1 = 2.5; m̂ = 2.5, v̂ = 6.25: θ = 1 − 0.1 · 2.5 / (2.5 + 1e-8).
  assert.ok(Math.abs(p[0] - 0.9) < 1e-7, `after step 1: ${p[0]}`);
  adam.step(p, Float32Array.from([-1]));
  const g2 = -1 + 0.5 * 0.9;
  const m = 0.9 * 0.1 * 2.5 + 0.1 * g2;
  const v = 0.999 * 0.001 * 6.25 + 0.001 * g2 * g2;
  const want = 0.9 - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
  assert.ok(Math.abs(p[0] - want) < 1e-6, `after step 2: ${p[0]} vs ${want}`);
  assert.throws(() => new Adam(1, { learningRate: 0 }), /learningRate must be a number in \(0, ∞\)/);
  assert.throws(() => adam.step(Float32Array.from([1, 2]), Float32Array.from([1, 2])), /params.length must be 1/);
});

test("training on the 64-digit fixture: the loss per image falls by a third, and the same seed trains the same model bit for bit", async () => {
  const tf = await tfjs();
  const digits = loadMnist({ dir: FIXTURE, seed: 0 });
  const sizes = { input: 784, hidden: 64, latent: 4 };
  const a = trainVae(tf, digits, new Rng(7), { epochs: 15, batchSize: 16, sizes });
  assert.equal(a.epochLoss.length, 15);
  assert.equal(a.steps, 60);
  // A fresh VAE scores about 543 nats a digit (784 × ln 2 at x̂ ≈ ½); fitted, well under that.
  assert.ok(a.epochLoss[0] > 400, `first epoch ${a.epochLoss[0]}`);
  assert.ok(a.epochLoss[14] < (2 / 3) * a.epochLoss[0], `loss ${a.epochLoss[0].toFixed(1)} → ${a.epochLoss[14].toFixed(1)}`);
  const b = trainVae(tf, digits, new Rng(7), { epochs: 15, batchSize: 16, sizes });
  assert.deepEqual(b.params.flat, a.params.flat, "same seed, same backend: identical weights (the wasm backend runs single-threaded, in a fixed order)");
  const c = trainVae(tf, digits, new Rng(8), { epochs: 1, batchSize: 16, sizes });
  assert.notDeepEqual(c.params.flat.subarray(0, 100), a.params.flat.subarray(0, 100));
  const partial = trainVae(tf, digits, new Rng(7), { images: 100, batchSize: 16, sizes });
  assert.deepEqual([partial.steps, partial.epochLoss.length], [4 + 3, 2], "100 images: a pass of 64 (4 steps), then 36 more (3 steps)");
  assert.throws(() => trainVae(tf, digits, new Rng(7), { epochs: 0, sizes }), /epochs must be an integer ≥ 1, got 0/);
});

test("sampling decodes z ~ N(0, I) to the decoder's mean images, in [0, 1]; encodeMeans has one μ row per image", async () => {
  const tf = await tfjs();
  const p = initVaeParams({ input: 784, hidden: 16, latent: 3 }, new Rng(4));
  const s = sampleVae(tf, p, 1500, new Rng(5));
  assert.equal(s.count, 1500);
  assert.ok(s.pixels.every((v) => v >= 0 && v <= 1));
  const rng = new Rng(5);
  const z = new Float32Array(1500 * 3).map(() => rng.normal());
  assert.deepEqual(decodeMeans(tf, p, z, 1500), s.pixels, "the same z, across the 1000-row batches, gives the same images");
  const mu = encodeMeans(tf, p, s);
  assert.equal(mu.length, 1500 * 3);
  assert.throws(() => sampleVae(tf, p, 0, rng), /n \(images to sample\) must be an integer ≥ 1, got 0/);
});
