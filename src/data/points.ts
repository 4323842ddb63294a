/**
 * A dataset of n points in d dimensions, row-major in one Float64Array: point i is
 * values[i·dim … i·dim + dim − 1]. No per-point objects, so hot loops stay on typed arrays.
 */
import type { DataOps } from "../loop/runGenerations";
import { assertInteger, invalid } from "../validate";

export interface Points {
  readonly n: number;
  readonly dim: number;
  readonly values: Float64Array;
}

/** Wraps a row-major array as Points, checking that its length is n·dim. */
export function points(values: Float64Array, dim: number): Points {
  assertInteger(dim, "dim", 1);
  if (values.length % dim !== 0) invalid("values.length", `a multiple of dim = ${dim}`, values.length);
  return { n: values.length / dim, dim, values };
}

/** Points from an array of rows, e.g. [[x, y], …]; for tests and small inputs. */
export function pointsFromRows(rows: readonly (readonly number[])[]): Points {
  if (rows.length === 0) invalid("rows", "a non-empty array of rows", rows);
  const dim = rows[0].length;
  assertInteger(dim, "rows[0].length", 1);
  const values = new Float64Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) invalid(`rows[${i}].length`, `${dim} (the length of rows[0])`, r.length);
    values.set(r, i * dim);
  });
  return { n: rows.length, dim, values };
}

/** DataOps for Points, so point clouds plug into runGenerations. */
export const pointOps: DataOps<Points> = {
  size: (p) => p.n,
  select(p, idx) {
    const { dim } = p;
    const out = new Float64Array(idx.length * dim);
    for (let i = 0; i < idx.length; i++) out.set(p.values.subarray(idx[i] * dim, idx[i] * dim + dim), i * dim);
    return { n: idx.length, dim, values: out };
  },
  concat(parts) {
    const dim = parts[0].dim;
    let n = 0;
    for (const p of parts) {
      if (p.dim !== dim) invalid("dim of every part", String(dim), p.dim);
      n += p.n;
    }
    const out = new Float64Array(n * dim);
    let offset = 0;
    for (const p of parts) {
      out.set(p.values, offset);
      offset += p.values.length;
    }
    return { n, dim, values: out };
  },
};

/** DataOps for 1-D samples stored as a Float64Array. */
export const vectorOps: DataOps<Float64Array> = {
  size: (x) => x.length,
  select(x, idx) {
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = x[idx[i]];
    return out;
  },
  concat(parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Float64Array(n);
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  },
};
