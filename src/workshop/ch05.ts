/**
 * Chapter 05's exercises (notebooks/05-language-model.ipynb): the repetition penalty as
 * HF applies it to log-probabilities (docs/theory.md#repetition-penalty), perplexity from
 * token probabilities (docs/theory.md#perplexity), and a prediction of how much beam search
 * repeats itself without the penalty, checked on the chapter's generation-0 model.
 */
import { exercise, fail, pass, type Exercise, type Verdict } from "../notebook/exercise";
import { answered } from "../notebook/todo";
import { BeamSearch } from "../lm/beamSearch";
import type { InterpolatedLm } from "../lm/interpolatedLm";
import { notANumberIn, num, simulated } from "./checks";
import { fromNotebook } from "./solutions";

type Penalize = (scores: number[], seen: number[], penalty: number) => number[];

/** HF's rule, as src/lm/topCandidates.ts applies it: a seen token's score < 0 is multiplied, > 0 divided. */
function penalized(scores: number[], seen: number[], penalty: number): number[] {
  const s = new Set(seen);
  return scores.map((v, i) => (s.has(i) ? (v < 0 ? v * penalty : v / penalty) : v));
}

function penaltyCheck(penalize: Penalize): Verdict {
  if (typeof penalize !== "function") return fail(`give a function (scores, seen, penalty) => number[], got ${typeof penalize}.`);
  const cases: [number[], number[], number][] = [
    [[-1, -2, -0.5, -3], [0, 2], 3],
    [[-1.2, -0.1, -4], [1, 1, 1], 2],
    [[0.6, -0.7, 1.5], [0, 2], 2],
    [[-2, -2], [], 3],
  ];
  for (const [scores, seen, penalty] of cases) {
    const input = scores.slice();
    const got = answered(penalize(input, seen.slice(), penalty));
    const expected = penalized(scores, seen, penalty);
    const shown = `scores [${scores}], seen [${seen}], penalty ${penalty}`;
    if (!Array.isArray(got) || got.length !== scores.length) return fail(`for ${shown} return an array of ${scores.length} scores, got ${JSON.stringify(got)}.`);
    if (got.every((v, i) => Math.abs(v - expected[i]) <= 1e-12)) continue;
    const divided = scores.map((v, i) => (seen.includes(i) ? v / penalty : v));
    if (got.every((v, i) => Math.abs(v - divided[i]) <= 1e-12)) {
      return fail(`for ${shown} you DIVIDE the seen log-probabilities: −1 / 3 = −0.33 is HIGHER than −1, so that rewards repetition. A log-probability is ≤ 0: multiply it by the penalty to push it down.`);
    }
    const all = scores.map((v) => (v < 0 ? v * penalty : v / penalty));
    if (seen.length < scores.length && got.every((v, i) => Math.abs(v - all[i]) <= 1e-12)) return fail(`for ${shown} you penalise every token; only the tokens in seen (the prompt and the beam so far) pay.`);
    const twice = scores.map((v, i) => v * penalty ** seen.filter((j) => j === i).length);
    if (got.every((v, i) => Math.abs(v - twice[i]) <= 1e-12)) return fail(`for ${shown} a token seen three times is penalised three times; HF penalises each seen token once (a set, not a count).`);
    return fail(`for ${shown} expected [${expected.map(num)}], got [${got.map(num)}]. A seen token's negative score is multiplied by the penalty; a positive one (not a log-probability, but HF allows it) divided.`);
  }
  return pass(`right on ${cases.length} inputs, the rule of HF's RepetitionPenaltyLogitsProcessor. With 3.0 a word already used costs three times its log-probability, so beam search reaches for rarer words — the seed of the drift in the paper's examples.`);
}

type Perplexity = (probs: number[]) => number;

