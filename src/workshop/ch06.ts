/**
 * Chapter 06's exercises (notebooks/06-vae.ipynb, docs/theory.md#vae): the VAE's KL term
 * implemented and checked on inputs with known answers, a prediction of how much latent
 * spread generation 1 keeps (checked against the live run the notebook just made), and the
 * full run's regimes compared (read from its stored figure data).
 */
import { loadExportedFigure } from "../data/exportedFigure";
import type { VaeCollapseSummary } from "../experiments/vaeSummary";
import { exercise, fail, pass, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { explained, notANumberIn, num, simulated } from "./checks";
import { fromNotebook } from "./solutions";

type KlToStandardNormal = (mu: readonly number[], logVar: readonly number[]) => number;

/** KL(N(μ, diag e^{logVar}) ‖ N(0, I)) = −½ Σ (1 + log σ² − μ² − σ²), Kingma & Welling 2014, appendix B. */
const klReference = (mu: readonly number[], logVar: readonly number[]) => mu.reduce((s, m, k) => s - 0.5 * (1 + logVar[k] - m * m - Math.exp(logVar[k])), 0);

function klCheck(kl: KlToStandardNormal): Verdict {
  if (typeof kl !== "function") return fail(`give a function (mu, logVar) => number, got ${typeof kl}.`);
  const cases: [number[], number[]][] = [
    [[0, 0], [0, 0]],
    [[1], [0]],
    [[0.5, -1, 2], [Math.log(0.25), 0.3, -2]],
    [[0, 0, 0], [-4, -4, -4]],
  ];
  for (const [mu, logVar] of cases) {
    const got = answered(kl(mu, logVar));
    const want = klReference(mu, logVar);
    const shown = `μ = [${mu.map(num).join(", ")}], log σ² = [${logVar.map(num).join(", ")}]`;
    if (typeof got !== "number" || !Number.isFinite(got)) return fail(`for ${shown} your function returned ${String(got)}, not a finite number.`);
    if (Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want))) continue;
    if (Math.abs(got + want) <= 1e-9 * Math.max(1, Math.abs(want))) return fail(`for ${shown} you return ${num(got)}, the right size with the wrong sign: a KL divergence is never negative; the formula has −½ in front.`);
    if (Math.abs(got - 2 * want) <= 1e-9 * Math.max(1, Math.abs(want))) return fail(`for ${shown} you return ${num(got)}, twice the KL: the formula has a factor ½.`);
    const noExp = mu.reduce((s, m, k) => s - 0.5 * (1 + logVar[k] - m * m - logVar[k]), 0);
    if (Math.abs(got - noExp) <= 1e-9 * Math.max(1, Math.abs(noExp))) return fail(`for ${shown} you use log σ² where σ² belongs: σ² = exp(log σ²).`);
    if (Math.abs(got - want / mu.length) <= 1e-9 * Math.max(1, Math.abs(want))) return fail(`for ${shown} you return the mean over coordinates, ${num(got)}; the KL of a diagonal Gaussian is the SUM over coordinates, ${num(want)}.`);
    if (mu.every((m) => m === 0) && logVar.every((v) => v === 0)) return fail(`q = N(0, I) is the prior itself, so the KL must be 0; yours gives ${num(got)}.`);
    return fail(`for ${shown} the KL is ${num(want)}, yours ${num(got)}. Per coordinate: −½ (1 + log σ² − μ² − σ²), summed.`);
  }
  return pass(`right on ${cases.length} cases. The KL pulls every q(z|x) towards N(0, I): it is 0 only for the prior itself, and it grows as μ leaves 0 or σ² leaves 1. This pull is one reason a VAE under-fits the spread of its data (docs/theory.md#vae-latent-spread).`);
}

export interface SpreadPrediction {
  /** Your prediction of sd(generation 1) / sd(generation 0), made before the live run. */
  prediction: number;
  /** The live run's summary, which the check reads. */
  run: VaeCollapseSummary;
}

