/**
 * The parameters of the MLP VAE of chapter 6 (Kingma & Welling 2014, appendix C's
 * Bernoulli MLP; docs/theory.md#vae), as plain Float32Arrays so a model can be copied to
 * a worker thread, stored and compared without a tensor engine:
 *
 *   encoder  h = relu(x·W1 + b1),  [μ, log σ²] = h·W2 + b2   (W2 is hidden × 2·latent)
 *   decoder  g = relu(z·W3 + b3),  x̂ = sigmoid(g·W4 + b4)
 *
 * Matrices are row-major, input-major (W1 is input × hidden), so x·W1 needs no transpose.
 * All of them are views on one Float32Array, `flat`, in the order of PARAM_NAMES, so the
 * optimiser updates the whole model in one loop and a gradient arrives in one download.
 */
import type { Rng } from "../random/rng";
import { assertInteger } from "../validate";

export interface VaeSizes {
  /** Pixels per image (784 for MNIST). */
  input: number;
  hidden: number;
  latent: number;
}

/** The paper's latent size (20) with the usual MLP hidden layer of 400 units. */
export const PAPER_SIZES: VaeSizes = { input: 784, hidden: 400, latent: 20 };

export interface VaeParams {
  sizes: VaeSizes;
  /** Every parameter, in PARAM_NAMES order; the named arrays below are views on it. */
  flat: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  w3: Float32Array;
  b3: Float32Array;
  w4: Float32Array;
  b4: Float32Array;
}

/** Names of the parameter arrays, in a fixed order (the optimiser's and the gradients'). */
export const PARAM_NAMES = ["w1", "b1", "w2", "b2", "w3", "b3", "w4", "b4"] as const;
export type ParamName = (typeof PARAM_NAMES)[number];

/** [rows, columns] of each parameter (a bias is 1 × columns). */
export function paramShapes(s: VaeSizes): Record<ParamName, [number, number]> {
  return {
    w1: [s.input, s.hidden],
    b1: [1, s.hidden],
    w2: [s.hidden, 2 * s.latent],
    b2: [1, 2 * s.latent],
    w3: [s.latent, s.hidden],
    b3: [1, s.hidden],
    w4: [s.hidden, s.input],
    b4: [1, s.input],
  };
}

export function validateSizes(s: VaeSizes, name = "sizes"): void {
  assertInteger(s?.input, `${name}.input`, 1);
  assertInteger(s.hidden, `${name}.hidden`, 1);
  assertInteger(s.latent, `${name}.latent`, 1);
}

/** Number of parameters of a VAE of these sizes. */
export function paramCount(s: VaeSizes): number {
  const shapes = paramShapes(s);
  return PARAM_NAMES.reduce((n, name) => n + shapes[name][0] * shapes[name][1], 0);
}

/** VaeParams whose named arrays are views on `flat` (of length paramCount(sizes)). */
export function vaeParamsFromFlat(sizes: VaeSizes, flat: Float32Array): VaeParams {
  validateSizes(sizes);
  if (flat.length !== paramCount(sizes)) throw new RangeError(`flat.length must be ${paramCount(sizes)} for sizes ${JSON.stringify(sizes)}, got ${flat.length}`);
  const shapes = paramShapes(sizes);
  const out = { sizes: { ...sizes }, flat } as VaeParams;
  let at = 0;
  for (const name of PARAM_NAMES) {
    const n = shapes[name][0] * shapes[name][1];
    out[name] = flat.subarray(at, at + n);
    at += n;
  }
  return out;
}

/**
 * Fresh parameters as PyTorch's nn.Linear initialises them: weights and biases uniform in
 * ±1/√fan_in (kaiming_uniform with a = √5), so a generation "trained from scratch" starts
 * where the official code's does.
 */
export function initVaeParams(sizes: VaeSizes, rng: Rng): VaeParams {
  validateSizes(sizes);
  const fanIn: Record<ParamName, number> = { w1: sizes.input, b1: sizes.input, w2: sizes.hidden, b2: sizes.hidden, w3: sizes.latent, b3: sizes.latent, w4: sizes.hidden, b4: sizes.hidden };
  const p = vaeParamsFromFlat(sizes, new Float32Array(paramCount(sizes)));
  for (const name of PARAM_NAMES) {
    const a = p[name];
    const bound = 1 / Math.sqrt(fanIn[name]);
    for (let i = 0; i < a.length; i++) a[i] = (2 * rng.uniform() - 1) * bound;
  }
  return p;
}
