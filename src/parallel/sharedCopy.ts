/**
 * Typed arrays for worker threads: an array in a SharedArrayBuffer passes through
 * workerData without a copy, so data that nobody writes after it is shared (a corpus, an
 * estimated model, the MNIST digits) exists once in the process, however many threads read it.
 */
type NumericArray = Int32Array | Uint8Array | Float32Array | Float64Array;

/**
 * `a` itself when it is in shared memory (a view of part of a shared buffer passes to a
 * worker as that view of the same memory), else a copy in shared memory.
 */
export function sharedCopy<T extends NumericArray>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}
