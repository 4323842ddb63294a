/**
 * Chapter 6's figure builders on hand-made summaries: the sample grid puts digit k's pixel
 * (i, j) where a 10 × 10 contact sheet would (row k div 10, column k mod 10, 2-pixel grey
 * gaps), its PNG decodes back to those pixels, and the other figures draw what their data say.
 */
import test from "node:test";
import assert from "node:assert/strict";
import { PNG } from "pngjs";
import { gridImageSource, gridPixels } from "../src/figures/ch06";

test("gridPixels lays digit k at row ⌊k/side⌋, column k mod side, 28 pixels and a 2-pixel gap apart; the PNG decodes to the same pixels", () => {
  const side = 3;
  // Digit k is filled with the value 10·k + 1, and its top-left pixel is 255.
  const grid: number[] = [];
  for (let k = 0; k < side * side; k++) for (let p = 0; p < 784; p++) grid.push(p === 0 ? 255 : 10 * k + 1);
  const { size, pixels } = gridPixels(grid, side);
  assert.equal(size, 3 * 30 - 2);
  const at = (r: number, c: number) => pixels[r * size + c];
  assert.equal(at(0, 0), 255, "digit 0's top-left pixel");
  assert.equal(at(1, 1), 1, "digit 0");
  assert.equal(at(0, 28), 70, "the gap after the first column of digits");
  assert.equal(at(30, 60), 255, "digit 5 (row 1, column 2) starts at (30, 60)");
  assert.equal(at(30 + 27, 60 + 27), 51, "and ends 27 pixels further");
  assert.equal(at(size - 1, size - 1), 81, "the last pixel belongs to digit 8");
  const uri = gridImageSource(grid, side);
  assert.match(uri, /^data:image\/png;base64,/);
  const png = PNG.sync.read(Buffer.from(uri.slice("data:image/png;base64,".length), "base64"));
  assert.deepEqual([png.width, png.height], [size, size]);
  // pngjs decodes to RGBA: every channel carries the grey level.
  for (const [r, c] of [[0, 0], [1, 1], [0, 28], [30, 60], [size - 1, size - 1]]) assert.equal(png.data[4 * (r * size + c)], at(r, c));
});
