/**
 * Runs a notebook end to end through the real tslab kernel, cell by cell,
 * with no Python involved (see scripts/jupyter/kernel.ts for the protocol).
 *
 * The kernel starts in the notebook's own folder, since tslab compiles
 * imports relative to its working directory (notebooks import "./src/…").
 * A cell fails when the kernel replies with status "error" — tslab then sends
 * no ename/evalue, only the type error or stack trace on stderr — or when it
 * exceeds the per-cell timeout; the NotebookCellError names the notebook, the
 * cell and carries that stderr. With `inPlace`, a notebook that ran cleanly is
 * rewritten with fresh outputs and execution counts; a failed one is left as
 * it was, so a broken run never replaces the committed outputs.
 *
 * Cells are sent one at a time, each after the previous reply: tslab drops
 * whatever is queued for 200 ms after an error, which would otherwise
 * swallow the next cells silently.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { KernelDiedError, KernelTimeoutError, TslabKernel } from "./jupyter/kernel";
import { joinSource, OutputCollector, parseNotebook, serializeNotebook, streamText } from "./jupyter/nbformat";

export interface RunNotebookOptions {
  /** Longest time one cell may run, in ms (default 120 000). */
  cellTimeoutMs?: number;
  /** Write the executed notebook back to its file (only when every cell succeeded). */
  inPlace?: boolean;
  /** Called after each code cell that ran successfully. */
  onCell?: (cell: CellRun) => void;
}

export interface CellRun {
  /** Position of the cell in the notebook's `cells`, counting markdown cells, from 0. */
  index: number;
  executionCount: number | null;
  ms: number;
  /** The cell's first non-blank line, to name it in messages. */
  sourceFirstLine: string;
  stdout: string;
  stderr: string;
}

export interface NotebookRun {
  path: string;
  cells: CellRun[];
  /** Wall time including kernel start-up and shutdown. */
  ms: number;
}

export type CellFailure = "error" | "timeout" | "kernel-died";

export interface NotebookCellFailure {
  notebookPath: string;
  /** Position in the notebook's `cells`, from 0 (the message counts from 1). */
  cellIndex: number;
  cellCount: number;
  sourceFirstLine: string;
  reason: CellFailure;
  /** What the cell wrote to stderr (tslab's type errors and stack traces), or the kernel's own output if it died. */
  stderr: string;
  stdout: string;
  /** Set for timeouts. */
  timeoutMs?: number;
}

export class NotebookCellError extends Error {
  readonly failure: NotebookCellFailure;

  constructor(failure: NotebookCellFailure) {
    const { notebookPath, cellIndex, cellCount, sourceFirstLine, reason, stderr } = failure;
    const what = {
      error: "failed",
      timeout: `timed out after ${failure.timeoutMs} ms`,
      "kernel-died": "killed the kernel",
    }[reason];
    super(
      `${notebookPath}: cell ${cellIndex + 1} of ${cellCount} ${what}\n` +
        `  first line: ${sourceFirstLine}\n` +
        (stderr.trim() ? `  stderr:\n${indent(stderr.trimEnd())}` : "  (nothing on stderr)"),
    );
    this.name = "NotebookCellError";
    this.failure = failure;
  }
}

export const DEFAULT_CELL_TIMEOUT_MS = 120_000;

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

function firstLine(source: string): string {
  return source.split("\n").find((line) => line.trim() !== "") ?? "";
}

function displayPath(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd.startsWith("..") ? path : fromCwd;
}

/** The reply's ename/evalue/traceback, for kernels (unlike tslab) that send them. */
function errorDetails(reply: Record<string, unknown>): string {
  const parts: string[] = [];
  if (reply.ename || reply.evalue) parts.push(`${String(reply.ename ?? "")}: ${String(reply.evalue ?? "")}`);
  if (Array.isArray(reply.traceback)) parts.push(...reply.traceback.map(String));
  return parts.join("\n");
}

