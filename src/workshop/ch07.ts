/**
 * Chapter 07's exercises (notebooks/07-neural-lm.ipynb, docs/theory.md#transformer-lm): a
 * numerically stable log-softmax implemented and checked on inputs with known answers (the
 * step from a transformer's logits to the perplexity every figure of the chapter measures),
 * a prediction of how far the generated sequences' perplexity falls in one generation
 * (checked against the live run the notebook just made), and the full run's tail in the two
 * settings compared (read from its committed data).
 */
import { loadNeuralRunData } from "../experiments/neuralLmData";
import type { CollapseSummary } from "../lm/summary";
import { exercise, fail, pass, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { explained, notANumberIn, num } from "./checks";
import { fromNotebook } from "./solutions";

type LogSoftmax = (logits: readonly number[]) => number[];

/** log softmax(z)_i = z_i − m − log Σ_j e^{z_j − m}, m = max z: the log-sum-exp shifted by its largest term, so nothing overflows. */
const logSoftmaxReference = (z: readonly number[]) => {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((s, x) => s + Math.exp(x - m), 0));
  return z.map((x) => x - lse);
};

const close = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= 1e-9 * Math.max(1, Math.abs(b[i])));

function logSoftmaxCheck(f: LogSoftmax): Verdict {
  if (typeof f !== "function") return fail(`give a function (logits) => number[], got ${typeof f}.`);
  const cases = [[0, 0], [1, 2, 3], [-2.5, 0.5, 4, 4], [1000, 1001, 999], [-1000, -1001]];
  for (const z of cases) {
    const got = answered(f(z));
    const want = logSoftmaxReference(z);
    const shown = `logits [${z.map(num).join(", ")}]`;
    if (!Array.isArray(got) || got.length !== z.length) return fail(`for ${shown} return an array of ${z.length} numbers, one per token; got ${JSON.stringify(got)}.`);
    if (close(got, want)) continue;
    if (got.some((x) => typeof x !== "number" || !Number.isFinite(x))) return fail(`for ${shown} you return [${got.map(String).join(", ")}]: e^1000 overflows a double. Subtract the largest logit before exponentiating; log-softmax does not change when every logit moves by the same amount.`);
    if (close(got, want.map(Math.exp))) return fail(`for ${shown} you return the probabilities (softmax); the exercise asks for their logarithms.`);
    if (close(got, z.map((x) => x - Math.max(...z)))) return fail(`for ${shown} you subtract the largest logit only; the log of the normaliser, log Σ e^{z_j − max}, is missing.`);
    return fail(`for ${shown} log-softmax is [${want.map(num).join(", ")}], yours [${got.map(num).join(", ")}]. z_i − max − log Σ_j e^{z_j − max}.`);
  }
  return pass(`right on ${cases.length} cases, huge logits included. A block's perplexity is exp of minus the mean of these numbers at the tokens that came next; the transformer computes exactly this (src/nlm/blockPerplexities.ts), row by row in log space so that a confident model's tiny probabilities never underflow.`);
}

export interface MedianPrediction {
  /** Your prediction of median(generation 1) / median(generation 0), setting (b), made before the live run. */
  prediction: number;
  /** The live run's summary, which the check reads. */
  run: CollapseSummary<unknown>;
}

/** median(generation 1) / median(generation 0) of the generated sequences' perplexity under model 0, setting (b). */
export function medianRatio(s: CollapseSummary<unknown>): number {
  const h = s.settings.b?.histograms ?? [];
  const g0 = h.find((x) => x.generation === 0);
  const g1 = h.find((x) => x.generation === 1);
  if (!g0 || !g1) throw new Error("the run's setting (b) has no histograms of generations 0 and 1");
  return g1.median / g0.median;
}

