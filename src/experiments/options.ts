/** Options shared by the multi-seed experiment drivers. */

/** What every multi-seed driver takes besides its own parameters. */
export interface SeedsRunOptions {
  /** Generations per run (integer ≥ 1). */
  generations: number;
  /** Independent runs (integer ≥ 1); run s is seeded by `runSeed(seed, s)`. */
  seeds: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}
