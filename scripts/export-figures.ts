/**
 * The export behind `npm run figures`: runs FigureJobs and writes, per figure, into
 * `outDir`: `<name>.svg`, `<name>.png` (2× scale), with `pdfSize` `<name>.pdf` (one vector
 * page, fonts embedded; src/render/pdf.ts) and `<name>.json` (figure, data and
 * parameters, seed included), then `index.md` listing every figure and its files.
 * With `fromJson` the jobs are not run: each figure is redrawn from the `figure` stored in
 * its `<name>.json`, which is left untouched, so SVG, PNG and PDF all come from that JSON.
 * Without a browser it still writes the JSON and says why there are no images; the
 * caller decides (`requireImages`) whether that is a failure.
 *
 * The files depend only on the jobs (their parameters and seeds), never on the clock:
 * two runs write byte-identical JSON. How long each figure took goes to the log, as a
 * table at the end of the run, and optionally to `timingsFile` (the CLI uses the
 * git-ignored `figures/.timings.json`), never into `<name>.json`.
 */
import * as fs from "fs";
import * as path from "path";
import type { FigureJob, FigureJobContext, FigureOutput } from "../src/figures/types";
import { findChromium, type ChromiumSearch } from "../src/render/chromium";
import { formatJson } from "../src/render/json";
import type { PdfSize } from "../src/render/pdf";
import { FigureRenderer } from "../src/render/renderer";
import { runOnWorkerPool } from "../src/parallel/workerPool";
import type { FigureGroupTask, FigureWorkerData, FigureWorkerResult } from "./figure-worker";

export interface ExportOptions {
  jobs: readonly FigureJob[];
  outDir: string;
  /** Figure names to export (array, or one comma-separated string); all when absent. */
  only?: string | readonly string[];
  /** Treat "no browser, no images" as a failure (exit code 1). */
  requireImages?: boolean;
  /** Finished lines and messages. */
  log?: (line: string) => void;
  /** Transient status of the running figure (a terminal rewrites it in place). */
  status?: (line: string) => void;
  signal?: AbortSignal;
  /** Browser search; injectable so tests can simulate a machine without one. */
  findBrowser?: () => ChromiumSearch;
  /** PNG device scale; default 2. */
  pngScale?: number;
  /** JSON file where each exported figure's time is merged in (kept out of the figure files). */
  timingsFile?: string;
  /** Also write `<name>.pdf` at this size (src/render/pdf.ts); no PDF when absent. */
  pdfSize?: PdfSize;
  /** Redraw the images from each `<name>.json` already in outDir instead of running the jobs. */
  fromJson?: boolean;
  /**
   * Worker threads computing figures at once (default 1: every job in this thread). Above 1
   * the jobs are loaded by name from `jobsModule` in each worker, so `jobs` must be the
   * jobs that module exports (the registry, by default).
   */
  workers?: number;
  /** Compiled module exporting `allFigures`, loaded by the workers; default the registry. */
  jobsModule?: string;
}

export interface ExportedFigure {
  name: string;
  title: string;
  /** Files written, relative to outDir. */
  files: string[];
  /** Wall time of the job and its drawing; reported, never written into the figure files. */
  seconds: number;
  /** Of `seconds`, the time spent printing the PDF, when one was drawn. */
  pdfSeconds?: number;
  error?: string;
}

export interface ExportResult {
  figures: ExportedFigure[];
  /** Why no images were written, when no browser was found. */
  noBrowserReason?: string;
  exitCode: 0 | 1;
}

export const DEFAULT_SIZE = { width: 900, height: 500 };

/** An error that names the accepted values, for bad `--only` names. */
export class UnknownFigureError extends Error {
  constructor(unknown: string[], valid: string[]) {
    super(`unknown figure name${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}; valid names: ${valid.length ? valid.join(", ") : "(none registered)"}`);
    this.name = "UnknownFigureError";
  }
}

