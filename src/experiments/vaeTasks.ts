/**
 * The pieces of a VAE collapse run (./vaeCollapse.ts) as tasks a worker thread can take:
 * the digit classifier, each seed's generation 0, and each (seed, regime) run. The same
 * executor runs them in this thread or on workers (./vaeWorker.ts), so the numbers do not
 * depend on where they ran.
 */
import { mnistSubset, type ImageSet } from "../data/mnist";
import { Rng } from "../random/rng";
import { classifierAccuracy, trainDigitClassifier, type DigitClassifier } from "../vae/digitClassifier";
import type { Tf } from "../vae/tensorflow";
import { encodeMeans } from "../vae/vaeInference";
import { latentSpread } from "../vae/latentSpread";
import { runVaeRegime, trainGeneration0, type VaeGeneration0, type VaeRegimeName, type VaeRegimeRun, type VaeRunConfig } from "./vaeCollapse";

/** What every task reads: the real digits (in SharedArrayBuffers on workers) and the run's settings. */
export interface VaeTaskData {
  train: ImageSet;
  test: ImageSet;
  config: VaeRunConfig;
}

export type VaeTask =
  | { kind: "classifier"; seed: number }
  | { kind: "generation0"; seed: number }
  | { kind: "regime"; seed: number; regime: VaeRegimeName; generation0: VaeGeneration0; classifier: DigitClassifier };

export interface TrainedClassifier {
  classifier: DigitClassifier;
  /** Fraction of the real test digits it labels correctly. */
  testAccuracy: number;
}

export interface TrainedGeneration0 {
  generation0: VaeGeneration0;
  /** The generation-0 encoder's latent spread on the real test digits (the reference). */
  realLatentSd: number;
  realLatentDensity: number[];
}

export type VaeTaskResult = TrainedClassifier | TrainedGeneration0 | VaeRegimeRun;

/** Relative cost of a task, in trainings of one VAE generation, for progress and scheduling. */
export function taskCost(task: VaeTask, config: VaeRunConfig): number {
  if (task.kind === "classifier") return (config.classifier.epochs * config.classifier.hidden) / (3 * config.epochs * config.sizes.hidden);
  if (task.kind === "generation0") return 1;
  return Math.max(1, config.generations - 1);
}

export function executeVaeTask(tf: Tf, data: VaeTaskData, task: VaeTask, progress: (fraction: number) => void, signal?: AbortSignal): VaeTaskResult {
  const { config } = data;
  switch (task.kind) {
    case "classifier": {
      const digits = config.classifier.digits === undefined ? data.train : mnistSubset(data.train, Math.min(config.classifier.digits, data.train.count), task.seed);
      const classifier = trainDigitClassifier(tf, digits, Rng.stream(task.seed, "digit-classifier"), { epochs: config.classifier.epochs, hidden: config.classifier.hidden, onProgress: progress, signal });
      return { classifier, testAccuracy: classifierAccuracy(tf, classifier, data.test) };
    }
    case "generation0": {
      const generation0 = trainGeneration0(tf, data.train, config, task.seed, progress, signal);
      const real = latentSpread(encodeMeans(tf, generation0.params, data.test));
      return { generation0, realLatentSd: real.sd, realLatentDensity: real.density };
    }
    case "regime":
      return runVaeRegime(tf, data.train, task.seed, task.classifier, config, task.regime, { generation0: task.generation0, onProgress: progress, signal });
  }
}
