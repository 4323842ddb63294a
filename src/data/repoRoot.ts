/**
 * The project's root folder, found from a working directory or a module's folder: what the
 * notebooks (whose working directory is notebooks/) and the LM worker lookup start from.
 */
import * as fs from "fs";
import * as path from "path";

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