function medianCheck(answer: MedianPrediction): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { prediction, run }.");
  const prediction = answered(answer.prediction);
  const bad = notANumberIn(prediction, "prediction", 0, 100);
  if (bad) return bad;
  if (prediction === 0) return fail("a perplexity is at least 1, so the ratio of two medians is above 0.");
  let measured: number;
  try {
    measured = medianRatio(answer.run);
  } catch {
    return fail("run: pass the live run's summary (live.summary), with histograms of generations 0 and 1.");
  }
  // One seed of a live run: no standard error to derive a tolerance from, so a prediction
  // counts when it is within a factor of 2 of the measured ratio — its order of magnitude.
  const off = Math.abs(Math.log(prediction / measured));
  if (prediction >= 1 && measured < 1) return fail(`you predict the perplexity stays or rises (× ${num(prediction)}); the live run measured × ${num(measured)}. Model 1 learned from model 0's beam-search output: which text does model 0 find likelier, real text or its own beam search's?`);
  if (off > Math.log(2)) return fail(`you predict × ${num(prediction)}; the live run measured × ${num(measured)} (accepted within a factor of 2, as the live run has one seed). The direction is ${(prediction < 1) === (measured < 1) ? "right" : "wrong"}.`);
  return pass(`× ${num(prediction)} against × ${num(measured)} measured. Beam search picks the likeliest continuations, and a model fine-tuned on them makes its successors likelier still under model 0: the mass of Fig. 1b,c's histograms moves to low perplexity. The full run below has the same shift (median 7.1 → 3.3 in one generation of (b)).`);
}

/** The full run's maximum perplexity under model 0 of the sequences of one generation, from figures/data/ch07-nlm-run.json. */
export function fullRunTailMax(setting: "b" | "c", generation: number): number {
  const h = loadNeuralRunData().summary.settings[setting]?.histograms.find((x) => x.generation === generation);
  if (!h) throw new Error(`the full run has no histogram of generation ${generation} in setting (${setting}): it has generations 0, 1, 2, 3, 5, 9`);
  return h.max;
}

export interface TailAnswer {
  setting: string;
  max: number;
  why: string;
}

function tailCheck(answer: TailAnswer): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { setting, max, why }.");
  if (answer.setting !== "c") return fail(`the exercise changes the setting to "c"; you give ${JSON.stringify(answer.setting)}.`);
  const bad = notANumberIn(answer.max, "max", 1);
  if (bad) return bad;
  const b = fullRunTailMax("b", 5);
  const c = fullRunTailMax("c", 5);
  // The stored numbers are exact; 2 % allows reading them off the printout.
  if (Math.abs(answer.max - b) <= 0.02 * b) return fail(`${num(answer.max)} is setting (b)'s value: call fullRunTailMax("c", 5).`);
  if (Math.abs(answer.max - c) > 0.02 * c) return fail(`in setting (c) the most improbable sequence of generation 5 has perplexity ${num(c)}; you give ${num(answer.max)}.`);
  return explained(answer.why, {
    a: pass(`${num(c)} in (c) against ${num(b)} in (b): every generation of (c) trains on 10 % real blocks, so its model still continues some prompts with text model 0 finds improbable, while (b) has converged to one repeated continuation. The paper's picture — a bulk at low perplexity and a tail of improbable sequences — needs some variety left in the data (docs/theory.md#transformer-lm).`),
    b: fail(`the number is right (${num(c)}), but more epochs make a model more sure of its data, which narrows what it generates; (c) keeps its tail in spite of its 10 epochs, not because of them.`),
    c: fail(`the number is right (${num(c)}), but both settings are scored by the same generation-0 model with the same vocabulary; what differs is the data each generation trains on.`),
  });
}

export const ex07 = {
  logSoftmax: exercise<LogSoftmax>("07.1", {
    check: logSoftmaxCheck,
    hints: [
      "log softmax(z)_i = z_i − log Σ_j e^{z_j}; computed as written, e^1000 is Infinity.",
      "Subtract m = max z first: z_i − m − log Σ_j e^{z_j − m} is the same number, and every exponent is ≤ 0.",
      "const m = Math.max(...logits); const lse = m + Math.log(logits.reduce((s, z) => s + Math.exp(z - m), 0)); return logits.map((z) => z - lse);",
    ],
    solution: fromNotebook("07.1"),
  }),
  median: exercise<MedianPrediction>("07.2", {
    check: medianCheck,
    hints: [
      "Model 0 scores generation 0's sequences (its own beam search) and generation 1's (the beam search of a model fine-tuned on them).",
      "Beam search keeps the likeliest continuations; a model trained on them is even surer of the same phrases.",
      "Expect a fall, not a rise: in this small live run, by about a factor of ten.",
    ],
    solution: fromNotebook("07.2"),
  }),
  tail: exercise<TailAnswer>("07.3", {
    check: tailCheck,
    hints: [
      'Change only the argument: fullRunTailMax("c", 5).',
      "Compare with setting (b)'s value printed by the cell: which setting still generates improbable sequences at generation 5?",
      "In (c), 10 % of every generation's training blocks are real text, drawn afresh from the original data.",
    ],
    solution: fromNotebook("07.3"),
  }),
};
