/**
 * Typed arrays in SharedArrayBuffer memory. Worker threads (./parallel.ts) receive such
 * arrays through workerData without a copy: the corpus and the pretrained model exist
 * once in the process, however many threads read them. Only data that nobody writes
 * after it is shared is put there (corpus splits, an estimated model).
 */
import { sharedCopy } from "../parallel/sharedCopy";
import type { LmCorpus } from "./corpus";

/** Makes the typed arrays of a data structure, in ordinary or in shared memory. */
export interface ArrayAllocator {
  int32(length: number): Int32Array;
  uint8(length: number): Uint8Array;
  float64(length: number): Float64Array;
}

export const ORDINARY_MEMORY: ArrayAllocator = {
  int32: (n) => new Int32Array(n),
  uint8: (n) => new Uint8Array(n),
  float64: (n) => new Float64Array(n),
};

/** Building a structure here directly saves the copy `sharedCopy` would make afterwards. */
export const SHARED_MEMORY: ArrayAllocator = {
  int32: (n) => new Int32Array(new SharedArrayBuffer(4 * n)),
  uint8: (n) => new Uint8Array(new SharedArrayBuffer(n)),
  float64: (n) => new Float64Array(new SharedArrayBuffer(8 * n)),
};

/** The corpus with its token arrays in shared memory (the vocabulary stays as it is). */
export function shareCorpus(corpus: LmCorpus): LmCorpus {
  return {
    ...corpus,
    base: sharedCopy(corpus.base),
    train: sharedCopy(corpus.train),
    validation: sharedCopy(corpus.validation),
    test: sharedCopy(corpus.test),
  };
}
