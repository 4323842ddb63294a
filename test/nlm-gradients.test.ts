/**
 * The transformer of chapter 7 (src/nlm): its config checks, the hand-written backward
 * pass against central finite differences of the forward pass for every parameter tensor
 * (on the wasm backend the chapter runs on, and on cpu), the loss of a fresh model against
 * ln V, and a few Adam steps learning a repeating sequence.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { Adam } from "../src/vae/adam";
import { initTensorflow, type Backend, type Tf } from "../src/vae/tensorflow";
import { nextTokenLoss, weightedCrossEntropy } from "../src/nlm/transformerForward";
import { blockedTranspose, transformerLossAndGradients } from "../src/nlm/transformerGradients";
import { initTransformerParams, parameterCount, parameterLayout, transformerConfig, type TransformerConfigInput, type TransformerParams } from "../src/nlm/transformerParams";

/** The brief's tiny model: 11 tokens, 8 positions of context (T = 6 used), width 8, 2 heads. */
const TINY: TransformerConfigInput = { vocabSize: 11, contextLength: 8, dModel: 8, heads: 2 };

/**
 * A model far from its initialisation: every entry N(0, 0.3²) around GPT-2's start (gains
 * around 1), so no gradient vanishes by the symmetry of unit gains and zero biases, and the
 * logits are O(1) rather than GPT-2's ≈ 0.06, which would leave the softmax nearly uniform.
 * (The key bias's gradient is exactly 0 at any parameters: it adds q·b_k to every score of
 * a row, which the softmax ignores; the check then compares 0 with a difference of ≈ 0.)
 */
function perturbedModel(config: TransformerConfigInput, seed: number): TransformerParams {
  const rng = new Rng(seed);
  const p = initTransformerParams(transformerConfig(config), rng);
  for (const e of parameterLayout(p.config)) {
    const a = p.flat.subarray(e.offset, e.offset + e.size);
    for (let i = 0; i < a.length; i++) a[i] = (e.init === "ones" ? 1 : 0) + 0.3 * rng.normal();
  }
  return p;
}

function randomTokens(rng: Rng, count: number, vocabSize: number): Int32Array {
  return new Int32Array(count).map(() => rng.uniformInt(vocabSize));
}

test("config: defaults as GPT-2 at small size, and named errors for bad fields", () => {
  const c = transformerConfig({ vocabSize: 100 });
  assert.deepEqual(c, { vocabSize: 100, contextLength: 128, dModel: 128, layers: 2, heads: 4, ffHidden: 512 });
  // Tied embeddings: E once (V·D), positions C·D, per layer 12 D² + 13 D (with ffHidden 4D), final LN 2D.
  const D = 128;
  assert.equal(parameterCount(c), 100 * D + 128 * D + 2 * (12 * D * D + 13 * D) + 2 * D);
  assert.throws(() => transformerConfig({ vocabSize: 1 }), /config\.vocabSize must be an integer ≥ 2, got 1/);
  assert.throws(() => transformerConfig({ vocabSize: 10, dModel: 10, heads: 4 }), /config\.dModel must be a multiple of heads = 4, got 10/);
  assert.throws(() => transformerConfig({ vocabSize: 10, layers: 0 }), /config\.layers must be an integer ≥ 1, got 0/);
  assert.throws(() => transformerConfig({ vocabSize: 10, contextLength: 2.5 }), /config\.contextLength must be an integer ≥ 1, got 2.5/);
});

