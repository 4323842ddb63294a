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

/**
 * JSON for files people diff and read: objects indented, but arrays of plain values
 * (series of numbers) kept on one line, so a 1000-point series is one line, not 1000.
 */
export function formatJson(value: unknown, indent = " "): string {
  const plain = toPlainJson(value);
  const write = (v: unknown, depth: number): string => {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    const pad = indent.repeat(depth + 1);
    const close = indent.repeat(depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      if (v.every((x) => x === null || typeof x !== "object")) return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
      return `[\n${v.map((x) => pad + write(x, depth + 1)).join(",\n")}\n${close}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${write(x, depth + 1)}`).join(",\n")}\n${close}}`;
  };
  return write(plain, 0);
}