export async function runNotebook(path: string, options: RunNotebookOptions = {}): Promise<NotebookRun> {
  const cellTimeoutMs = options.cellTimeoutMs ?? DEFAULT_CELL_TIMEOUT_MS;
  if (!Number.isInteger(cellTimeoutMs) || cellTimeoutMs <= 0) {
    throw new RangeError(`cellTimeoutMs must be a positive integer number of ms, got ${String(cellTimeoutMs)}`);
  }
  const started = Date.now();
  const absolutePath = resolve(path);
  const shownPath = displayPath(absolutePath);
  const notebook = parseNotebook(readFileSync(absolutePath, "utf8"), shownPath);
  const collector = new OutputCollector();
  const cells: CellRun[] = [];
  const kernel = await TslabKernel.start({ cwd: dirname(absolutePath) });
  try {
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const source = joinSource(cell.source);
      const fail = (reason: CellFailure, stderr: string, stdout: string) =>
        new NotebookCellError({
          notebookPath: shownPath,
          cellIndex: index,
          cellCount: notebook.cells.length,
          sourceFirstLine: firstLine(source),
          reason,
          stderr,
          stdout,
          timeoutMs: reason === "timeout" ? cellTimeoutMs : undefined,
        });
      if (source.trim() === "") {
        cell.outputs = [];
        cell.execution_count = null;
        continue;
      }
      const cellStarted = Date.now();
      let result;
      try {
        result = await kernel.execute(source, cellTimeoutMs);
      } catch (error) {
        if (error instanceof KernelTimeoutError) {
          const partial = error.partialOutputs;
          throw fail("timeout", streamText(partial, "stderr"), streamText(partial, "stdout"));
        }
        if (error instanceof KernelDiedError) {
          const partial = error.partialOutputs;
          const stderr = [streamText(partial, "stderr"), error.message].filter(Boolean).join("\n");
          throw fail("kernel-died", stderr, streamText(partial, "stdout"));
        }
        throw error;
      }
      const stdout = streamText(result.outputs, "stdout");
      const stderr = streamText(result.outputs, "stderr");
      if (result.status !== "ok") {
        throw fail("error", [stderr, errorDetails(result.reply)].filter(Boolean).join("\n"), stdout);
      }
      cell.outputs = collector.collect(result.outputs, result.executionCount);
      cell.execution_count = result.executionCount;
      const run = { index, executionCount: result.executionCount, ms: Date.now() - cellStarted, sourceFirstLine: firstLine(source), stdout, stderr };
      cells.push(run);
      options.onCell?.(run);
    }
  } finally {
    await kernel.shutdown();
  }
  if (options.inPlace) writeFileSync(absolutePath, serializeNotebook(notebook));
  return { path: absolutePath, cells, ms: Date.now() - started };
}

/** A positive integer number of ms from `env[name]`, or `fallback` when unset or blank. */
function positiveMsFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer number of ms, got "${raw}"`);
  }
  return value;
}

/**
 * The per-cell timeout from NOTEBOOK_CELL_TIMEOUT_MS, or the default. A value
 * that is not a positive integer throws instead of silently meaning "default".
 */
export function cellTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return positiveMsFromEnv(env, "NOTEBOOK_CELL_TIMEOUT_MS", DEFAULT_CELL_TIMEOUT_MS);
}

/** The README's promise: every notebook runs in under 60 s, kernel start-up included. */
export const DEFAULT_NOTEBOOK_TIME_LIMIT_MS = 60_000;

/** The whole-notebook time limit from NOTEBOOK_TIME_LIMIT_MS, or the default; checked as the cell timeout. */
export function notebookTimeLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return positiveMsFromEnv(env, "NOTEBOOK_TIME_LIMIT_MS", DEFAULT_NOTEBOOK_TIME_LIMIT_MS);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Undefined when `run` took at most `limitMs` of wall time; otherwise a message naming
 * the notebook, its time, the limit and its `slowest` slowest cells with their times and
 * first lines, plus what the kernel start-up and the other cells took together.
 */
export function notebookTimeLimitFailure(run: NotebookRun, limitMs: number, slowest = 3): string | undefined {
  if (run.ms <= limitMs) return undefined;
  const ranked = [...run.cells].sort((a, b) => b.ms - a.ms).slice(0, slowest);
  const rest = run.ms - ranked.reduce((sum, cell) => sum + cell.ms, 0);
  const lines = ranked.map((cell) => `    cell ${cell.index + 1}: ${seconds(cell.ms)}  ${cell.sourceFirstLine}`);
  const others = run.cells.length - ranked.length;
  return (
    `${displayPath(run.path)} took ${seconds(run.ms)}, over the ${seconds(limitMs)} limit ` +
    `(README: every notebook runs in under 60 s; NOTEBOOK_TIME_LIMIT_MS overrides the limit)\n` +
    `  slowest cells:\n${lines.join("\n")}\n` +
    `  kernel start-up${others > 0 ? ` and the other ${others} cells` : ""}: ${seconds(rest)}`
  );
}

