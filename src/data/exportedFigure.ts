/**
 * Loader for what `npm run figures` wrote to figures/<name>.json (the figure's `data` and
 * `params`), so a notebook can show a paper-sized run (the GMM at N = 200 000, the language
 * model's full run) without recomputing it, and fall back to a live run when it is absent.
 */
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "./repoRoot";

/** The project's figures/ folder, found from the working directory (a notebook's is notebooks/). */
export function figuresDir(start = process.cwd()): string {
  return path.join(repoRoot(start) ?? path.resolve(start), "figures");
}

export interface ExportedFigure<T> {
  data: T;
  params: Record<string, unknown>;
  file: string;
  /** The plotly figure as exported, and its image size, when the file holds them. */
  figure?: { data: Record<string, unknown>[]; layout: Record<string, unknown> };
  width?: number;
  height?: number;
}

/**
 * The exported `data` and `params` of figure `name`, or undefined when it has not been
 * exported. `dir` defaults to the project's figures/ folder.
 */
export function loadExportedFigure<T>(name: string, dir = figuresDir()): ExportedFigure<T> | undefined {
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) return undefined;
  let json: { data?: T; params?: Record<string, unknown>; figure?: ExportedFigure<T>["figure"]; width?: number; height?: number };
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not valid JSON (${(e as Error).message}): rerun npm run figures -- --only ${name}`);
  }
  if (json === null || typeof json !== "object" || json.data === undefined) throw new Error(`${file} holds no "data": rerun npm run figures -- --only ${name}`);
  const out: ExportedFigure<T> = { data: json.data as T, params: json.params ?? {}, file };
  if (json.figure !== undefined) Object.assign(out, { figure: json.figure, width: json.width, height: json.height });
  return out;
}
