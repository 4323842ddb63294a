/**
 * Pretraining and fine-tuning, the n-gram way. The paper takes a pretrained model
 * (OPT-125m) and fine-tunes it on the target data; every generation restarts from the
 * pretrained weights. Here the pretrained model is a Kneser–Ney model of a general corpus,
 * and fine-tuning estimates a second model on the target data and interpolates:
 *   p_ft(w | h) = λ · p_target(w | h) + (1 − λ) · p_base(w | h)
 * (linear interpolation of a background and an in-domain model, the standard n-gram
 * domain adaptation; Jelinek & Mercer 1980, Bellegarda 2004 "Statistical language model
 * adaptation: review and perspectives"). λ minimises perplexity on the validation split;
 * the negative log-likelihood is convex in λ, so a golden-section search finds it.
 */
import { assertInRange, assertInteger } from "../validate";
import { InterpolatedLm } from "./interpolatedLm";
import { KneserNeyModel } from "./kneserNey";
import { tokenProbabilities } from "./perplexity";

/** λ ∈ [0, 1] minimising the validation perplexity of λ·target + (1 − λ)·base. */
export function chooseInterpolationWeight(
  base: KneserNeyModel,
  target: KneserNeyModel,
  validation: ArrayLike<number>,
  blockSize: number,
): number {
  assertInteger(validation.length, "validation.length", 1);
  const pb = tokenProbabilities(InterpolatedLm.single(base), validation, blockSize);
  const pt = tokenProbabilities(InterpolatedLm.single(target), validation, blockSize);
  const nll = (lambda: number) => {
    let s = 0;
    for (let i = 0; i < pb.length; i++) s -= Math.log(lambda * pt[i] + (1 - lambda) * pb[i]);
    return s;
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = 0;
  let b = 1;
  let x1 = b - phi * (b - a);
  let x2 = a + phi * (b - a);
  let f1 = nll(x1);
  let f2 = nll(x2);
  while (b - a > 1e-4) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - phi * (b - a);
      f1 = nll(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + phi * (b - a);
      f2 = nll(x2);
    }
  }
  const best = (a + b) / 2;
  // The optimum may sit on the boundary (target useless or base useless).
  const candidates = [0, best, 1];
  const values = candidates.map(nll);
  return candidates[values.indexOf(Math.min(...values))];
}

export interface FineTuned {
  lm: InterpolatedLm;
  target: KneserNeyModel;
  lambda: number;
}

/**
 * Fine-tunes `base` on `targetTokens`: a target model of the same order, interpolated
 * with weight `lambda`, or with the λ chosen on `validation` when `lambda` is omitted.
 */
export function fineTune(
  base: KneserNeyModel,
  targetTokens: ArrayLike<number>,
  opts: { lambda?: number; validation?: ArrayLike<number>; blockSize?: number },
): FineTuned {
  const target = KneserNeyModel.train(targetTokens, base.order, base.vocabSize);
  let lambda = opts.lambda;
  if (lambda === undefined) {
    if (!opts.validation) throw new RangeError("fineTune needs either lambda (a number in [0, 1]) or a validation split to choose it");
    lambda = chooseInterpolationWeight(base, target, opts.validation, opts.blockSize ?? 64);
  }
  assertInRange(lambda, "lambda", 0, 1);
  return { lm: new InterpolatedLm([target, base], [lambda, 1 - lambda]), target, lambda };
}
