/**
 * Adam (Kingma & Ba 2015, Algorithm 1) on Float32Arrays, with PyTorch's `weight_decay`:
 * an L2 term added to the gradient before the moments (g ← g + λθ), as torch.optim.Adam
 * does and the official VAE uses (λ = 1e-5). The moments live in Float64Arrays so that
 * long runs do not lose the small updates of late steps to float32 rounding.
 */
import { assertInRange, assertPositive } from "../validate";

export interface AdamOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

/** The official VAE's optimiser: lr 1e-3, PyTorch's betas and ε, weight decay 1e-5. */
export const PAPER_ADAM: Required<AdamOptions> = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-5 };

export class Adam {
  private readonly o: Required<AdamOptions>;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  /** @param size the number of parameters `step` updates (one flat array). */
  constructor(size: number, options: AdamOptions = {}) {
    this.o = { ...PAPER_ADAM, ...options };
    assertPositive(this.o.learningRate, "learningRate");
    assertInRange(this.o.beta1, "beta1", 0, 1, { hiOpen: true });
    assertInRange(this.o.beta2, "beta2", 0, 1, { hiOpen: true });
    assertPositive(this.o.epsilon, "epsilon");
    assertInRange(this.o.weightDecay, "weightDecay", 0, Infinity, { hiOpen: true });
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  /** One update of `params` in place from its gradient `grad` (both of the constructor's size). */
  step(params: Float32Array, grad: Float32Array): void {
    const { learningRate, beta1, beta2, epsilon, weightDecay } = this.o;
    const { m, v } = this;
    if (params.length !== m.length) throw new RangeError(`params.length must be ${m.length}, got ${params.length}`);
    if (grad.length !== m.length) throw new RangeError(`grad.length must be ${m.length}, got ${grad.length}`);
    this.t++;
    const stepSize = learningRate / (1 - Math.pow(beta1, this.t));
    const sqrtC2 = Math.sqrt(1 - Math.pow(beta2, this.t));
    for (let i = 0; i < params.length; i++) {
      const g = grad[i] + weightDecay * params[i];
      const mi = beta1 * m[i] + (1 - beta1) * g;
      const vi = beta2 * v[i] + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (stepSize * mi) / (Math.sqrt(vi) / sqrtC2 + epsilon);
    }
  }
}
