/**
 * `const p = progress("label")`: a progress line for long cells. In a notebook it is one
 * output updated in place (tslab `newDisplay()`); in plain Node it is a line on stderr
 * (rewritten in place on a terminal). Updates are throttled to at most 10 a second, so
 * calling `update` from a hot loop costs a clock read; the first and the final state are
 * always shown. `p.onProgress` fits runGenerations' `onProgress(done, total)`.
 */
import { newKernelDisplay, type TslabDisplay } from "./kernel";

export interface Progress {
  update(done: number, total: number, note?: string): void;
  done(note?: string): void;
  /** `update` without a note, bound, to pass as a callback. */
  onProgress(done: number, total: number): void;
}

/** At most 10 updates per second in a notebook or terminal. */
export const MIN_INTERVAL_MS = 100;
/** A log file (stderr not a terminal) gets a line every 2 s at most. */
export const LOG_INTERVAL_MS = 2000;

const BAR_WIDTH = 24;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `label [#########...............] 37% (370/1000) note · 1.2 s`: the text shown. */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, note?: string): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `${label} [${bar}] ${percent} (${done}/${total})${note ? " " + note : ""} · ${seconds(elapsedMs)}`;
}

function checkCounts(done: number, total: number): void {
  if (typeof total !== "number" || !Number.isFinite(total) || total < 0) {
    throw new RangeError(`progress: total must be a finite number ≥ 0, got ${String(total)}`);
  }
  if (typeof done !== "number" || !Number.isFinite(done) || done < 0) {
    throw new RangeError(`progress: done must be a finite number ≥ 0, got ${String(done)}`);
  }
}

/** Where progress lines go; injectable for tests. */
export interface ProgressSink {
  show(line: string, final: boolean): void;
  intervalMs: number;
}

function kernelSink(display: TslabDisplay): ProgressSink {
  return { show: (line) => display.text(line), intervalMs: MIN_INTERVAL_MS };
}

function stderrSink(): ProgressSink {
  const tty = Boolean(process.stderr.isTTY);
  return {
    intervalMs: tty ? MIN_INTERVAL_MS : LOG_INTERVAL_MS,
    show: (line, final) => {
      if (tty) process.stderr.write(`\r\x1b[K${line}${final ? "\n" : ""}`);
      else process.stderr.write(`${line}\n`);
    },
  };
}

/** Starts a progress display labelled `label` (see the module comment). */
export function progress(label: string, options: { now?: () => number; sink?: ProgressSink } = {}): Progress {
  if (typeof label !== "string") throw new TypeError(`progress: label must be a string, got ${typeof label}`);
  const now = options.now ?? (() => Date.now());
  const display = options.sink ? undefined : newKernelDisplay();
  const sink = options.sink ?? (display ? kernelSink(display) : stderrSink());
  const start = now();
  let lastShown = -Infinity;
  let lastDone = 0;
  let lastTotal = 0;
  let finished = false;

  const update = (done: number, total: number, note?: string): void => {
    checkCounts(done, total);
    lastDone = done;
    lastTotal = total;
    if (finished) return;
    const t = now();
    if (t - lastShown < sink.intervalMs && done < total) return;
    lastShown = t;
    sink.show(progressLine(label, done, total, t - start, note), false);
  };
  return {
    update,
    onProgress: (done: number, total: number) => update(done, total),
    done: (note?: string) => {
      if (finished) return;
      finished = true;
      // A run that stopped early (stopWhen, abort) shows where it stopped, not 100%.
      const total = lastTotal > 0 ? lastTotal : 1;
      const done = lastTotal > 0 ? lastDone : 1;
      sink.show(progressLine(label, done, total, now() - start, note ?? "done"), true);
    },
  };
}
