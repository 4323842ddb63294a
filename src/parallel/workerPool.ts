/**
 * A queue of tasks run on a pool of worker threads, each taking the next task when it is
 * done with one. The worker script speaks a four-message protocol (see `PoolMessage`):
 * it posts `ready` once set up, then receives `{type: "run", id, task}` and answers with
 * any number of `progress` messages and one `result` or `error`. Results come back in
 * task order whatever the order they finish in. An abort signal or a task error stops
 * every worker.
 */
import { Worker } from "worker_threads";
import { assertInteger } from "../validate";

/**
 * How many single-threaded workers finish `tasks` equal-length tasks soonest on `cores`
 * cores: w workers take ceil(tasks / w) rounds, each round slowed by w / cores once the
 * workers outnumber the cores, so the time is ceil(tasks / w) · max(1, w / cores). Nine runs
 * on two cores: two workers need five rounds (one core idles for the last), three workers
 * need three rounds at two-thirds speed, 10 % sooner. Ties go to fewer workers (less memory),
 * and at most `maxWorkers` (default twice the cores), since every worker holds its own data.
 */
export function balancedWorkerCount(tasks: number, cores: number, maxWorkers = 2 * cores): number {
  assertInteger(tasks, "tasks", 1);
  assertInteger(cores, "cores", 1);
  assertInteger(maxWorkers, "maxWorkers", 1);
  let best = Math.min(cores, tasks, maxWorkers);
  let bestTime = Math.ceil(tasks / best);
  for (let w = best + 1; w <= Math.min(tasks, maxWorkers); w++) {
    const time = Math.ceil(tasks / w) * (w / cores);
    if (time < bestTime - 1e-9) {
      best = w;
      bestTime = time;
    }
  }
  return best;
}

export type PoolMessage<R> =
  | { type: "ready" }
  | { type: "progress"; id: number; fraction: number; note?: string }
  | { type: "result"; id: number; result: R }
  | { type: "error"; id: number; error: string };

export interface PoolRequest<T, R = unknown> {
  /** Compiled worker script (see ./workerBuild.ts). */
  script: string;
  /** What every worker receives as `workerData` (SharedArrayBuffers are shared, not copied). */
  workerData: unknown;
  tasks: readonly T[];
  workers: number;
  onProgress?: (id: number, fraction: number, note?: string) => void;
  /** Called as each task finishes (in finishing order), before all are done. */
  onResult?: (id: number, result: R) => void;
  signal?: AbortSignal;
}

export function runOnWorkerPool<T, R>(req: PoolRequest<T, R>): Promise<R[]> {
  assertInteger(req.workers, "workers", 1);
  const { tasks } = req;
  if (tasks.length === 0) return Promise.resolve([]);
  if (req.signal?.aborted) return Promise.reject(new Error("aborted"));
  return new Promise<R[]>((resolve, reject) => {
    const results: R[] = new Array(tasks.length);
    const pool: Worker[] = [];
    let next = 0;
    let finished = 0;
    let failed = false;
    const retired = new Set<Worker>();
    const onAbort = () => stop(new Error("aborted"));
    const stop = (err: Error) => {
      if (failed) return;
      failed = true;
      req.signal?.removeEventListener("abort", onAbort);
      for (const w of pool) void w.terminate();
      reject(err);
    };
    req.signal?.addEventListener("abort", onAbort, { once: true });
    const feed = (w: Worker) => {
      if (next < tasks.length) {
        const id = next++;
        w.postMessage({ type: "run", id, task: tasks[id] });
      } else {
        retired.add(w);
        void w.terminate();
      }
    };
    const onMessage = (w: Worker, msg: PoolMessage<R>) => {
      if (failed) return;
      if (msg.type === "ready") feed(w);
      else if (msg.type === "progress") req.onProgress?.(msg.id, msg.fraction, msg.note);
      else if (msg.type === "result") {
        results[msg.id] = msg.result;
        req.onResult?.(msg.id, msg.result);
        if (++finished === tasks.length) {
          req.signal?.removeEventListener("abort", onAbort);
          resolve(results);
        }
        feed(w);
      } else stop(new Error(msg.error));
    };
    for (let i = 0; i < Math.min(req.workers, tasks.length); i++) {
      const w = new Worker(req.script, { workerData: req.workerData });
      pool.push(w);
      w.on("message", (msg: PoolMessage<R>) => onMessage(w, msg));
      w.on("error", (e) => stop(e));
      w.on("exit", (code) => {
        if (code !== 0 && !failed && !retired.has(w)) stop(new Error(`worker thread exited with code ${code}`));
      });
    }
  });
}

/**
 * The worker side: posts `ready`, then runs every task it is sent with `run` and posts its
 * result (or its error's message). `run` may be async; `progress(fraction, note?)` reports,
 * at most every 1 % of the fraction, or every 250 ms when only the note changed.
 */
export function serveWorkerPool<T, R>(port: { postMessage(msg: unknown): void; on(event: "message", f: (msg: { type: "run"; id: number; task: T }) => void): void }, run: (task: T, progress: (fraction: number, note?: string) => void) => R | Promise<R>): void {
  port.on("message", async (msg) => {
    const { id, task } = msg;
    let last = -1;
    let lastNote: string | undefined;
    let lastTime = 0;
    const progress = (fraction: number, note?: string) => {
      const now = Date.now();
      if (fraction - last >= 0.01 || fraction === 1 || (note !== lastNote && now - lastTime >= 250)) {
        last = fraction;
        lastNote = note;
        lastTime = now;
        port.postMessage(note === undefined ? { type: "progress", id, fraction } : { type: "progress", id, fraction, note });
      }
    };
    try {
      port.postMessage({ type: "result", id, result: await run(task, progress) });
    } catch (e) {
      port.postMessage({ type: "error", id, error: e instanceof Error ? e.message : String(e) });
    }
  });
  port.postMessage({ type: "ready" });
}
