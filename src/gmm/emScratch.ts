/**
 * Buffers one EM iteration works in, allocated once per fit so the per-point loops never
 * allocate. Component k's slice of a K·d array starts at k·d, of a K·d² array at k·d².
 */
export interface EmScratch {
  /** K × d² upper-triangular U_k = L_k⁻ᵀ with Σ_k = L_k L_kᵀ (./precisionCholesky.ts). */
  precisions: Float64Array;
  /** K: log w_k − ½ log det Σ_k − (d/2) log 2π, the x-free part of log w_k N(x; μ_k, Σ_k). */
  logNorms: Float64Array;
  /** K: one point's log w_k N(x_i; μ_k, Σ_k), then its unnormalised responsibilities. */
  row: Float64Array;
  /** K × d: one point's x_i − μ_k for every component. */
  centred: Float64Array;
  /** K: W_k = Σ_i r_ik. */
  w: Float64Array;
  /** K × d: S1_k = Σ_i r_ik (x_i − μ_k), around the current mean. */
  s1: Float64Array;
  /** K × d² (upper triangle): S2_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ. */
  s2: Float64Array;
  /** K × d: the M-step's mean shift e_k = μ_k,new − μ_k. */
  meanShift: Float64Array;
}

/** Scratch for fits in `dim` dimensions with `components` components. */
export function emScratch(dim: number, components: number): EmScratch {
  return {
    precisions: new Float64Array(components * dim * dim),
    logNorms: new Float64Array(components),
    row: new Float64Array(components),
    centred: new Float64Array(components * dim),
    w: new Float64Array(components),
    s1: new Float64Array(components * dim),
    s2: new Float64Array(components * dim * dim),
    meanShift: new Float64Array(components * dim),
  };
}
