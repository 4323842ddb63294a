/**
 * The training sequences of one pass over a token stream: windows of `windowLength`
 * tokens at a fixed stride of `windowLength` from a random phase, in a random order.
 *
 * Every pass therefore trains on every token once but for fewer than 2·windowLength at
 * the ends (as an epoch of HF `group_texts` blocks does, which drops the tail), while the
 * random phase moves the window boundaries from pass to pass, so a token is not always
 * predicted from the same position (the blocks of a fixed cut would always put the same token at position 0, with no
 * context). The order is a Fisher–Yates shuffle (../random/shuffle.ts) of the windows.
 */
import type { Rng } from "../random/rng";
import { shuffleIndices } from "../random/shuffle";
import { assertInteger, invalid } from "../validate";

/** The phases a pass draws from: [0, windowLength), or fewer on a stream too short to fit a window after them. */
function phaseCount(streamLength: number, windowLength: number): number {
  return Math.min(windowLength, streamLength - windowLength + 1);
}

/**
 * Windows in every pass: as many as fit after the largest phase, so that each pass takes the
 * same number of steps (a smaller phase leaves at most one more window out).
 */
export function windowsPerPass(streamLength: number, windowLength: number): number {
  assertInteger(windowLength, "windowLength", 1);
  assertInteger(streamLength, "stream.length", windowLength);
  return Math.floor((streamLength - (phaseCount(streamLength, windowLength) - 1)) / windowLength);
}

/** The start offsets of one pass's windows, in training order. */
export function passWindowStarts(streamLength: number, windowLength: number, rng: Rng): Int32Array {
  const count = windowsPerPass(streamLength, windowLength);
  const phase = rng.uniformInt(phaseCount(streamLength, windowLength));
  const order = shuffleIndices(new Int32Array(count), rng);
  for (let i = 0; i < count; i++) order[i] = phase + order[i] * windowLength;
  return order;
}

/** Windows `starts[from … from + rows)` of `stream` laid end to end in `out` (rows · windowLength ids). */
export function gatherWindows(stream: Int32Array, starts: Int32Array, from: number, rows: number, windowLength: number, out: Int32Array): Int32Array {
  if (out.length < rows * windowLength) invalid("out.length", `at least rows × windowLength = ${rows * windowLength}`, out.length);
  for (let r = 0; r < rows; r++) {
    const s = starts[from + r];
    out.set(stream.subarray(s, s + windowLength), r * windowLength);
  }
  return out.subarray(0, rows * windowLength);
}
