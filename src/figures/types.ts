/**
 * The contract between chapters and the figure exporter (`npm run figures`) and the
 * notebook display helper (`show`). A figure is a plain plotly `{data, layout}` object;
 * a FigureJob runs its experiment with the paper's defaults and returns the figure plus
 * the data and the parameters (seed included) behind it, which the exporter writes next
 * to the SVG and PNG as `<name>.json`.
 */

/** A plotly figure: traces and layout, plain JSON (plotly.js 3.x/4.x common subset). */
export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

export interface FigureOutput {
  figure: PlotlyFigure;
  /** Parameters of the run, seed included: enough to regenerate it. */
  params: Record<string, unknown>;
  /** The numbers plotted (series, summaries), JSON-serialisable. */
  data: unknown;
  /** Image size for export; defaults 900 × 500. */
  width?: number;
  height?: number;
}

export interface FigureJobContext {
  /** Report progress within this figure, fraction in [0, 1], with an optional note. */
  progress(fraction: number, note?: string): void;
  signal?: AbortSignal;
  /** Folder of previously exported figures (to reuse a long run's JSON), absolute path. */
  figuresDir: string;
  /**
   * Runs `compute` once per export for `key` and hands every job that asks the same result,
   * so figures drawn from one long run (chapter 1's variance bands, chapter 5's full run)
   * compute it once. The exporter owns the memo; absent, `compute` simply runs.
   */
  shared?<T>(key: string, compute: () => T | Promise<T>): Promise<T>;
}

/** `ctx.shared(key, compute)` when the exporter offers it, else `compute()`. */
export function sharedRun<T>(ctx: FigureJobContext, key: string, compute: () => T | Promise<T>): Promise<T> {
  return ctx.shared ? ctx.shared(key, compute) : Promise.resolve(compute());
}

export interface FigureJob {
  /** File stem, e.g. "ch01-gaussian-1d"; unique, kebab-case, prefixed by the chapter. */
  name: string;
  /** Chapter notebook it belongs to, e.g. "01". */
  chapter: string;
  /** One line saying what the figure shows (and which paper figure it reproduces). */
  title: string;
  run(ctx: FigureJobContext): FigureOutput | Promise<FigureOutput>;
  /**
   * The `sharedRun` key of the long run this job draws from, if any: the parallel export
   * (`npm run figures -- --jobs N`) runs the jobs of one group on one worker, one after the
   * other, so the run is computed once. Without it, a shared run would be computed again
   * on each worker that needs it (same numbers, wasted time).
   */
  group?: string;
  /**
   * Rough wall time of the job (its group's shared run included, for the first job of a
   * group) on one core of a small machine, in seconds; default 1. The parallel export starts
   * the heaviest groups first, so that no long job starts last and runs alone.
   */
  estimatedSeconds?: number;
  /**
   * Independent pieces of the computation (one sample size of a sweep, one regime), which the
   * parallel export runs on any free worker; `run` then only assembles their results, which
   * it asks for with `partResults` (computing them itself when nobody has). A job with parts
   * belongs to no group.
   */
  parts?: FigurePart[];
}

/** One independent piece of a figure job's computation (FigureJob.parts). */
export interface FigurePart {
  /** The `sharedRun` key its result is known by; unique within the export. */
  key: string;
  /** Rough wall time on one core, in seconds, as FigureJob.estimatedSeconds. */
  estimatedSeconds: number;
  compute(ctx: FigureJobContext): unknown;
}

/**
 * The results of `parts`, in order, each computed once per export: on the workers of the
 * parallel export, or here, one after the other, with the progress of each part scaled
 * into the job's.
 */
export async function partResults<T>(ctx: FigureJobContext, parts: readonly FigurePart[]): Promise<T[]> {
  const results: T[] = [];
  for (const [i, part] of parts.entries()) {
    const partCtx: FigureJobContext = { ...ctx, progress: (fraction, note) => ctx.progress((i + fraction) / parts.length, note) };
    results.push((await sharedRun(ctx, part.key, () => part.compute(partCtx))) as T);
  }
  return results;
}
