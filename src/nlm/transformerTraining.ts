/**
 * Next-token training of chapter 7's transformer on a token stream, and its perplexity.
 *
 * Training follows what the paper's fine-tuning runs through Hugging Face's Trainer, at a
 * size two cores can train: minibatches of windows cut from the stream
 * (./trainingWindows.ts), the causal-LM loss (./transformerForward.ts) and its hand-written
 * gradient (./transformerGradients.ts), the global gradient norm clipped at 1.0 (Trainer's
 * max_grad_norm; Pascanu, Mikolov & Bengio 2013, "On the difficulty of training recurrent
 * neural networks", ICML, §3.2: rescale g to threshold·g/‖g‖ when ‖g‖ > threshold, so one
 * steep step cannot throw the parameters far), then Adam (../vae/adam.ts).
 *
 * Windows are 128 tokens by default, not the paper's 64-token blocks: generation continues
 * each 64-token block by 64 tokens, so the model reads positions 64–127, and those position
 * embeddings are trained only by windows that long.
 *
 * Every random choice comes from the caller's Rng and the wasm backend computes in one
 * thread in a fixed order, so the same seed trains the same model bit for bit.
 */
import type { Tf } from "../vae/tensorflow";
import type { Rng } from "../random/rng";
import { Adam } from "../vae/adam";
import { assertInRange, assertInteger, assertPositive, invalid } from "../validate";
import { gatherWindows, passWindowStarts, windowsPerPass } from "./trainingWindows";
import { nextTokenLoss } from "./transformerForward";
import { transformerLossAndGradients } from "./transformerGradients";
import type { TransformerParams } from "./transformerParams";

export interface TrainTransformerOptions {
  /** The generator of the windows' phases and order (required: training is seeded). */
  rng: Rng;
  /** Tokens per training sequence; default 128 (a 64-token prompt block and its continuation), at most the model's context. */
  windowLength?: number;
  /** Windows per step; default 32. */
  batchSize?: number;
  /** Passes over the stream; default 1. */
  epochs?: number;
  /** Adam's step size after warm-up; default 1e-3. */
  learningRate?: number;
  /** Steps over which the learning rate rises linearly to `learningRate` (step s uses (s + 1) / warmupSteps of it); default 0. */
  warmupSteps?: number;
  /** Largest global L2 norm of a step's gradient (Infinity: no clipping); default 1.0 as HF Trainer's max_grad_norm. */
  maxGradNorm?: number;
  /** Adam's L2 weight decay; default 0, HF Trainer's. */
  weightDecay?: number;
  /** After every step: steps done, steps in all, and a note with the step's loss. */
  onProgress?: (done: number, total: number, note: string) => void;
  /** Checked before every step; when aborted, training stops with a TrainingAbortedError. */
  signal?: AbortSignal;
}

export interface TransformerTrainingResult {
  /** The loss of every step (mean next-token cross-entropy of its batch, nats), before its update. */
  losses: number[];
  /** The global gradient norm of every step, before clipping. */
  gradNorms: number[];
  steps: number;
  /** Tokens fed to the model, batch rows × windowLength summed over steps. */
  tokens: number;
  /** Wall-clock seconds of the steps. */
  seconds: number;
  tokensPerSecond: number;
}

/** Thrown when the signal aborts training; `result` holds the steps taken (their updates are in the parameters). */
export class TrainingAbortedError extends Error {
  override readonly name = "TrainingAbortedError";
  constructor(readonly result: TransformerTrainingResult) {
    super(`training aborted after ${result.steps} step(s)`);
  }
}

/** PyTorch's clip_grad_norm_ guard against a zero norm: the factor is maxNorm / (‖g‖ + 1e-6). */
const CLIP_EPSILON = 1e-6;

/** The global L2 norm of `grad`, summed in float64. */
function l2Norm(grad: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < grad.length; i++) sum += grad[i] * grad[i];
  return Math.sqrt(sum);
}

/** Checks that every id of `stream` is a token of a vocabulary of `vocabSize`. */
function assertTokenIds(stream: Int32Array, vocabSize: number, name: string): void {
  if (!(stream instanceof Int32Array)) invalid(name, "an Int32Array of token ids", stream);
  for (let i = 0; i < stream.length; i++) {
    if (!(stream[i] >= 0 && stream[i] < vocabSize)) invalid(`${name}[${i}]`, `a token id in [0, ${vocabSize - 1}]`, stream[i]);
  }
}

function result(losses: number[], gradNorms: number[], tokens: number, seconds: number): TransformerTrainingResult {
  return { losses, gradNorms, steps: losses.length, tokens, seconds, tokensPerSecond: seconds > 0 ? tokens / seconds : 0 };
}

/**
 * Trains `params` in place on `stream` for `epochs` passes of `windowsPerPass` windows each,
 * in minibatches of `batchSize` (the last of a pass may be smaller).
 */
