/**
 * Shannon entropy, in bits, of the distribution given by non-negative counts:
 * H = −Σ p_k log2 p_k with p_k = c_k / Σc (0 log 0 = 0). 10 equally frequent digits give
 * log2 10 ≈ 3.32 bits; one digit alone gives 0.
 */
import { invalid } from "../validate";

export function entropyBits(counts: ArrayLike<number>): number {
  let total = 0;
  for (let k = 0; k < counts.length; k++) {
    const c = counts[k];
    if (!(c >= 0 && Number.isFinite(c))) invalid(`counts[${k}]`, "a finite number ≥ 0", c);
    total += c;
  }
  if (total === 0) invalid("counts", "counts with a positive sum", Array.from(counts));
  let h = 0;
  for (let k = 0; k < counts.length; k++) {
    const p = counts[k] / total;
    if (p > 0) h -= p * Math.log2(p);
  }
  return h;
}
