/**
 * Plain-text reports of a language-model collapse summary, for notebook 05's closing
 * note: the numbers are printed from the run (never typed into prose), next to the paper's
 * (Nature Fig. 1b,c: (b) rises by 20–28 perplexity points, (c) degrades a little).
 */
import type { Setting } from "./experiment";
import type { CollapseSummary, SettingSummary } from "./summary";

const fixed = (digits: number) => (x: number) => x.toFixed(digits);

/** One setting's per-generation lines: test perplexity, target-only model, λ, sequence perplexities. */
export function settingReport(setting: Setting, r: SettingSummary): string[] {
  return [
    `  (${setting}) test perplexity, mean over seeds: ${r.meanPerplexity.map(fixed(1)).join(" ")}  (largest sd ${Math.max(...r.sdPerplexity).toFixed(2)})`,
    // The interpolation diagnostics exist for the n-gram model only.
    ...(r.meanTargetOnlyPerplexity && r.meanValidationLambda
      ? [`      generation-g data alone: ${r.meanTargetOnlyPerplexity.map(fixed(0)).join(" ")}; λ validation would pick: ${r.meanValidationLambda.map(fixed(3)).join(" ")}`]
      : []),
    `      generated sequences under model 0, median / p95 / max: ` + r.histograms.map((h) => `g${h.generation} ${h.median.toFixed(1)}/${h.p95.toFixed(1)}/${h.max.toFixed(0)}`).join("  "),
  ];
}

/** The change of test perplexity from generation 0 ("Real") to the last, against the paper's. */
export function perplexityChange(setting: Setting, r: SettingSummary): string {
  const first = r.meanPerplexity[0];
  const last = r.meanPerplexity[r.meanPerplexity.length - 1];
  const lastGeneration = r.generations[r.generations.length - 1];
  const paper = setting === "b" ? "the paper: +20 to +28 points" : "the paper: minor degradation";
  const change = last - first;
  return `(${setting}) Real ${first.toFixed(1)} → generation ${lastGeneration} ${last.toFixed(1)} ± ${r.sdPerplexity[r.sdPerplexity.length - 1].toFixed(1)}: ${change >= 0 ? "+" : ""}${change.toFixed(1)} points (${((100 * change) / first).toFixed(1)} %); ${paper}`;
}

/** The whole report of a run: what it was, each setting's lines, and the comparison with the paper. */
export function collapseReport<O>(name: string, s: CollapseSummary<O>): string {
  const lines = [`${name}: ${s.corpus.description} — ${s.seeds.length} seeds, vocabulary ${s.corpus.vocabulary}, ${s.corpus.tokens.train} fine-tuning tokens`];
  const settings = (["b", "c"] as const).filter((k) => s.settings[k] !== undefined);
  for (const k of settings) lines.push(...settingReport(k, s.settings[k]!));
  for (const k of settings) lines.push("  " + perplexityChange(k, s.settings[k]!));
  return lines.join("\n");
}