test("initialisation: GPT-2's N(0, 0.02²) weights, 1/√(2·layers) on residual projections, unit gains, zero biases", () => {
  const p = initTransformerParams(transformerConfig({ vocabSize: 50, dModel: 32, layers: 2 }), new Rng(1));
  const sd = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
  assert.ok(Math.abs(sd(p.tokenEmbedding) - 0.02) < 0.002, `token embedding sd ${sd(p.tokenEmbedding)}`);
  assert.ok(Math.abs(sd(p.blocks[0].mlpInWeight) - 0.02) < 0.002);
  assert.ok(Math.abs(sd(p.blocks[1].mlpOutWeight) - 0.01) < 0.001, `mlpOut sd ${sd(p.blocks[1].mlpOutWeight)} (0.02/√4)`);
  assert.ok(p.blocks[0].ln1Gain.every((g) => g === 1) && p.blocks[0].qkvBias.every((b) => b === 0) && p.finalLnBias.every((b) => b === 0));
  assert.deepEqual(initTransformerParams(p.config, new Rng(1)).flat, p.flat, "same seed, same model");
});

/**
 * Central differences (L(θ + h) − L(θ − h)) / 2h of the float32 forward pass at h = 1e-2,
 * against the analytic gradient, at 4 random entries of every parameter tensor (plus a
 * position row the batch never reaches, whose gradient must be exactly 0).
 *
 * Tolerance |fd − grad| ≤ 2e-2·max(|fd|, |grad|) + 1e-4. The loss (≈ 2.6) is a float32 sum
 * of float32 products, good to ≈ 1e-6; a difference quotient divides that error by 2h, so
 * ≈ 5e-5 absolute: the 1e-4 floor. The truncation error h²·L‴/6 is ≈ 1e-4 relative at
 * these O(1) weights; 2e-2 leaves a wide margin for both (the worst measured is about 0.3
 * of the tolerance) while a wrong term — a missing transpose, a dropped residual path, the
 * softmax's Jacobian without its row sum — is off by 100% or more.
 */
async function finiteDifferenceCheck(backend: Backend, layers: number): Promise<void> {
  const tf: Tf = await initTensorflow(backend);
  const p = perturbedModel({ ...TINY, layers }, 3);
  const rng = new Rng(4);
  const batch = 2;
  const length = 6;
  const ids = randomTokens(rng, batch * length, TINY.vocabSize);
  const before = tf.memory().numTensors;
  const { loss, grad } = transformerLossAndGradients(tf, p, ids, batch);
  assert.ok(Math.abs(loss - nextTokenLoss(tf, p, ids, batch)) < 1e-6, "the gradient pass reports the forward pass's loss");
  const h = 1e-2;
  let worst = 0;
  const failures: string[] = [];
  for (const e of parameterLayout(p.config)) {
    const entries = Array.from({ length: 4 }, () => e.offset + rng.uniformInt(e.size));
    // Row `length` of the position embedding: beyond the batch, so its gradient is exactly 0.
    if (e.name === "positionEmbedding") entries.push(e.offset + length * p.config.dModel + 1);
    for (const i of entries) {
      const x = p.flat[i];
      p.flat[i] = x + h;
      const up = nextTokenLoss(tf, p, ids, batch);
      p.flat[i] = x - h;
      const down = nextTokenLoss(tf, p, ids, batch);
      p.flat[i] = x;
      const fd = (up - down) / (2 * h);
      const tolerance = 2e-2 * Math.max(Math.abs(fd), Math.abs(grad[i])) + 1e-4;
      worst = Math.max(worst, Math.abs(fd - grad[i]) / tolerance);
      if (!(Math.abs(fd - grad[i]) <= tolerance)) failures.push(`${e.name}[${i - e.offset}]: grad ${grad[i]}, fd ${fd}`);
    }
  }
  assert.deepEqual(failures, [], `${backend}, ${layers} layer(s): worst error ${worst.toFixed(2)} of the tolerance`);
  const unreached = parameterLayout(p.config).find((e) => e.name === "positionEmbedding")!;
  assert.equal(grad[unreached.offset + length * p.config.dModel + 1], 0);
  assert.equal(tf.memory().numTensors, before, "no tensor outlives the passes");
}

test("the gradient of every parameter tensor matches central differences: wasm, 2 layers", async () => {
  await finiteDifferenceCheck("wasm", 2);
});

