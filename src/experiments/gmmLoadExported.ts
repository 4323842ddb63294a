/**
 * Loader for the full runs `npm run figures` writes to figures/<name>.json, so a notebook can
 * show the paper-sized run (N up to 200 000, minutes of computing) and fall back to a live,
 * smaller run when the file is absent. The only file I/O of the GMM chapters.
 */
import { existsSync, readFileSync } from "fs";
import { join } from "path";

/** The `data` and `params` of an exported figure, or undefined when it has not been exported. */
export function loadExportedFigureData<T>(figuresDir: string, name: string): { data: T; params: Record<string, unknown> } | undefined {
  const file = join(figuresDir, `${name}.json`);
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, "utf8")) as { data: T; params: Record<string, unknown> };
  return { data: json.data, params: json.params };
}
