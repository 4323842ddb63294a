/**
 * Chapter 6's numbers as text, next to the paper's: per regime and generation the latent sd
 * (mean ± SE over seeds) and the class entropy, the paper's latent sd where it has one, and
 * the references (real test digits, the classifier's accuracy). Typed code, so the notebook
 * prints what the data say instead of typing numbers into its prose.
 */
import type { VaeRegimeName } from "./vaeCollapse";

/** The per-regime numbers the report reads (a VaeRegimeSummary, or the stored figure data). */
export interface VaeRegimeNumbers {
  label: string;
  generations: number[];
  latentSd: number[];
  latentSdSe: number[];
  classEntropy: number[];
  classEntropySe: number[];
}

export interface VaeReportInput {
  regimes: Partial<Record<VaeRegimeName, VaeRegimeNumbers | undefined>>;
  paper: { generations: number[]; sd: number[] };
  real: { latentSd: number; classEntropy: number };
  classifierAccuracy: number;
  seeds?: number[];
}

const pm = (m: number, se: number) => `${m.toFixed(3)} ± ${se.toFixed(3)}`;

export function vaeReport(title: string, r: VaeReportInput): string {
  const lines = [`${title}${r.seeds ? ` (${r.seeds.length} seeds; ± is one standard error)` : ""}`];
  lines.push(`real test digits: latent sd ${r.real.latentSd.toFixed(3)}, class entropy ${r.real.classEntropy.toFixed(3)} bits; classifier accuracy on them ${(100 * r.classifierAccuracy).toFixed(1)} %`);
  for (const [name, s] of Object.entries(r.regimes)) {
    if (!s) continue;
    lines.push("", `${s.label} [${name}]`, "generation   latent sd (ours)    paper    class entropy (bits)");
    s.generations.forEach((g, i) => {
      const k = r.paper.generations.indexOf(g);
      const paper = k >= 0 ? r.paper.sd[k].toFixed(3) : "  —  ";
      lines.push(`${String(g).padStart(10)}   ${pm(s.latentSd[i], s.latentSdSe[i]).padEnd(17)}  ${paper.padStart(6)}    ${pm(s.classEntropy[i], s.classEntropySe[i])}`);
    });
    const last = s.generations.length - 1;
    if (last > 0) {
      lines.push(`latent sd generation 0 → ${s.generations[last]}: ${s.latentSd[0].toFixed(3)} → ${s.latentSd[last].toFixed(3)} (× ${(s.latentSd[last] / s.latentSd[0]).toFixed(2)}); class entropy ${s.classEntropy[0].toFixed(2)} → ${s.classEntropy[last].toFixed(2)} bits`);
    }
  }
  const p = r.paper;
  lines.push("", `paper (official run, one seed): latent sd ${p.sd.map((v) => v.toFixed(3)).join(" → ")} over generations ${p.generations[0]} … ${p.generations[p.generations.length - 1]} (× ${(p.sd[p.sd.length - 1] / p.sd[0]).toFixed(2)})`);
  return lines.join("\n");
}