test("the gradient of every parameter tensor matches central differences: cpu, 1 layer", async () => {
  await finiteDifferenceCheck("cpu", 1);
});

test("the output layer's blocked transpose equals tf.transpose, on 2 × 3 blocks and on a shape it cannot block", async () => {
  const tf = await initTensorflow("wasm");
  const before = tf.memory().numTensors;
  // The finite-difference checks' models are too small to take the blocked path.
  for (const shape of [[256, 192], [6, 11]] as [number, number][]) {
    const [x, fast, plain] = tf.tidy(() => {
      const x = tf.tensor2d(Float32Array.from({ length: shape[0] * shape[1] }, (_, i) => i), shape);
      return [x, blockedTranspose(tf, x), tf.transpose(x)];
    });
    assert.deepEqual(fast.shape, [shape[1], shape[0]]);
    assert.deepEqual(fast.dataSync(), plain.dataSync(), `${shape}`);
    tf.dispose([x, fast, plain]);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("the cross-entropy is logsumexp − logit in float64, also where the target's probability underflows float32", async () => {
  const tf = await initTensorflow("wasm");
  // Row 1's target sits 200 nats below its row's maximum: p_target = e^−200 underflows.
  const rows = [[0.5, -1, 2, 0], [100, 0, -100, 3]];
  const targets = new Int32Array([2, 2]);
  const weights = new Float32Array([0.25, 0.75]);
  const lse = (r: number[]) => Math.max(...r) + Math.log(r.reduce((a, x) => a + Math.exp(x - Math.max(...r)), 0));
  const expected = rows.reduce((a, r, n) => a + weights[n] * (lse(r) - r[targets[n]]), 0);
  const loss = tf.tidy(() => weightedCrossEntropy(tf, tf.tensor2d(rows), targets, weights).loss);
  assert.ok(Math.abs(loss - expected) < 1e-5 * expected, `loss ${loss}, expected ${expected}`);
});

test("a freshly initialised model predicts nearly uniformly: loss ≈ ln V", async () => {
  const tf = await initTensorflow("wasm");
  const V = 50;
  const p = initTransformerParams(transformerConfig({ vocabSize: V, contextLength: 16, dModel: 32 }), new Rng(7));
  const ids = randomTokens(new Rng(8), 4 * 16, V);
  const loss = nextTokenLoss(tf, p, ids, 4);
  // The logits LN(x)·Eᵀ have sd ≈ 0.02·√dModel ≈ 0.11, so E[loss] − ln V ≈ ½·0.11² ≈ 0.006;
  // 0.05 also covers the spread of 60 predictions of a random model.
  assert.ok(Math.abs(loss - Math.log(V)) < 0.05, `loss ${loss}, ln V ${Math.log(V)}`);
});

test("forty Adam steps learn a repeating sequence: loss below ½ ln V", async () => {
  const tf = await initTensorflow("wasm");
  const V = 11;
  const p = initTransformerParams(transformerConfig({ ...TINY, dModel: 16 }), new Rng(9));
  // Windows of the cycle 0 1 2 … 10 0 1 …: every next token is determined by the current one.
  const batch = 4;
  const length = 8;
  const ids = new Int32Array(batch * length).map((_, i) => (Math.floor(i / length) * 3 + (i % length)) % V);
  const adam = new Adam(p.flat.length, { learningRate: 1e-2, weightDecay: 0 });
  const first = nextTokenLoss(tf, p, ids, batch);
  for (let step = 0; step < 40; step++) adam.step(p.flat, transformerLossAndGradients(tf, p, ids, batch).grad);
  const last = nextTokenLoss(tf, p, ids, batch);
  assert.ok(Math.abs(first - Math.log(V)) < 0.05, `initial loss ${first}`);
  assert.ok(last < 0.5 * Math.log(V), `loss after 40 steps ${last}, ½ ln V = ${0.5 * Math.log(V)}`);
});
