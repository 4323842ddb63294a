/**
 * A fresh uniform permutation of 0 … n−1 written into `order` (n = order.length), by
 * Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2P) on the project's generator: the
 * minibatch order of an epoch.
 */
import type { Rng } from "./rng";

export function shuffleIndices(order: Int32Array, rng: Rng): Int32Array {
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.uniformInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
