/**
 * The IDX file format of the MNIST distribution (LeCun, Cortes & Burges, "The MNIST
 * database of handwritten digits"): a 4-byte magic number — two zero bytes, a type code
 * (0x08 = unsigned byte) and the number of dimensions — then one big-endian uint32 per
 * dimension, then the values in row-major order. Every check names the file, so a
 * truncated download or a wrong file says what is wrong instead of turning into NaNs.
 */

export interface IdxArray {
  /** Sizes of each dimension, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The values, row-major; a view on the file's bytes (no copy). */
  values: Uint8Array;
}

/** The type code of unsigned bytes, the only one MNIST uses. */
const UBYTE = 0x08;

/**
 * Parses an IDX file of unsigned bytes with `expectedDims` dimensions. `file` names the
 * source in every error message.
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims: number): IdxArray {
  const fail = (what: string): never => {
    throw new RangeError(`${what} (IDX file ${file})`);
  };
  if (bytes.length < 4) fail(`the file must hold at least 4 bytes (the magic number), got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expectedMagic = (UBYTE << 8) | expectedDims;
  if (magic !== expectedMagic) {
    const hex = (v: number) => `0x${v.toString(16).padStart(8, "0")}`;
    fail(`the magic number must be ${hex(expectedMagic)} (unsigned bytes, ${expectedDims} dimensions), got ${hex(magic)}`);
  }
  const header = 4 + 4 * expectedDims;
  if (bytes.length < header) fail(`the file must hold at least ${header} bytes (its header), got ${bytes.length}`);
  const dims: number[] = [];
  for (let i = 0; i < expectedDims; i++) dims.push(view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count) {
    fail(`the file must hold ${header + count} bytes (a ${header}-byte header and ${dims.join(" × ")} values), got ${bytes.length}: truncated or not this file`);
  }
  return { dims, values: bytes.subarray(header) };
}