function perplexityCheck(perplexity: Perplexity): Verdict {
  if (typeof perplexity !== "function") return fail(`give a function (probs: number[]) => number, got ${typeof perplexity}.`);
  const cases: [number[], number][] = [
    [[0.5, 0.5], 2],
    [[0.1, 0.2, 0.4], 5],
    [Array.from({ length: 7 }, () => 1 / 1000), 1000],
    [[1, 0.25], 2],
  ];
  for (const [probs, expected] of cases) {
    const got = answered(perplexity(probs.slice()));
    const shown = `[${probs.map(num)}]`;
    if (typeof got !== "number" || !Number.isFinite(got)) return fail(`for ${shown} your function returned ${String(got)}, not a finite number.`);
    if (Math.abs(got - expected) <= 1e-9 * expected) continue;
    const arithmetic = probs.reduce((a, p) => a + 1 / p, 0) / probs.length;
    if (Math.abs(got - arithmetic) <= 1e-9 * arithmetic) return fail(`for ${shown} you average 1/p (${num(got)}); perplexity is the GEOMETRIC mean of 1/p: exp(−mean ln p) = ${num(expected)}.`);
    if (Math.abs(got - 1 / expected) <= 1e-9) return fail(`for ${shown} you return ${num(got)} = exp(+mean ln p): the sign is flipped; perplexity is ≥ 1.`);
    if (Math.abs(got - Math.log(expected)) <= 1e-9 * Math.log(expected)) return fail(`for ${shown} you return the cross-entropy ${num(got)} nats; perplexity is its exponential.`);
    return fail(`for ${shown} the perplexity is ${num(expected)}, yours ${num(got)}: exp(−(1/N) Σ ln p_i).`);
  }
  return pass(`right on ${cases.length} inputs: uniform over 1000 words gives 1000 — perplexity is the number of equally likely words the model hesitates between. The paper's OPT sits at 34 on wikitext-2; our trigram model near 315.`);
}

/** Share of distinct tokens in a 64-token beam-search continuation of each of the first `prompts` 64-token test blocks. */
export function distinctShares(lm: InterpolatedLm, test: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, repetitionPenalty: number, prompts = 4): number[] {
  const search = new BeamSearch(lm, { beams: 5, newTokens: 64, repetitionPenalty });
  const out = new Int32Array(64);
  return Array.from({ length: prompts }, (_, k) => {
    search.continue(test.subarray(64 * k, 64 * k + 64), 0, 64, out);
    return new Set(out).size / 64;
  });
}

export interface ChapterModel {
  lm: InterpolatedLm;
  test: Int32Array;
}

function loopCheck(model: ChapterModel, answer: number): Verdict {
  const bad = notANumberIn(answer, "your predicted share of distinct words", 0, 1);
  if (bad) return bad;
  // 4 prompts: 4 SE of their mean, at least 0.1 (a prediction, not a measurement).
  const s = simulated(distinctShares(model.lm, model.test, 1.0), 0.1);
  const sim = `without the penalty, 64-token continuations of 4 test prompts have ${num(s.mean)} ± ${num(s.se)} distinct words per token`;
  if (Math.abs(answer - s.mean) <= s.tolerance) return pass(`${sim}. Beam search maximises likelihood, and the likeliest continuation of a likely phrase is the phrase again: it loops. The penalty is what keeps the paper's generations readable — and what pushes them to rarer words.`);
  const penalised = distinctShares(model.lm, model.test, 3.0);
  const withPenalty = penalised.reduce((a, b) => a + b, 0) / penalised.length;
  if (answer > s.mean) return fail(`${sim} (accepted: within ${num(s.tolerance)} of it); you predict ${answer}. That is closer to the value WITH penalty 3.0, ${num(withPenalty)}. Run the next cell and read its "penalty 1" line.`);
  return fail(`${sim}; you predict ${answer} (accepted: within ${num(s.tolerance)}). It repeats, but not a single word: count the distinct words in the "penalty 1" line of the next cell.`);
}

/** The chapter's three exercises; 05.3 is checked on the chapter's generation-0 model. */
export function exercises05(model: ChapterModel): { penalty: Exercise<Penalize>; perplexity: Exercise<Perplexity>; loops: Exercise<number> } {
  return {
    penalty: exercise<Penalize>("05.2", {
      check: penaltyCheck,
      hints: [
        "Only the tokens whose ids are in seen change; the others keep their score.",
        "A log-probability is ≤ 0. To make a seen token LESS likely, its score must go down: multiply by the penalty.",
        "HF: score < 0 ? score * penalty : score / penalty, once per distinct seen id.",
      ],
      solution: fromNotebook("05.2"),
    }),
    perplexity: exercise<Perplexity>("05.1", {
      check: perplexityCheck,
      hints: [
        "Perplexity = exp(cross-entropy), the cross-entropy being the mean negative log-probability.",
        "exp(−(1/N) Σ ln p_i): a geometric mean of 1/p_i.",
      ],
      solution: fromNotebook("05.1"),
    }),
    loops: exercise<number>("05.3", {
      check: (answer) => loopCheck(model, answer),
      hints: [
        "Beam search keeps the 5 likeliest continuations. What is a likely word after a likely phrase, again and again?",
        "Without a penalty nothing stops it from choosing the same phrase again: it falls into a loop of a few words.",
        "Well under a half; run the next cell and count the distinct words of the penalty 1 line.",
      ],
      solution: fromNotebook("05.3"),
    }),
  };
}
