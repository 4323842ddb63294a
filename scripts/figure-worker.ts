/**
 * A worker thread of the parallel figure export (./export-figures.ts, `--jobs N`): it loads
 * the figure jobs from `workerData.jobsModule` (a compiled module exporting `allFigures`,
 * by default the registry) and, for each task — one part of a job, whose result it returns,
 * or a group of job names — runs those jobs one
 * after the other with one shared-run memo, so figures drawn from one long run compute it
 * once. It returns each figure's JSON text, exactly what the in-process export would write,
 * and leaves drawing to the main thread, which owns the browser.
 */
import { parentPort, workerData } from "worker_threads";
import { serveWorkerPool } from "../src/parallel/workerPool";
import type { FigureJob } from "../src/figures/types";
import { computeFigure, progressText, sharedMemo, type ComputedFigure } from "./export-figures";

export interface FigureWorkerData {
  jobsModule: string;
  figuresDir: string;
}

/** The jobs of one group, one after the other; or, with `part`, one part of a job (FigureJob.parts). */
export interface FigureGroupTask {
  names: string[];
  part?: { job: string; index: number };
}

/** One job's outcome: its figure (or a part's result), or the error that stopped it, and its compute time. */
export interface FigureWorkerResult {
  name: string;
  figure?: ComputedFigure;
  /** The part's result, structured-cloned to the main thread (typed arrays keep every bit). */
  value?: unknown;
  error?: string;
  seconds: number;
}

if (parentPort) {
  const data = workerData as FigureWorkerData;
  const jobs = (require(data.jobsModule) as { allFigures: FigureJob[] }).allFigures;
  const byName = new Map(jobs.map((j) => [j.name, j]));
  const shared = sharedMemo();
  serveWorkerPool<FigureGroupTask, FigureWorkerResult[]>(parentPort, async (task, progress) => {
    if (task.part) {
      const { job: name, index } = task.part;
      const started = Date.now();
      try {
        const part = byName.get(name)?.parts?.[index];
        if (!part) throw new Error(`${data.jobsModule} has no part ${index} of a figure job named ${name}`);
        const value = await part.compute({
          figuresDir: data.figuresDir,
          shared,
          progress: (fraction, note) => progress(fraction, `${part.key} ${progressText(fraction, note, started)}`),
        });
        return [{ name, value, seconds: (Date.now() - started) / 1000 }];
      } catch (error) {
        return [{ name, error: (error as Error).message, seconds: (Date.now() - started) / 1000 }];
      }
    }
    const results: FigureWorkerResult[] = [];
    for (const [i, name] of task.names.entries()) {
      const started = Date.now();
      const job = byName.get(name);
      try {
        if (!job) throw new Error(`${data.jobsModule} has no figure job named ${name}`);
        const figure = await computeFigure(job, {
          figuresDir: data.figuresDir,
          shared,
          status: (text) => progress((i + 0.5) / task.names.length, `${name} ${text}`),
        }, started);
        results.push({ name, figure, seconds: (Date.now() - started) / 1000 });
      } catch (error) {
        results.push({ name, error: (error as Error).message, seconds: (Date.now() - started) / 1000 });
      }
    }
    return results;
  });
}
