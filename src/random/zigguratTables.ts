/**
 * Tables of the 256-layer ziggurat for the standard normal (Marsaglia, G. & Tsang, W. W.
 * (2000), "The Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8)),
 * computed once at module load.
 *
 * The ziggurat covers the half density f(x) = exp(−x²/2) (unnormalised) with N = 256
 * layers of equal area v. Layer 0 is the base strip [0, r] × [0, f(r)] together with the
 * tail beyond r, so
 *   v = r·f(r) + ∫_r^∞ f(x) dx = r·f(r) + √(π/2)·erfc(r/√2).
 * With r = 3.6541528853610088 (the paper's value for N = 256), computed with mpmath at
 * 40 digits: v = 0.004928673233974654942834729… (python3's math.erfc gives the same to
 * 7·10⁻¹⁶ relative), stored as the nearest double 0.004928673233974655.
 * The layers above are rectangles [0, x_i] × [f(x_i), f(x_{i−1})], i = 1 … 255, with
 * x_255 = r and, going up, x_{i−1} = f⁻¹(f(x_i) + v/x_i) = √(−2 ln(f(x_i) + v/x_i)); r is
 * chosen so that the recursion ends at x_0 = 0 (the top layer reaches f(0) = 1).
 *
 * For a uniform U ∈ [0, 1) the candidate of layer i is x = U·w_i with w_i = x_i (layer 0
 * uses the base strip's pseudo-width v/f(r)); it lies under the layer above, and is
 * accepted at once, when U < k_i = x_{i−1}/x_i (k_0 = r·f(r)/v). The tables here hold
 * w_i and k_i scaled by 2⁻⁵⁵ and 2⁵⁵ so the sampler works on a 55-bit integer U.
 */

/** Number of layers. */
export const ZIGGURAT_LAYERS = 256;
/** Right edge of the base strip, where the tail begins (Marsaglia & Tsang 2000, N = 256). */
export const ZIGGURAT_R = 3.6541528853610088;
/** Area of every layer, v = r·f(r) + √(π/2)·erfc(r/√2) (see the module comment). */
export const ZIGGURAT_V = 0.004928673233974655;

const TWO_POW_55 = 36028797018963968;

/** x_i, i = 0 … 255: right edge of layer i (x_0 = 0 at the top, x_255 = r). */
export const zigguratX = new Float64Array(ZIGGURAT_LAYERS);
/** f(x_i) = exp(−x_i²/2); f(x_0) = 1. */
export const zigguratF = new Float64Array(ZIGGURAT_LAYERS);
/** Width of layer i over 2⁵⁵: a 55-bit integer U times w_i is the candidate x. */
export const zigguratW = new Float64Array(ZIGGURAT_LAYERS);
/** 2⁵⁵·(width of the layer above / width of layer i): U below it is accepted at once. */
export const zigguratK = new Float64Array(ZIGGURAT_LAYERS);

{
  const f = (x: number) => Math.exp(-0.5 * x * x);
  const last = ZIGGURAT_LAYERS - 1;
  zigguratX[last] = ZIGGURAT_R;
  zigguratF[last] = f(ZIGGURAT_R);
  for (let i = last; i > 1; i--) {
    const x = Math.sqrt(-2 * Math.log(zigguratF[i] + ZIGGURAT_V / zigguratX[i]));
    zigguratX[i - 1] = x;
    zigguratF[i - 1] = f(x);
  }
  // The recursion's next step would be ln(1 + O(1e-15)): x_0 is 0 by construction.
  zigguratX[0] = 0;
  zigguratF[0] = 1;
  const baseWidth = ZIGGURAT_V / zigguratF[last];
  zigguratW[0] = baseWidth / TWO_POW_55;
  zigguratK[0] = Math.floor((ZIGGURAT_R / baseWidth) * TWO_POW_55);
  for (let i = 1; i < ZIGGURAT_LAYERS; i++) {
    zigguratW[i] = zigguratX[i] / TWO_POW_55;
    zigguratK[i] = Math.floor((zigguratX[i - 1] / zigguratX[i]) * TWO_POW_55);
  }
}
