/**
 * Compiled worker-thread scripts and whether they still match the sources. Worker threads
 * run compiled JavaScript, e.g. build/src/lm/worker.js (made by `npm run build`), while a
 * notebook's tslab kernel compiles the TypeScript in src/ as it is now: after an edit to
 * src/ without a rebuild, the workers would silently run the old code. So the sources of
 * every module the worker loads are compared with their compiled files by modification
 * time (tsc rewrites every output on each build, so a source newer than its .js was
 * edited after the last build).
 */
import * as fs from "fs";
import * as path from "path";
import { repoRoot } from "../data/repoRoot";

/**
 * build/src/<entry> (default the language model's lm/worker.js) of the repository holding
 * this module or the working directory, or undefined.
 */
export function findWorkerScript(entry = "lm/worker.js"): string | undefined {
  for (const start of [__dirname, process.cwd()]) {
    const root = repoRoot(start);
    const file = root && path.join(root, "build", "src", ...entry.split("/"));
    if (file && fs.existsSync(file)) return file;
  }
  return undefined;
}

/** Whether `file` lies inside folder `dir` (symbolic links resolved). */
function isInside(file: string, dir: string): boolean {
  const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : path.resolve(p));
  const rel = path.relative(real(dir), real(file));
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** Relative module paths a compiled CommonJS file loads: `require("./x")`, `require("../y/z")`. */
function relativeRequires(js: string): string[] {
  return [...js.matchAll(/\brequire\("(\.{1,2}\/[^"]+)"\)/g)].map((m) => m[1]);
}

/**
 * Sources under `srcDir` that are newer than their compiled .js under `buildDir`, or that
 * no longer exist, for `entry` (a path relative to `buildDir`) and every module it loads
 * through relative requires, transitively. The module graph is read from the compiled
 * files, so type-only imports (erased by tsc) do not count; a new import added in a
 * source makes that source newer than its .js, so it is caught too. Absolute paths.
 */
export function staleSources(srcDir: string, buildDir: string, entry = path.join("lm", "worker.js")): string[] {
  const stale: string[] = [];
  const seen = new Set<string>();
  const queue = [path.normalize(entry)];
  while (queue.length > 0) {
    const rel = queue.pop()!;
    if (seen.has(rel)) continue;
    seen.add(rel);
    const jsFile = path.join(buildDir, rel);
    const tsFile = path.join(srcDir, rel.replace(/\.js$/, ".ts"));
    if (!fs.existsSync(jsFile)) continue; // a package outside the build, or a JSON file
    if (!fs.existsSync(tsFile) || fs.statSync(tsFile).mtimeMs > fs.statSync(jsFile).mtimeMs) stale.push(tsFile);
    for (const req of relativeRequires(fs.readFileSync(jsFile, "utf8"))) {
      const target = path.join(path.dirname(rel), req);
      queue.push(path.extname(target) === "" ? `${target}.js` : target);
    }
  }
  return stale.sort();
}

/**
 * Why the compiled worker `script` (…/build/src/<folder>/<name>.js) must not be used by code
 * running from the TypeScript sources, or undefined when it may. Code that itself runs
 * from that build (scripts, tests) runs the same files as the workers: nothing to check.
 */
export function staleBuildReason(script: string): string | undefined {
  const buildSrc = path.dirname(path.dirname(script));
  const root = path.dirname(path.dirname(buildSrc));
  if (isInside(__filename, buildSrc)) return undefined;
  const stale = staleSources(path.join(root, "src"), buildSrc, path.relative(buildSrc, script));
  if (stale.length === 0) return undefined;
  const names = stale.map((f) => path.relative(root, f).split(path.sep).join("/"));
  const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  return `${shown} changed since the last build`;
}

/**
 * The compiled worker `entry` (under build/src/, or `script` when given) when it exists and
 * matches the sources; otherwise the reason the runs stay in this thread, already printed
 * as a warning, and the run's mode line saying so.
 */
export function usableWorkerScript(entry: string, script = findWorkerScript(entry)): { script?: string; inThreadMode?: string } {
  const whyNot = script === undefined ? `build/src/${entry} not found` : staleBuildReason(script);
  if (script !== undefined && whyNot === undefined) return { script };
  console.warn(`${whyNot}: running in this thread; run \`npm run build\` to use worker threads`);
  return { inThreadMode: `in-thread (${whyNot}: run \`npm run build\` for worker threads)` };
}