function spreadCheck(answer: SpreadPrediction): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { prediction, run }.");
  const prediction = answered(answer.prediction);
  const bad = notANumberIn(prediction, "prediction", 0, 5);
  if (bad) return bad;
  const r = answer.run?.regimes?.replace;
  if (!r || r.latentSd.length < 2) return fail("run: pass the live run's summary (live.summary), with generations 0 and 1 of the replace regime.");
  const ratios = r.latentSdSeeds.map((seed) => seed[1] / seed[0]);
  if (ratios.length < 2) return fail(`run: the check needs a run of at least 2 seeds, to know how precisely the ratio is measured; this one has ${ratios.length}.`);
  // A prediction is a rough number: within 4 standard errors over the seeds, and never tighter than 0.15.
  const s = simulated(ratios, 0.15);
  const measured = `measured ${num(s.mean)} ± ${num(s.se)} (1 SE over ${ratios.length} seeds; accepted within ${num(s.tolerance)})`;
  if (prediction >= 1 && s.mean < 1) return fail(`you predict the spread grows or stays (× ${num(prediction)}); ${measured}. Generation 1 learns from generation 0's blurry, typical samples — what does a smoother, more typical set of digits do to the encoder's means?`);
  if (Math.abs(prediction - s.mean) > s.tolerance) return fail(`you predict × ${num(prediction)}; ${measured}. The direction is ${(prediction < 1) === (s.mean < 1) ? "right" : "wrong"}; the size is off by ${num(Math.abs(prediction - s.mean))}.`);
  return pass(`× ${num(prediction)} against ${measured}. One generation of training on samples costs this much spread; the paper's better-trained conv VAE loses about a tenth per generation (0.674 → 0.608), ours more, because our models are blurrier.`);
}

/** The full run's latent sd at its last generation for a regime, from figures/ch06-vae-regimes.json. */
export function fullRunLastLatentSd(regime: string): number {
  const stored = loadExportedFigure<{ regimes: Record<string, { latentSd: number[] } | undefined> }>("ch06-vae-regimes");
  if (!stored) throw new Error("figures/ch06-vae-regimes.json not found: run npm run figures -- --only ch06-vae-regimes");
  const r = stored.data.regimes[regime];
  if (!r) throw new Error(`the full run has no regime "${regime}": it has ${Object.keys(stored.data.regimes).join(", ")}`);
  return r.latentSd[r.latentSd.length - 1];
}

export interface RegimeAnswer {
  regime: string;
  latentSd: number;
  why: string;
}

function regimeCheck(answer: RegimeAnswer): Verdict {
  if (!answer || typeof answer !== "object") return fail("give an object { regime, latentSd, why }.");
  if (answer.regime !== "keep-real") return fail(`the exercise changes the regime to "keep-real"; you give ${JSON.stringify(answer.regime)}.`);
  const bad = notANumberIn(answer.latentSd, "latentSd", 0);
  if (bad) return bad;
  const replace = fullRunLastLatentSd("replace");
  const kept = fullRunLastLatentSd("keep-real");
  // The stored numbers are exact; 2 % allows reading them off the printout.
  if (Math.abs(answer.latentSd - replace) <= 0.02 * replace && Math.abs(replace - kept) > 0.02 * replace) return fail(`${num(answer.latentSd)} is the replace regime's value: call fullRunLastLatentSd("keep-real").`);
  if (Math.abs(answer.latentSd - kept) > 0.02 * kept) return fail(`with 10 % real digits kept the full run ends at a latent sd of ${num(kept)}; you give ${num(answer.latentSd)}.`);
  return explained(answer.why, {
    a: pass(`${num(kept)} with 10 % real digits against ${num(replace)} replacing everything: every generation sees 6 000 real digits, so each model is pulled back towards the real spread instead of compounding its predecessor's smoothing. A fixed share of real data anchors the loop (docs/theory.md#vae-regimes).`),
    b: fail(`the number is right (${num(kept)}), but every regime trains on the same number of images for the same number of steps: the budget is equal, the data differ.`),
    c: fail(`the number is right (${num(kept)}), but the latent sd is measured by the generation-0 encoder, not the classifier; and the 6 000 real digits are in the training data, not in the samples measured.`),
  });
}

export const ex06 = {
  kl: exercise<KlToStandardNormal>("06.1", {
    check: klCheck,
    hints: [
      "The KL of two Gaussians in closed form, one latent coordinate at a time, then summed.",
      "Per coordinate: −½ (1 + log σ² − μ² − σ²), with σ² = exp(log σ²).",
      "mu.reduce((s, m, k) => s - 0.5 * (1 + logVar[k] - m * m - Math.exp(logVar[k])), 0)",
    ],
    solution: fromNotebook("06.1"),
  }),
  spread: exercise<SpreadPrediction>("06.2", {
    check: spreadCheck,
    hints: [
      "Generation 1 trains on generation 0's samples: decoder MEAN images, smoother and more typical than real digits.",
      "Smoother, more typical digits land nearer the centre of the generation-0 encoder's latent space: less spread.",
      "The paper's VAE keeps about 0.9 of the spread per generation; small, briefly trained models keep less — somewhere between a half and nine tenths.",
    ],
    solution: fromNotebook("06.2"),
  }),
  regime: exercise<RegimeAnswer>("06.3", {
    check: regimeCheck,
    hints: [
      'Change only the argument: fullRunLastLatentSd("keep-real").',
      "Compare with the replace value printed by the cell: higher or lower?",
      "In keep-real, 6 000 of each generation's 60 000 training images are real digits, drawn afresh from the original data.",
    ],
    solution: fromNotebook("06.3"),
  }),
};