export function trainTransformer(tf: Tf, params: TransformerParams, stream: Int32Array, opts: TrainTransformerOptions): TransformerTrainingResult {
  const rng = opts?.rng;
  if (!rng || typeof rng.uniformInt !== "function") invalid("opts.rng", "an Rng", rng);
  const { contextLength, vocabSize } = params.config;
  const windowLength = opts.windowLength ?? 128;
  const batchSize = opts.batchSize ?? 32;
  const epochs = opts.epochs ?? 1;
  const learningRate = opts.learningRate ?? 1e-3;
  const warmupSteps = opts.warmupSteps ?? 0;
  const maxGradNorm = opts.maxGradNorm ?? 1.0;
  const weightDecay = opts.weightDecay ?? 0;
  // A loss needs two tokens: one prediction.
  assertInteger(windowLength, "windowLength", 2, contextLength);
  assertInteger(batchSize, "batchSize", 1);
  assertInteger(epochs, "epochs", 1);
  assertPositive(learningRate, "learningRate");
  assertInteger(warmupSteps, "warmupSteps", 0);
  if (!(maxGradNorm > 0)) invalid("maxGradNorm", "a number > 0 (Infinity: no clipping)", maxGradNorm);
  assertInRange(weightDecay, "weightDecay", 0, Infinity, { hiOpen: true });
  assertTokenIds(stream, vocabSize, "stream");
  if (stream.length < windowLength) invalid("stream.length", `at least windowLength = ${windowLength} tokens (one window)`, stream.length);

  const adam = new Adam(params.flat.length, { learningRate, weightDecay });
  const windows = windowsPerPass(stream.length, windowLength);
  const stepsPerPass = Math.ceil(windows / batchSize);
  const total = epochs * stepsPerPass;
  const batchIds = new Int32Array(batchSize * windowLength);
  // Adam's update is linear in the learning rate, so a warm-up step at a fraction f of it is
  // the full step scaled by f: θ ← θ_before + f·(θ_after − θ_before).
  const before = warmupSteps > 0 ? new Float32Array(params.flat.length) : null;
  const losses: number[] = [];
  const gradNorms: number[] = [];
  let tokens = 0;
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const starts = passWindowStarts(stream.length, windowLength, rng);
    for (let from = 0; from < windows; from += batchSize) {
      if (opts.signal?.aborted) throw new TrainingAbortedError(result(losses, gradNorms, tokens, elapsed()));
      const rows = Math.min(batchSize, windows - from);
      const ids = gatherWindows(stream, starts, from, rows, windowLength, batchIds);
      const { loss, grad } = transformerLossAndGradients(tf, params, ids, rows);
      const step = losses.length;
      if (!Number.isFinite(loss)) invalid(`the loss at step ${step}`, "finite (lower learningRate or maxGradNorm)", loss);
      const norm = l2Norm(grad);
      const clip = maxGradNorm / (norm + CLIP_EPSILON);
      if (clip < 1) for (let i = 0; i < grad.length; i++) grad[i] *= clip;
      const warm = step < warmupSteps ? (step + 1) / warmupSteps : 1;
      if (before && warm < 1) {
        before.set(params.flat);
        adam.step(params.flat, grad);
        const f = params.flat;
        for (let i = 0; i < f.length; i++) f[i] = before[i] + warm * (f[i] - before[i]);
      } else adam.step(params.flat, grad);
      losses.push(loss);
      gradNorms.push(norm);
      tokens += rows * windowLength;
      opts.onProgress?.(step + 1, total, `step ${step + 1}/${total}, loss ${loss.toFixed(3)}`);
    }
  }
  return result(losses, gradNorms, tokens, elapsed());
}

export interface TransformerPerplexity {
  /** Mean next-token cross-entropy, nats. */
  crossEntropy: number;
  /** exp(crossEntropy). */
  perplexity: number;
  /** Tokens predicted: blocks × (blockSize − 1). */
  predictions: number;
  blocks: number;
}

/** Logits per forward pass, about 32 MB of float32: 16 blocks of 64 tokens at 8192 words. */
const EVALUATION_LOGITS = 1 << 23;

/**
 * The perplexity of `stream` as the paper evaluates (and ../lm/perplexity.ts for the n-gram
 * model): the stream cut into blocks of `blockSize` tokens, the incomplete tail dropped as
 * HF `group_texts` drops it, each block scored on its own. With no beginning-of-sequence
 * token a causal transformer cannot predict a block's first token, so each block
 * contributes its blockSize − 1 next-token predictions, as HF's loss with labels = input ids.
 */
export function evaluatePerplexity(tf: Tf, params: TransformerParams, stream: Int32Array, blockSize = 64): TransformerPerplexity {
  assertInteger(blockSize, "blockSize", 2, params.config.contextLength);
  assertTokenIds(stream, params.config.vocabSize, "stream");
  const blocks = Math.floor(stream.length / blockSize);
  if (blocks < 1) invalid("stream.length", `at least blockSize = ${blockSize} tokens (one block)`, stream.length);
  const perPass = Math.max(1, Math.floor(EVALUATION_LOGITS / (blockSize * params.config.vocabSize)));
  let nll = 0;
  for (let b = 0; b < blocks; b += perPass) {
    const rows = Math.min(perPass, blocks - b);
    // nextTokenLoss is the mean over the rows·(blockSize − 1) predictions of its batch.
    nll += nextTokenLoss(tf, params, stream.subarray(b * blockSize, (b + rows) * blockSize), rows) * rows * (blockSize - 1);
  }
  const predictions = blocks * (blockSize - 1);
  const crossEntropy = nll / predictions;
  return { crossEntropy, perplexity: Math.exp(crossEntropy), predictions, blocks };
}
