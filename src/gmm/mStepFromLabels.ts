/**
 * The first M-step of EM after k-means for d = 2 and K = 2, the paper's case (Shumailov et
 * al. 2024): `mStepFromResponsibilities` (./mStep.ts) on the one-hot responsibilities of the
 * k-means labels, r_ia = 1 − label_i and r_ib = label_i, without building them as an n × K
 * array (3.2 MB written, zeroed and read twice at N = 200 000).
 *
 * Every product and sum is the one ./mStep.ts computes, in the same order, with the zero
 * responsibilities multiplied in as there (0 · c is ±0, or NaN where c overflowed), so the
 * model is the same to the last bit; only the parameters live in locals. A test checks the
 * bits against ./mStep.ts.
 */
import type { Points } from "../data/points";
import type { GaussianMixture } from "./types";

const EPS10 = 10 * Number.EPSILON;

/** Writes the M-step of the labels' one-hot responsibilities into `model` (d = 2, K = 2). */
export function mStepFromLabels2dTwoComponents(data: Points, labels: Int32Array, regCovar: number, model: GaussianMixture): void {
  const { n, values: x } = data;
  // N_k = Σ_i r_ik, then Σ_i r_ik x_i / N_k (eqs 9.24, 9.27), N_k with scikit-learn's 10 ε.
  let wa = 0, ma0 = 0, ma1 = 0, wb = 0, mb0 = 0, mb1 = 0;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    const rb = labels[i];
    const ra = 1 - rb;
    wa += ra;
    ma0 += ra * x0;
    ma1 += ra * x1;
    wb += rb;
    mb0 += rb * x0;
    mb1 += rb * x1;
  }
  wa += EPS10;
  wb += EPS10;
  ma0 /= wa;
  ma1 /= wa;
  mb0 /= wb;
  mb1 /= wb;
  // Upper triangle of Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ (eq 9.25).
  let qa0 = 0, qa1 = 0, qa3 = 0, qb0 = 0, qb1 = 0, qb3 = 0;
  for (let i = 0; i < n; i++) {
    const x0 = x[2 * i];
    const x1 = x[2 * i + 1];
    const rb = labels[i];
    const ra = 1 - rb;
    const ca0 = x0 - ma0;
    const ca1 = x1 - ma1;
    const rca0 = ra * ca0;
    qa0 += rca0 * ca0;
    qa1 += rca0 * ca1;
    qa3 += ra * ca1 * ca1;
    const cb0 = x0 - mb0;
    const cb1 = x1 - mb1;
    const rcb0 = rb * cb0;
    qb0 += rcb0 * cb0;
    qb1 += rcb0 * cb1;
    qb3 += rb * cb1 * cb1;
  }
  const total = 0 + wa + wb;
  const { weights, means, covariances: cov } = model;
  means[0] = ma0;
  means[1] = ma1;
  means[2] = mb0;
  means[3] = mb1;
  const offA = qa1 / wa;
  const offB = qb1 / wb;
  cov[0] = qa0 / wa + regCovar;
  cov[1] = offA;
  cov[2] = offA;
  cov[3] = qa3 / wa + regCovar;
  cov[4] = qb0 / wb + regCovar;
  cov[5] = offB;
  cov[6] = offB;
  cov[7] = qb3 / wb + regCovar;
  weights[0] = wa / total;
  weights[1] = wb / total;
}
