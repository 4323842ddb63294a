/**
 * Loads the full run's summary that `npm run figures` wrote to figures/ch05-perplexity.json
 * (the exporter stores the FigureOutput's `data` there), so the notebook can show the
 * full-size results without rerunning them. A loader about files, hence the file I/O.
 */
import * as fs from "fs";
import * as path from "path";
import type { CollapseSummary } from "./summary";

/** The repository root: the first folder upwards from `start` holding package.json. */
export function repoRoot(start = process.cwd()): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/**
 * The summary in `<figuresDir>/<name>.json` (default ch05-perplexity; ch05-perplexity-strong
 * for the strong fine-tuning run), or undefined when not exported yet.
 */
export function loadFullRunSummary(figuresDir?: string, name = "ch05-perplexity"): CollapseSummary | undefined {
  const dir = figuresDir ?? path.join(repoRoot() ?? ".", "figures");
  const file = path.join(dir, `${name}.json`);
  if (!fs.existsSync(file)) return undefined;
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { data?: CollapseSummary };
  return json.data;
}
