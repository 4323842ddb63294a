/**
 * The VAE of chapter 6 (docs/theory.md#vae-protocol) on TensorFlow.js's two Node backends
 * that need no download, in one run: the WebAssembly backend the chapter uses against the
 * pure-JavaScript `cpu` backend, on the same model (784-400-20-400-784), the same real
 * digits and the same batch sizes (the full run's 128, the paper's 256). Per training step
 * (forward, hand-written backward, Adam), per epoch of 60 000 digits, and images a second
 * for sampling (decoder means) and encoding (the generation-0 encoder's μ). Ratios are
 * cpu time / wasm time. `--vae-cpu-steps N` sets the cpu backend's (slow) step count.
 */
import { loadMnist } from "../../src/data/mnist";
import { Rng } from "../../src/random/rng";
import { Adam } from "../../src/vae/adam";
import { initTensorflow, type Backend, type Tf } from "../../src/vae/tensorflow";
import { vaeLossAndGradients } from "../../src/vae/vaeGradients";
import { encodeMeans, sampleVae } from "../../src/vae/vaeInference";
import { initVaeParams, PAPER_SIZES, paramCount } from "../../src/vae/vaeParams";

/** Forward and backward FLOPs of one image through the MLP: 3 × 2 × (multiply-adds of the four layers). */
const FLOP_PER_IMAGE_STEP = 3 * 2 * (784 * 400 + 400 * 40 + 20 * 400 + 400 * 784);

interface BackendTimes {
  msPerStep: Map<number, number>;
  sampleImagesPerS: number;
  encodeImagesPerS: number;
}

function timeBackend(tf: Tf, steps: number, batchSizes: number[], forwardImages: number): BackendTimes {
  const digits = loadMnist({ limit: Math.max(...batchSizes) * 2, seed: 1 });
  const rng = new Rng(2);
  const params = initVaeParams(PAPER_SIZES, rng);
  const adam = new Adam(paramCount(PAPER_SIZES));
  const msPerStep = new Map<number, number>();
  for (const batch of batchSizes) {
    const x = digits.pixels.subarray(0, batch * 784);
    const eps = new Float32Array(batch * 20).map(() => rng.normal());
    const step = () => adam.step(params.flat, vaeLossAndGradients(tf, params, x, eps).grad);
    step();
    step();
    const t = performance.now();
    for (let i = 0; i < steps; i++) step();
    msPerStep.set(batch, (performance.now() - t) / steps);
  }
  let t = performance.now();
  const samples = sampleVae(tf, params, forwardImages, rng);
  const sampleImagesPerS = forwardImages / ((performance.now() - t) / 1000);
  t = performance.now();
  encodeMeans(tf, params, samples);
  const encodeImagesPerS = forwardImages / ((performance.now() - t) / 1000);
  return { msPerStep, sampleImagesPerS, encodeImagesPerS };
}

export async function run(argv: string[]): Promise<void> {
  const i = argv.indexOf("--vae-cpu-steps");
  const cpuSteps = i >= 0 ? Number(argv[i + 1]) : 3;
  if (!(Number.isInteger(cpuSteps) && cpuSteps >= 1)) throw new RangeError(`--vae-cpu-steps must be an integer ≥ 1, got ${argv[i + 1]}`);
  const batchSizes = [128, 256];
  const times = new Map<Backend, BackendTimes>();
  for (const backend of ["wasm", "cpu"] as const) {
    const tf = await initTensorflow(backend);
    times.set(backend, timeBackend(tf, backend === "wasm" ? 40 : cpuSteps, batchSizes, backend === "wasm" ? 10000 : 1000));
  }
  await initTensorflow("wasm");
  const wasm = times.get("wasm")!;
  const cpu = times.get("cpu")!;
  const f = (x: number, d = 1) => x.toFixed(d).padStart(9);
  console.log(`MLP VAE 784-400-20-400-784 (${(paramCount(PAPER_SIZES) / 1e6).toFixed(2)} M parameters), one thread; wasm 40 steps, cpu ${cpuSteps} per batch size`);
  for (const b of batchSizes) {
    const w = wasm.msPerStep.get(b)!;
    const c = cpu.msPerStep.get(b)!;
    const epochSteps = Math.ceil(60000 / b);
    console.log(`train step, batch ${b}:   wasm ${f(w)} ms (${f((FLOP_PER_IMAGE_STEP * b) / w / 1e6)} GFLOP/s)   cpu ${f(c)} ms   cpu/wasm ${f(c / w, 2)}`);
    console.log(`epoch of 60 000, batch ${b}: wasm ${f((w * epochSteps) / 1000)} s   cpu ${f((c * epochSteps) / 1000)} s`);
  }
  console.log(`sampling (decoder means):  wasm ${f(wasm.sampleImagesPerS, 0)} images/s   cpu ${f(cpu.sampleImagesPerS, 0)} images/s   wasm/cpu ${f(wasm.sampleImagesPerS / cpu.sampleImagesPerS, 2)}`);
  console.log(`encoding (μ):              wasm ${f(wasm.encodeImagesPerS, 0)} images/s   cpu ${f(cpu.encodeImagesPerS, 0)} images/s   wasm/cpu ${f(wasm.encodeImagesPerS / cpu.encodeImagesPerS, 2)}`);
  console.log("reference: the official PyTorch code runs on a GPU (not measurable here); the conv VAE is ≈ 20× the MLP's FLOPs per image (docs/theory.md#vae-protocol)");
}
