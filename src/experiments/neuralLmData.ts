/**
 * Chapter 07's full run as committed data, `figures/data/ch07-nlm-run.json`: the
 * transformer's runs take over an hour on 2 cores (./neuralLmRun.ts, FULL_NLM_RUN), so
 * `npm run figures` and notebook 07 draw them from this file, as the paper's text figures
 * come from one long run, and `npm run nlm-run` (or `npm run figures -- --recompute-nlm`)
 * computes it again. The file holds the configuration it was computed with, every run's
 * numbers, their summary (../lm/summary.ts) and what the computation cost.
 */
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../data/repoRoot";
import type { CollapseSummary } from "../lm/summary";
import type { NeuralRunResult } from "../nlm/neuralCollapse";
import { FULL_NLM_RUN, type NeuralLmRunConfig } from "./neuralLmRun";

export interface NeuralRunCost {
  /** Wall time of the command that wrote the file, in seconds (runs loaded from the cache cost almost none). */
  seconds: number;
  /** Runs the command loaded from the cache folder instead of computing them. */
  resumedRuns: number;
  /** Where the runs executed ("2 worker threads", "in-thread"). */
  mode: string;
  /** The process's peak resident memory (all worker threads together), MB; null where unknown. */
  peakMemoryMb: number | null;
  cores: number;
  node: string;
  /** ISO date of the write. */
  written: string;
}

export interface NeuralRunData {
  config: NeuralLmRunConfig;
  summary: CollapseSummary<NeuralLmRunConfig>;
  runs: NeuralRunResult[];
  cost: NeuralRunCost;
}

/** Where the committed run lives: figures/data/ch07-nlm-run.json of this checkout. */
export function neuralRunDataFile(root = repoRoot() ?? process.cwd()): string {
  return path.join(root, "figures", "data", "ch07-nlm-run.json");
}

/** Writes the run data, complete or not at all (a temporary file renamed into place). */
export function writeNeuralRunData(data: NeuralRunData, file = neuralRunDataFile()): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data));
  fs.renameSync(tmp, file);
}

/**
 * The committed run, checked against the configuration it should have been computed with
 * (default FULL_NLM_RUN): a stale file, from before a change of the configuration, is an
 * error that says how to compute it again, never a figure of other settings.
 */
export function loadNeuralRunData(file = neuralRunDataFile(), expected: NeuralLmRunConfig = FULL_NLM_RUN): NeuralRunData {
  const again = "compute it with `npm run nlm-run` (over an hour on 2 cores; resumable)";
  if (!fs.existsSync(file)) throw new Error(`chapter 07's run data ${file} is missing: ${again}`);
  const data = JSON.parse(fs.readFileSync(file, "utf8")) as NeuralRunData;
  if (JSON.stringify(data.config) !== JSON.stringify(expected)) {
    throw new Error(`chapter 07's run data ${file} was computed with another configuration than FULL_NLM_RUN (${JSON.stringify(data.config)}): ${again}`);
  }
  return data;
}
