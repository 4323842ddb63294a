/**
 * `npm run nlm-run [-- --workers N]`: computes chapter 07's full run (FULL_NLM_RUN in
 * src/experiments/neuralLmRun.ts: settings (b) and (c), 2 seeds, 10 generations of the
 * transformer, over an hour on 2 cores) and writes it to figures/data/ch07-nlm-run.json,
 * which `npm run figures` and notebook 07 draw. A progress line shows how far it is.
 *
 * Ctrl-C stops it. Nothing is lost but the generation under way: the pretrained weights,
 * every finished run and a checkpoint after every generation are kept in .cache/nlm/, and
 * the same command goes on from there. `npm run figures -- --recompute-nlm` runs this first.
 */
import { availableParallelism } from "os";
import { FULL_NLM_RUN, runNeuralLanguageModel } from "../src/experiments/neuralLmRun";
import { neuralRunDataFile, writeNeuralRunData, type NeuralRunData } from "../src/experiments/neuralLmData";
import { progress } from "../src/notebook/progress";
import { peakMemoryMb } from "./peak-memory";

export const NLM_USAGE = "usage: npm run nlm-run -- [--workers N]";

/** Parses `--workers N` (default one per core). Throws on anything else. */
export function parseNlmArgs(argv: readonly string[], cores = availableParallelism()): { workers: number; help: boolean } {
  const args = { workers: cores, help: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "-h" || argv[i] === "--help") args.help = true;
    else if (argv[i] === "--workers") {
      const v = argv[++i];
      const n = Number(v);
      if (!(Number.isInteger(n) && n >= 1 && n <= 64)) throw new Error(`--workers must be an integer in [1, 64], got ${JSON.stringify(v)}. ${NLM_USAGE}`);
      args.workers = n;
    } else throw new Error(`unknown option ${argv[i]}. ${NLM_USAGE}`);
  }
  return args;
}

/** Runs FULL_NLM_RUN (resuming what the cache holds) and writes the committed data file. */
export async function recomputeNeuralRun(o: { workers: number; signal?: AbortSignal; file?: string }): Promise<NeuralRunData> {
  const line = progress("chapter 07, transformer runs");
  const run = await runNeuralLanguageModel(FULL_NLM_RUN, {
    workers: o.workers,
    signal: o.signal,
    onProgress: (done, total, note) => line.update(Math.round(done * 100) / 100, total, note),
  });
  line.done(`${run.mode}, ${run.resumed} run(s) from the cache`);
  const peak = peakMemoryMb();
  const data: NeuralRunData = {
    config: FULL_NLM_RUN,
    summary: run.summary,
    runs: run.runs,
    cost: {
      seconds: Math.round(run.seconds),
      resumedRuns: run.resumed,
      mode: run.mode,
      peakMemoryMb: peak === undefined ? null : Math.round(peak),
      cores: availableParallelism(),
      node: process.version,
      written: new Date().toISOString(),
    },
  };
  writeNeuralRunData(data, o.file ?? neuralRunDataFile());
  return data;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseNlmArgs>;
  try {
    args = parseNlmArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${NLM_USAGE}\n`);
    return 0;
  }
  const controller = new AbortController();
  process.on("SIGINT", () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write("\nStopping (Ctrl-C again to quit at once); finished generations are kept in .cache/nlm/…\n");
    controller.abort();
  });
  try {
    const data = await recomputeNeuralRun({ workers: args.workers, signal: controller.signal });
    process.stdout.write(`${data.runs.length} runs written to ${neuralRunDataFile()}\n`);
    return 0;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write("Stopped; `npm run nlm-run` goes on from the last finished generation.\n");
      return 130;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
