/**
 * `npm run figures [-- options]`: regenerates every chapter's figures into figures/
 * (SVG, PNG, PDF, JSON and index.md; see ./export-figures.ts), prints how long each figure
 * took and records those times in figures/.timings.json (git-ignored).
 *
 *   --only a,b          only these figures (repeatable; unknown names list the valid ones)
 *   --size S            PDF page size: native (default; the figure's own size, 1 px = 0.75 pt),
 *                       column (3.5 in wide) or page (7 in wide); see src/render/pdf.ts
 *   --from-json         run no experiment: redraw SVG, PNG and PDF from each figures/NAME.json
 *                       (left byte-identical), e.g. to make PDFs of figures already exported
 *   --list              list figure names and titles, run nothing
 *   --require-images    fail when no browser is found (also: REQUIRE_BROWSER=1)
 *   --out DIR           write somewhere else than figures/
 *   --jobs N            compute figures on N worker threads (default: one per core); 1 runs
 *                       every job in this thread, one after the other. The files are the
 *                       same byte for byte whatever N; the heaviest jobs start first.
 *   --recompute-nlm     first compute chapter 07's transformer runs again (`npm run nlm-run`,
 *                       over an hour on 2 cores, resumable), which the ch07 figures otherwise
 *                       draw from the committed figures/data/ch07-nlm-run.json
 *
 * Ctrl-C aborts: running experiments see the abort signal, the browser is closed; a
 * second Ctrl-C exits at once.
 */
import { availableParallelism } from "os";
import * as path from "path";
import { allFigures, chapterBudgetSeconds } from "../src/figures/registry";
import { PDF_SIZES, type PdfSize } from "../src/render/pdf";
import type { FigureJob } from "../src/figures/types";
import { exportFigures, ExportAbortedError, UnknownFigureError } from "./export-figures";
import { recomputeNeuralRun } from "./nlm-run";

export interface CliArgs {
  only: string[] | undefined;
  list: boolean;
  requireImages: boolean;
  outDir: string;
  help: boolean;
  pdfSize: PdfSize;
  fromJson: boolean;
  /** Worker threads computing figures at once. */
  jobs: number;
  /** Compute chapter 07's committed run again before the export. */
  recomputeNlm: boolean;
}

/** Per-figure times, in the output folder but git-ignored: the figure files carry no times. */
export const TIMINGS_FILE = ".timings.json";

export const USAGE = "usage: npm run figures -- [--only name1,name2] [--size native|column|page] [--from-json] [--jobs N] [--recompute-nlm] [--list] [--require-images] [--out DIR]";

/** Parses the command line; `env` supplies REQUIRE_BROWSER. Throws on unknown options. */
export function parseArgs(argv: readonly string[], env: Record<string, string | undefined>, defaultOutDir: string, cores = availableParallelism()): CliArgs {
  const args: CliArgs = { only: undefined, list: false, requireImages: env.REQUIRE_BROWSER === "1", outDir: defaultOutDir, help: false, pdfSize: "native", fromJson: false, jobs: cores, recomputeNlm: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value. ${USAGE}`);
      return v;
    };
    switch (flag) {
      case "--only":
        args.only = [...(args.only ?? []), value()];
        break;
      case "--size": {
        const size = value();
        if (!(PDF_SIZES as readonly string[]).includes(size)) throw new Error(`--size must be one of ${PDF_SIZES.join(", ")}, got ${JSON.stringify(size)}. ${USAGE}`);
        args.pdfSize = size as PdfSize;
        break;
      }
      case "--jobs": {
        const v = value();
        const n = Number(v);
        if (!(Number.isInteger(n) && n >= 1 && n <= 64)) throw new Error(`--jobs must be an integer in [1, 64], got ${JSON.stringify(v)}. ${USAGE}`);
        args.jobs = n;
        break;
      }
      case "--from-json":
        args.fromJson = true;
        break;
      case "--recompute-nlm":
        args.recomputeNlm = true;
        break;
      case "--list":
        args.list = true;
        break;
      case "--require-images":
        args.requireImages = true;
        break;
      case "--out":
        args.outDir = path.resolve(value());
        break;
      case "-h":
      case "--help":
        args.help = true;
        break;
      default:
        throw new Error(`unknown option ${arg}. ${USAGE}`);
    }
  }
  return args;
}

function listFigures(jobs: readonly FigureJob[]): string {
  if (jobs.length === 0) return "No figures registered (src/figures/registry.ts).";
  const width = Math.max(...jobs.map((j) => j.name.length));
  return jobs.map((j) => `${j.name.padEnd(width)}  ch${j.chapter}  ${j.title}`).join("\n");
}

/** A log (CI, a file) gets the status line as a line of its own, at most every 30 s. */
function everyHalfMinute(write: (line: string) => void): (line: string) => void {
  let last = Date.now();
  return (line) => {
    if (Date.now() - last < 30000) return;
    last = Date.now();
    write(line);
  };
}

/** The run's wall time against the budgets of the chapters it exported (src/figures/registry.ts). */
export function budgetLine(chapters: readonly string[], seconds: number, workers: number, budgets: Record<string, number> = chapterBudgetSeconds): string {
  const exported = [...new Set(chapters)].sort();
  const budget = exported.reduce((sum, c) => sum + (budgets[c] ?? 0), 0);
  const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;
  const verdict = seconds <= budget ? "within" : "OVER";
  return `Wall time ${minutes(seconds)} with --jobs ${workers}: ${verdict} the budget of chapter${exported.length === 1 ? "" : "s"} ${exported.join(", ")}, ${minutes(budget)} (the budgets assume the whole chapter and a 2-core machine).`;
}

async function main(): Promise<number> {
  const defaultOutDir = path.resolve(__dirname, "..", "..", "figures");
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2), process.env, defaultOutDir);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.list) {
    process.stdout.write(`${listFigures(allFigures)}\n`);
    return 0;
  }

  const tty = Boolean(process.stdout.isTTY);
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write("\nAborting (Ctrl-C again to quit at once)…\n");
    controller.abort();
  });

  const started = Date.now();
  try {
    if (args.recomputeNlm) await recomputeNeuralRun({ workers: args.jobs, signal: controller.signal });
    const result = await exportFigures({
      jobs: allFigures,
      outDir: args.outDir,
      only: args.only,
      requireImages: args.requireImages,
      pdfSize: args.pdfSize,
      fromJson: args.fromJson,
      workers: args.jobs,
      timingsFile: path.join(args.outDir, TIMINGS_FILE),
      signal: controller.signal,
      log: (line) => process.stdout.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`),
      status: tty ? (line) => process.stdout.write(`\r\x1b[K${line.slice(0, (process.stdout.columns || 120) - 1)}`) : everyHalfMinute((line) => process.stdout.write(`${line}\n`)),
    });
    const written = result.figures.filter((f) => !f.error).length;
    process.stdout.write(`${written} figure${written === 1 ? "" : "s"} written to ${args.outDir}/ (index.md lists them)\n`);
    if (!args.fromJson) process.stdout.write(`${budgetLine(result.figures.map((f) => allFigures.find((j) => j.name === f.name)!.chapter), (Date.now() - started) / 1000, args.jobs)}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof ExportAbortedError) {
      process.stderr.write("Aborted; files of finished figures are kept and index.md lists them.\n");
      return 130;
    }
    if (error instanceof UnknownFigureError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
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