export class ExportAbortedError extends Error {
  constructor() {
    super("figure export aborted");
    this.name = "AbortError";
  }
}

function splitNames(only: string | readonly string[]): string[] {
  const list = typeof only === "string" ? [only] : [...only];
  return list.flatMap((s) => s.split(",")).map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The jobs named in `only` (in registry order), or all; unknown names throw with the valid list. */
export function selectJobs(jobs: readonly FigureJob[], only?: string | readonly string[]): FigureJob[] {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (seen.has(job.name)) throw new Error(`two figure jobs are named ${job.name}; names must be unique`);
    seen.add(job.name);
  }
  if (only === undefined) return [...jobs];
  const wanted = splitNames(only);
  if (wanted.length === 0) throw new UnknownFigureError(["(empty --only)"], [...seen]);
  const unknown = wanted.filter((n) => !seen.has(n));
  if (unknown.length) throw new UnknownFigureError(unknown, [...seen]);
  return jobs.filter((job) => wanted.includes(job.name));
}

/** Writes via a temporary file and a rename, so an abort never leaves half a file. */
function writeFileAtomic(file: string, contents: string | Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

function checkOutput(job: FigureJob, out: FigureOutput): void {
  if (!out || typeof out !== "object" || !out.figure || !Array.isArray(out.figure.data)) {
    throw new Error(`${job.name}: run() must return {figure: {data, layout}, params, data}`);
  }
  if (!out.params || typeof out.params !== "object" || !("seed" in out.params)) {
    throw new Error(`${job.name}: params must include the seed (FigureOutput.params.seed) so the figure can be regenerated`);
  }
}

const EXTENSIONS = ["svg", "png", "pdf", "json"] as const;

/** `index.md`: every registered figure by chapter, with links to the files present in outDir. */
export function indexMarkdown(jobs: readonly FigureJob[], outDir: string): string {
  const lines = [
    "# Figures",
    "",
    "Written by `npm run figures` (one or a few: `npm run figures -- --only name1,name2`; list: `-- --list`).",
    "Each figure has an SVG, a PNG at 2× scale, a one-page vector PDF with its fonts embedded (for LaTeX;",
    "`-- --size column|page` for 3.5 in or 7 in wide), and a JSON file with the figure, the data plotted",
    "and the parameters behind it (seed included), enough to regenerate it. `-- --from-json` redraws",
    "SVG, PNG and PDF from the JSON files without recomputing anything.",
    "",
  ];
  const chapters = [...new Set(jobs.map((j) => j.chapter))];
  if (chapters.length === 0) lines.push("No figures are registered yet (src/figures/registry.ts).", "");
  for (const chapter of chapters) {
    lines.push(`## Chapter ${chapter}`, "", "| Figure | What it shows | Files |", "| --- | --- | --- |");
    for (const job of jobs.filter((j) => j.chapter === chapter)) {
      const files = EXTENSIONS.filter((ext) => fs.existsSync(path.join(outDir, `${job.name}.${ext}`))).map(
        (ext) => `[${ext}](${job.name}.${ext})`,
      );
      const title = job.title.replace(/\|/g, "\\|");
      lines.push(`| \`${job.name}\` | ${title} | ${files.length ? files.join(" · ") : "not exported yet"} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A job's (or a part's) status line: percent done, its note and the time since `started`. */
export function progressText(fraction: number, note: string | undefined, started: number): string {
  const percent = Number.isFinite(fraction) ? `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%` : "";
  return `${percent}${note ? " " + note : ""} · ${formatSeconds(Date.now() - started)}`;
}

/**
 * The end-of-run table: one row per figure, slowest first, with its time (and of it the
 * PDF's, when one was printed) or FAILED, and the total.
 */
export function timingTable(figures: readonly ExportedFigure[]): string[] {
  if (figures.length === 0) return [];
  const rows = [...figures].sort((a, b) => b.seconds - a.seconds);
  const total = figures.reduce((sum, f) => sum + f.seconds, 0);
  const width = Math.max("total".length, ...rows.map((f) => f.name.length));
  const time = (seconds: number) => `${seconds.toFixed(1)} s`.padStart(9);
  return [
    "Time per figure:",
    ...rows.map((f) => `  ${f.name.padEnd(width)} ${time(f.seconds)}${f.pdfSeconds !== undefined ? `  (PDF ${f.pdfSeconds.toFixed(1)} s)` : ""}${f.error ? "  FAILED" : ""}`),
    `  ${"total".padEnd(width)} ${time(total)}`,
  ];
}

export interface FigureTiming {
  seconds: number;
  failed?: true;
  /** When it was measured (ISO 8601), since the file merges runs of different figures. */
  measuredAt: string;
}

/**
 * Merges this run's times into `file` (figure name → FigureTiming, names sorted), so
 * `--only` runs update their figures and keep the others. An unreadable file is replaced.
 */
export function mergeTimings(file: string, figures: readonly ExportedFigure[], now = new Date()): Record<string, FigureTiming> {
  let previous: Record<string, FigureTiming> = {};
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) previous = parsed as Record<string, FigureTiming>;
  } catch {
    // Missing or damaged: it only records times, so start afresh.
  }
  const merged: Record<string, FigureTiming> = { ...previous };
  for (const f of figures) merged[f.name] = { seconds: Math.round(f.seconds * 10) / 10, ...(f.error ? { failed: true as const } : {}), measuredAt: now.toISOString() };
  const sorted = Object.fromEntries(Object.keys(merged).sort().map((name) => [name, merged[name]]));
  writeFileAtomic(file, JSON.stringify(sorted, null, 1) + "\n");
  return sorted;
}

/**
 * A memo of long runs that several figures draw from (FigureJobContext.shared), one per export
 * (or per export worker), holding from the start the results in `known` (parts computed on
 * the workers).
 */
export function sharedMemo(known: ReadonlyMap<string, unknown> = new Map()): NonNullable<FigureJobContext["shared"]> {
  const runs = new Map<string, Promise<unknown>>([...known].map(([key, value]) => [key, Promise.resolve(value)]));
  return <T>(key: string, compute: () => T | Promise<T>): Promise<T> => {
    let run = runs.get(key) as Promise<T> | undefined;
    if (!run) {
      run = Promise.resolve().then(compute);
      runs.set(key, run);
      run.catch(() => runs.delete(key));
    }
    return run;
  };
}

interface JobRun {
  outDir: string;
  renderer: FigureRenderer | undefined;
  scale: number;
  pdfSize?: PdfSize;
  fromJson?: boolean;
  signal?: AbortSignal;
  shared: NonNullable<FigureJobContext["shared"]>;
  /** Shows the job's progress line after its `[i/n] name …` prefix. */
  status(text: string): void;
}

/** A figure ready to draw, and whether its JSON is already on disk (--from-json) or still to write. */
export interface FigureToDraw {
  figure: FigureOutput["figure"];
  width: number;
  height: number;
  /** The `<name>.json` text to write; absent when the figure was read from that file. */
  json?: string;
}

function isPixelSize(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= 10 && v <= 10000;
}

/** Reads back what an earlier export wrote to `<name>.json`: the figure and its size. */
export function readStoredFigure(outDir: string, name: string): FigureToDraw {
  const file = path.join(outDir, `${name}.json`);
  if (!fs.existsSync(file)) throw new Error(`--from-json needs ${file}; export the figure once without --from-json`);
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { figure?: { data?: unknown }; width?: unknown; height?: unknown };
  if (!stored.figure || !Array.isArray(stored.figure.data)) throw new Error(`${file} has no figure {data, layout} to draw`);
  if (!isPixelSize(stored.width) || !isPixelSize(stored.height)) {
    throw new Error(`${file}: width and height must be integer pixels in [10, 10000], got ${String(stored.width)} × ${String(stored.height)}`);
  }
  return { figure: stored.figure as FigureOutput["figure"], width: stored.width, height: stored.height };
}

/** A computed figure with the JSON text to write (what an export worker sends back). */
export type ComputedFigure = FigureToDraw & { json: string };

/** What computing a figure needs: where earlier figures are, the shared-run memo, a status line. */
export interface ComputeContext {
  figuresDir: string;
  shared: NonNullable<FigureJobContext["shared"]>;
  signal?: AbortSignal;
  status(text: string): void;
}

/** Runs the job and returns its figure with the JSON to write. */
export async function computeFigure(job: FigureJob, r: ComputeContext, started: number): Promise<ComputedFigure> {
  const out = await job.run({
    progress: (fraction, note) => r.status(progressText(fraction, note, started)),
    signal: r.signal,
    figuresDir: r.figuresDir,
    shared: r.shared,
  });
  if (r.signal?.aborted) throw new ExportAbortedError();
  checkOutput(job, out);
  const width = out.width ?? DEFAULT_SIZE.width;
  const height = out.height ?? DEFAULT_SIZE.height;
  const json = { name: job.name, chapter: job.chapter, title: job.title, params: out.params, data: out.data, width, height, figure: out.figure };
  return { figure: out.figure, width, height, json: formatJson(json) + "\n" };
}

type ImageExt = "svg" | "png" | "pdf";

/** Draws SVG, PNG and (with pdfSize) PDF of one figure; `pdfSeconds` is the PDF's share. */
async function drawImages(fig: FigureToDraw, r: JobRun & { renderer: FigureRenderer }): Promise<{ images: Partial<Record<ImageExt, string | Buffer>>; pdfSeconds?: number }> {
  const { figure, width, height } = fig;
  const images: Partial<Record<ImageExt, string | Buffer>> = {};
  images.svg = await r.renderer.render(figure, { format: "svg", width, height });
  images.png = await r.renderer.render(figure, { format: "png", width, height, scale: r.scale });
  if (!r.pdfSize) return { images };
  const pdfStarted = Date.now();
  images.pdf = await r.renderer.renderPdf(figure, { width, height, size: r.pdfSize });
  return { images, pdfSeconds: (Date.now() - pdfStarted) / 1000 };
}

/**
 * Computes (or reads back, or takes from an export worker) one figure, draws its images,
 * then writes its files; returns the files written. Images first, files last: an abort while drawing leaves this figure's old
 * files as they were. With --from-json the JSON is only read, never rewritten.
 */
async function exportJob(job: FigureJob, r: JobRun, computed?: ComputedFigure): Promise<{ files: string[]; pdfSeconds?: number }> {
  const started = Date.now();
  const fig = computed ?? (r.fromJson ? readStoredFigure(r.outDir, job.name) : await computeFigure(job, { ...r, figuresDir: r.outDir }, started));
  let drawn: { images: Partial<Record<ImageExt, string | Buffer>>; pdfSeconds?: number } | undefined;
  let renderError: Error | undefined;
  if (r.renderer) {
    r.status(`drawing SVG, PNG${r.pdfSize ? " and PDF" : ""} · ${formatSeconds(Date.now() - started)}`);
    try {
      drawn = await drawImages(fig, { ...r, renderer: r.renderer });
    } catch (error) {
      if (r.signal?.aborted) throw error;
      renderError = error as Error;
    }
  }
  const files: string[] = [];
  if (fig.json !== undefined) {
    writeFileAtomic(path.join(r.outDir, `${job.name}.json`), fig.json);
    files.push(`${job.name}.json`);
  }
  for (const ext of ["svg", "png", "pdf"] as const) {
    const file = path.join(r.outDir, `${job.name}.${ext}`);
    const image = drawn?.images[ext];
    if (image !== undefined) {
      writeFileAtomic(file, image);
      files.push(`${job.name}.${ext}`);
    } else if (r.renderer && (renderError || fig.json !== undefined)) {
      // Drawing failed, or a new JSON was written without a PDF: older images would no longer match the JSON.
      fs.rmSync(file, { force: true });
    }
  }
  if (renderError) throw Object.assign(new Error(`drawing failed${fig.json !== undefined ? " (JSON written)" : ""}: ${renderError.message}`), { files });
  return { files, pdfSeconds: drawn?.pdfSeconds };
}

/** Runs the export (see the module comment). Throws ExportAbortedError when `signal` aborts. */
export async function exportFigures(options: ExportOptions): Promise<ExportResult> {
  const log = options.log ?? (() => undefined);
  const status = options.status ?? (() => undefined);
  const { signal } = options;
  const selected = selectJobs(options.jobs, options.only);
  const outDir = path.resolve(options.outDir);
  fs.mkdirSync(outDir, { recursive: true });

  const search = (options.findBrowser ?? (() => findChromium()))();
  const renderer = search.executablePath ? new FigureRenderer({ executablePath: search.executablePath }) : undefined;
  if (!renderer) {
    log(
      options.fromJson
        ? `No browser, so nothing to redraw from the JSON files: ${search.reason}.`
        : `No browser, so no SVG/PNG${options.pdfSize ? "/PDF" : ""}: ${search.reason}. Writing the JSON files only (SVG/PNG${options.pdfSize ? "/PDF" : ""} files already there are left as they are).`,
    );
    if (options.requireImages) log("Images are required (--require-images or REQUIRE_BROWSER=1): this run will fail.");
  } else if (selected.length > 0) {
    // Start the browser while the first figures compute; a launch error surfaces at render.
    // On workers the main thread is idle, so the launch really overlaps the computing; in
    // this thread it advances only between jobs.
    const launched = Date.now();
    renderer.warmUp().then(
      () => log(`Browser and plotly.js ready in ${formatSeconds(Date.now() - launched)}.`),
      () => undefined,
    );
  }
  const onAbort = () => void renderer?.close();
  signal?.addEventListener("abort", onAbort);

  const results: ExportedFigure[] = [];
  const base = { outDir, renderer, scale: options.pngScale ?? 2, pdfSize: options.pdfSize, fromJson: options.fromJson, signal };
  const tasks = exportTasks(selected);
  const workers = options.fromJson ? 1 : Math.min(options.workers ?? 1, tasks.length);
  try {
    if (workers > 1) await exportOnWorkers(selected, tasks, workers, options.jobsModule ?? DEFAULT_JOBS_MODULE, base, results, log, status);
    else await exportInThread(selected, base, results, log, status);
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await renderer?.close();
    // The index reflects what is on disk, also after a partial or aborted run.
    writeFileAtomic(path.join(outDir, "index.md"), indexMarkdown(options.jobs, outDir));
  }
  const order = new Map(selected.map((job, i) => [job.name, i]));
  results.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
  return summarizeExport(results, options, renderer ? undefined : search.reason, log);
}

type RunBase = Omit<JobRun, "shared" | "status">;

/** The jobs one after the other in this thread, in registry order (`--jobs 1`). */
async function exportInThread(selected: FigureJob[], base: RunBase, results: ExportedFigure[], log: (line: string) => void, status: (line: string) => void): Promise<void> {
  const shared = sharedMemo();
  for (const [i, job] of selected.entries()) {
    if (base.signal?.aborted) throw new ExportAbortedError();
    const prefix = `[${i + 1}/${selected.length}] ${job.name} …`;
    const started = Date.now();
    status(prefix);
    const result = await drawAndRecord(job, { ...base, shared, status: (text) => status(`${prefix} ${text}`) }, undefined);
    result.seconds = (Date.now() - started) / 1000;
    results.push(result);
    log(finishedLine(result, i + 1, selected.length));
  }
}

/** Draws (and, without `computed`, first computes) one figure and writes its files; never throws but on abort. */
async function drawAndRecord(job: FigureJob, run: JobRun, computed: ComputedFigure | undefined): Promise<ExportedFigure> {
  const result: ExportedFigure = { name: job.name, title: job.title, files: [], seconds: 0 };
  try {
    const { files, pdfSeconds } = await exportJob(job, run, computed);
    result.files = files;
    if (pdfSeconds !== undefined) result.pdfSeconds = pdfSeconds;
  } catch (error) {
    if (run.signal?.aborted) throw new ExportAbortedError();
    result.error = (error as Error).message;
    result.files = (error as { files?: string[] }).files ?? [];
  }
  return result;
}

function finishedLine(result: ExportedFigure, k: number, n: number): string {
  const took = `${result.seconds.toFixed(1)} s`;
  return result.error ? `[${k}/${n}] ${result.name} FAILED after ${took}: ${result.error}` : `[${k}/${n}] ${result.name} … ${took}`;
}

/** The compiled registry, which export workers load their jobs from. */
export const DEFAULT_JOBS_MODULE = path.join(__dirname, "..", "src", "figures", "registry.js");

/**
 * The jobs without parts grouped for the workers: the jobs of one `group` (one shared run) together, in
 * registry order, groups heaviest first by their summed `estimatedSeconds` (longest
 * processing time first: no long job starts last and runs alone), ties in registry order.
 */
export function groupJobs(jobs: readonly FigureJob[]): FigureJob[][] {
  const groups = new Map<string, FigureJob[]>();
  for (const job of jobs) {
    if (job.parts) continue;
    const key = job.group ?? `job:${job.name}`;
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  return heaviestFirst([...groups.values()].map((g) => ({ item: g, seconds: groupSeconds(g) })));
}

const groupSeconds = (g: readonly FigureJob[]) => g.reduce((sum, j) => sum + (j.estimatedSeconds ?? 1), 0);

/** The items by estimated seconds, largest first (longest processing time first), ties in the given order. */
function heaviestFirst<T>(items: { item: T; seconds: number }[]): T[] {
  return items
    .map((x, i) => ({ ...x, i }))
    .sort((a, b) => b.seconds - a.seconds || a.i - b.i)
    .map((x) => x.item);
}

/**
 * What the workers compute: the groups of ./groupJobs and every part of the jobs that have
 * parts, heaviest first (ties in registry order). A job with parts is put together on
 * this thread once its parts are back.
 */
export function exportTasks(jobs: readonly FigureJob[]): FigureGroupTask[] {
  const tasks: { item: FigureGroupTask; seconds: number }[] = groupJobs(jobs).map((g) => ({ item: { names: g.map((j) => j.name) }, seconds: groupSeconds(g) }));
  for (const job of jobs) {
    (job.parts ?? []).forEach((part, index) => tasks.push({ item: { names: [], part: { job: job.name, index } }, seconds: part.estimatedSeconds }));
  }
  return heaviestFirst(tasks);
}

/**
 * The jobs computed on `workers` worker threads (./figure-worker.ts), each group on one
 * worker; figures are drawn here, one at a time as they come back, while the workers go on.
 * The files are those of the in-thread export byte for byte: workers return the JSON text
 * the in-thread export would write, and drawing is the same code on the same browser.
 */
async function exportOnWorkers(selected: FigureJob[], tasks: FigureGroupTask[], workers: number, jobsModule: string, base: RunBase, results: ExportedFigure[], log: (line: string) => void, status: (line: string) => void): Promise<void> {
  const byName = new Map(selected.map((j) => [j.name, j]));
  const running = new Map<number, string>();
  const n = selected.length;
  let drawing: string | undefined;
  const showStatus = () => {
    const parts = [...running.values(), ...(drawing ? [`drawing ${drawing}`] : [])];
    status(`[${results.length}/${n} done] ${parts.join(" | ")}`);
  };
  const groups = tasks.filter((t) => !t.part).length;
  const partCount = tasks.length - groups;
  log(`Computing ${n} figure${n === 1 ? "" : "s"} on ${workers} worker threads (${groups} groups${partCount ? `, ${partCount} parts` : ""}, heaviest first); drawing here as they finish.`);
  const started = Date.now();
  const run: JobRun = { ...base, shared: sharedMemo(), status: () => undefined };
  let drawn = Promise.resolve();
  const draw = (job: FigureJob, computeSeconds: number, produce: () => Promise<ComputedFigure | string>) => {
    drawn = drawn.then(async () => {
      const drawStarted = Date.now();
      drawing = job.name;
      showStatus();
      let outcome: ComputedFigure | string;
      try {
        outcome = await produce();
      } catch (error) {
        if (base.signal?.aborted) throw new ExportAbortedError();
        outcome = (error as Error).message;
      }
      const result = typeof outcome === "string" ? { name: job.name, title: job.title, files: [], seconds: 0, error: outcome } : await drawAndRecord(job, run, outcome);
      drawing = undefined;
      result.seconds = computeSeconds + (Date.now() - drawStarted) / 1000;
      results.push(result);
      log(finishedLine(result, results.length, n));
      showStatus();
    });
  };
  // Parts come back one by one; a job is put together (cheaply, here) when its last part is in.
  const partsDone = new Map<string, { values: Map<string, unknown>; seconds: number; left: number; error?: string }>();
  const onPart = (outcome: FigureWorkerResult, index: number) => {
    const job = byName.get(outcome.name)!;
    const parts = job.parts!;
    const entry = partsDone.get(job.name) ?? { values: new Map<string, unknown>(), seconds: 0, left: parts.length };
    partsDone.set(job.name, entry);
    entry.seconds += outcome.seconds;
    entry.left--;
    if (outcome.error !== undefined) entry.error ??= `part ${parts[index].key}: ${outcome.error}`;
    else entry.values.set(parts[index].key, outcome.value);
    if (entry.left > 0) return;
    draw(job, entry.seconds, async () => {
      if (entry.error !== undefined) return entry.error;
      return computeFigure(job, { figuresDir: base.outDir, shared: sharedMemo(entry.values), signal: base.signal, status: () => undefined }, Date.now());
    });
  };
  const data: FigureWorkerData = { jobsModule, figuresDir: base.outDir };
  try {
    await runOnWorkerPool<FigureGroupTask, FigureWorkerResult[]>({
      script: path.join(__dirname, "figure-worker.js"),
      workerData: data,
      tasks,
      workers,
      signal: base.signal,
      onProgress: (id, _fraction, note) => {
        if (note) running.set(id, note);
        showStatus();
      },
      onResult: (id, outcomes) => {
        running.delete(id);
        const part = tasks[id].part;
        if (part) onPart(outcomes[0], part.index);
        else for (const o of outcomes) draw(byName.get(o.name)!, o.seconds, async () => o.figure ?? o.error ?? "no figure returned");
      },
    });
  } catch (error) {
    if (base.signal?.aborted) throw new ExportAbortedError();
    throw error;
  } finally {
    await drawn.catch(() => undefined);
  }
  await drawn;
  log(`All ${n} figures computed and drawn in ${formatSeconds(Date.now() - started)} of wall time.`);
}

/** Prints the timings and failures, records the timings, and decides the exit code. */
function summarizeExport(results: ExportedFigure[], options: ExportOptions, noBrowserReason: string | undefined, log: (line: string) => void): ExportResult {
  for (const line of timingTable(results)) log(line);
  if (options.timingsFile && results.length > 0) mergeTimings(options.timingsFile, results);
  const failed = results.filter((r) => r.error);
  if (failed.length) log(`${failed.length} of ${results.length} figures failed: ${failed.map((f) => f.name).join(", ")}`);
  const missingImages = noBrowserReason !== undefined && options.requireImages === true;
  if (missingImages) log(`Failing: images were required but no browser was found (${noBrowserReason}).`);
  return { figures: results, noBrowserReason, exitCode: failed.length || missingImages ? 1 : 0 };
}
