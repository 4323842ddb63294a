/**
 * The transformer of chapter 07 (docs/theory.md#transformer-lm) on TensorFlow.js's two Node
 * backends that need no download, in one run and on the same model: the WebAssembly backend
 * the chapter uses against the pure-JavaScript `cpu` backend. Training tokens a second (loss,
 * hand-written backward pass, Adam) at the size of the chapter's full run (4096 words, width
 * 64, 2 layers, 4 heads, 128-token windows), beam-search blocks a second (64-token prompts
 * continued by 64 tokens, 5 beams, penalty 3.0, on the KV cache; 4 prompts on both backends,
 * and on wasm also 64 a call, as the run decodes), and the process's peak memory. Ratios
 * are cpu time / wasm time. `--nlm-cpu-steps N` sets the cpu backend's (slow) step count.
 */
import { peakMemoryMb } from "../peak-memory";
import { Rng } from "../../src/random/rng";
import { Adam } from "../../src/vae/adam";
import { initTensorflow, type Backend, type Tf } from "../../src/vae/tensorflow";
import { initTransformerParams, parameterCount, transformerConfig } from "../../src/nlm/transformerParams";
import { transformerLossAndGradients } from "../../src/nlm/transformerGradients";
import { beamSearchContinue } from "../../src/nlm/transformerBeamSearch";
import { FULL_NLM_RUN } from "../../src/experiments/neuralLmRun";

/** The model of chapter 07's full run (FULL_NLM_RUN). */
const CONFIG = transformerConfig({ ...FULL_NLM_RUN.model, vocabSize: FULL_NLM_RUN.vocabularySize });
/** Windows per training step: the chapter trains 32 at a time; 8 keeps the cpu backend's step short. */
const BATCH = 8;
const PROMPTS = 4;
/** Prompts a beam-search call in chapter 07's run (NeuralCollapseOptions.promptsPerCall). */
const RUN_PROMPTS = 64;

interface BackendTimes {
  tokensPerSecond: number;
  blocksPerSecond: number;
  runBlocksPerSecond: number | undefined;
}

function timeBackend(tf: Tf, steps: number): BackendTimes {
  const rng = new Rng(3);
  const params = initTransformerParams(CONFIG, rng);
  const adam = new Adam(parameterCount(CONFIG), { learningRate: 1e-3 });
  const W = CONFIG.contextLength;
  const ids = Int32Array.from({ length: BATCH * W }, () => rng.uniformInt(CONFIG.vocabSize));
  const step = () => adam.step(params.flat, transformerLossAndGradients(tf, params, ids, BATCH).grad);
  step();
  let t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const tokensPerSecond = (steps * BATCH * W) / ((performance.now() - t) / 1000);
  const prompts = Array.from({ length: PROMPTS }, (_, i) => ids.subarray(i * 64, i * 64 + 64));
  t = performance.now();
  beamSearchContinue(tf, params, prompts, { beams: 5, newTokens: 64, repetitionPenalty: 3 });
  const blocksPerSecond = PROMPTS / ((performance.now() - t) / 1000);
  return { tokensPerSecond, blocksPerSecond, runBlocksPerSecond: tf.getBackend() === "wasm" ? runBeamSpeed(tf, params, rng) : undefined };
}

/** Beam-search blocks a second with RUN_PROMPTS prompts a call, as chapter 07's run decodes. */
function runBeamSpeed(tf: Tf, params: ReturnType<typeof initTransformerParams>, rng: Rng): number {
  const prompts = Array.from({ length: RUN_PROMPTS }, () => Int32Array.from({ length: 64 }, () => rng.uniformInt(CONFIG.vocabSize)));
  const t = performance.now();
  beamSearchContinue(tf, params, prompts, { beams: 5, newTokens: 64, repetitionPenalty: 3 });
  return RUN_PROMPTS / ((performance.now() - t) / 1000);
}

export async function run(argv: string[]): Promise<void> {
  const i = argv.indexOf("--nlm-cpu-steps");
  const cpuSteps = i >= 0 ? Number(argv[i + 1]) : 1;
  if (!(Number.isInteger(cpuSteps) && cpuSteps >= 1)) throw new RangeError(`--nlm-cpu-steps must be an integer ≥ 1, got ${argv[i + 1]}`);
  const times = new Map<Backend, BackendTimes>();
  let wasmPeak: number | undefined;
  for (const backend of ["wasm", "cpu"] as const) {
    const tf = await initTensorflow(backend);
    times.set(backend, timeBackend(tf, backend === "wasm" ? 5 : cpuSteps));
    if (backend === "wasm") wasmPeak = peakMemoryMb();
  }
  await initTensorflow("wasm");
  const wasm = times.get("wasm")!;
  const cpu = times.get("cpu")!;
  const f = (x: number, d = 1) => x.toFixed(d).padStart(9);
  console.log(`transformer of chapter 07's full run, ${CONFIG.vocabSize} words, width ${CONFIG.dModel}, ${CONFIG.layers} layers, ${CONFIG.heads} heads (${(parameterCount(CONFIG) / 1e6).toFixed(2)} M parameters), one thread; wasm 5 steps, cpu ${cpuSteps}, ${BATCH} × 128 tokens a step`);
  console.log(`training:        wasm ${f(wasm.tokensPerSecond, 0)} tokens/s   cpu ${f(cpu.tokensPerSecond, 0)} tokens/s   cpu/wasm time ${f(wasm.tokensPerSecond / cpu.tokensPerSecond, 2)}`);
  console.log(`beam search 5:   wasm ${f(wasm.blocksPerSecond, 2)} blocks/s   cpu ${f(cpu.blocksPerSecond, 2)} blocks/s   cpu/wasm time ${f(wasm.blocksPerSecond / cpu.blocksPerSecond, 2)}   (${PROMPTS} prompts of 64 tokens, 64 new)`);
  console.log(`beam search 5:   wasm ${f(wasm.runBlocksPerSecond ?? NaN, 2)} blocks/s with ${RUN_PROMPTS} prompts a call, as the chapter's run`);
  const peak = peakMemoryMb();
  console.log(`peak memory of this process: ${wasmPeak === undefined ? "not measured (no /proc)" : `${wasmPeak.toFixed(0)} MB after the wasm runs, ${peak!.toFixed(0)} MB after both`} (one worker of a run holds one such model)`);
}
