/**
 * A language model that is a fixed linear interpolation of n-gram models:
 *   p(w | h) = Σ_m λ_m p_m(w | h),  λ_m ≥ 0, Σ λ_m = 1.
 * A single Kneser–Ney model is the case of one component. Fine-tuning (./fineTune.ts)
 * makes the two-component model λ·p_target + (1 − λ)·p_base.
 *
 * A decoding or scoring state is an Int32Array holding every component's context nodes
 * (order entries per component), so walking a sequence allocates nothing.
 */
import { assertProbabilities, invalid } from "../validate";
import type { KneserNeyModel } from "./kneserNey";

export class InterpolatedLm {
  readonly components: readonly KneserNeyModel[];
  readonly weights: Float64Array;
  readonly order: number;
  readonly vocabSize: number;
  /** Length of a state array. */
  readonly stateSize: number;

  constructor(components: readonly KneserNeyModel[], weights: ArrayLike<number>) {
    if (components.length < 1) invalid("components", "at least one n-gram model", components.length);
    if (weights.length !== components.length) invalid("weights.length", `${components.length} (one per component)`, weights.length);
    assertProbabilities(weights, "weights");
    const order = components[0].order;
    const vocabSize = components[0].vocabSize;
    components.forEach((c, i) => {
      if (c.order !== order) invalid(`components[${i}].order`, `${order} (all components share one order)`, c.order);
      if (c.vocabSize !== vocabSize) invalid(`components[${i}].vocabSize`, `${vocabSize} (one shared vocabulary)`, c.vocabSize);
    });
    this.components = components;
    this.weights = Float64Array.from(weights);
    this.order = order;
    this.vocabSize = vocabSize;
    this.stateSize = order * components.length;
  }

  static single(model: KneserNeyModel): InterpolatedLm {
    return new InterpolatedLm([model], [1]);
  }

  newState(): Int32Array {
    return new Int32Array(this.stateSize);
  }

  /** State (at out[off …]) after tokens[start … end); only the last order − 1 tokens matter. */
  initState(tokens: ArrayLike<number>, start: number, end: number, out: Int32Array, off = 0): void {
    const o = this.order;
    this.components.forEach((c, m) => c.contextOf(tokens, start, end, out, off + m * o));
  }

  /** State at out[oOff …] after appending `w` to the sequence of state prev[pOff …]
   * (the two ranges must not overlap). */
  advance(prev: Int32Array, pOff: number, w: number, out: Int32Array, oOff: number): void {
    const o = this.order;
    for (let m = 0; m < this.components.length; m++) {
      this.components[m].advance(prev, pOff + m * o, w, out, oOff + m * o);
    }
  }

  /**
   * p(w | state at prev[pOff …]), with the state after `w` written to out[oOff …] (the
   * ranges must not overlap): `prob` then `advance`, in one query per component.
   */
  scoreAndAdvance(prev: Int32Array, pOff: number, w: number, out: Int32Array, oOff: number): number {
    const o = this.order;
    let p = 0;
    for (let m = 0; m < this.components.length; m++) {
      const pm = this.components[m].scoreAndAdvance(prev, pOff + m * o, w, out, oOff + m * o);
      const lambda = this.weights[m];
      if (lambda > 0) p += lambda * pm;
    }
    return p;
  }

  /** p(w | state at state[off …]). */
  prob(state: Int32Array, off: number, w: number): number {
    const o = this.order;
    let p = 0;
    for (let m = 0; m < this.components.length; m++) {
      const lambda = this.weights[m];
      if (lambda > 0) p += lambda * this.components[m].prob(state, off + m * o, w);
    }
    return p;
  }
}
