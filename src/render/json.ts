/**
 * Figures and data may hold typed arrays (the science code's hot loops use them);
 * `JSON.stringify` would turn a Float64Array into `{"0": …, "1": …}`. This replacer
 * writes them as plain arrays, for notebook outputs, exported JSON and the browser page.
 */
export function typedArraysAsArrays(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as unknown as ArrayLike<number>) : value;
}

/** A deep, JSON-clean copy of `value` (typed arrays as arrays, non-finite numbers as null). */
export function toPlainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, typedArraysAsArrays)) as T;
}
