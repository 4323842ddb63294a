#!/usr/bin/env node
/**
 * `npm install` / `npm ci` runs this after dependencies are in place, before
 * anything is compiled — so it is plain CommonJS JavaScript. Three steps, one
 * line each:
 *
 * 1. A project-local Jupyter kernelspec, .jupyter-local/kernels/tslab/kernel.json,
 *    that starts the project's own tslab. Nothing is installed globally and no
 *    Python is needed (`tslab install` would need IPython); `npm run lab` puts
 *    .jupyter-local on JUPYTER_PATH.
 * 2. The notebooks/src -> ../src link (and workshop/student/src -> ../../src for the
 *    student notebooks, `npm run student`). tslab compiles imports relative to the
 *    notebook's folder and refuses files outside it, so notebooks reach src/
 *    through this committed symlink. Git checks a symlink out as a small plain
 *    file holding "../src" when symlinks are off (Windows with
 *    core.symlinks=false, some zip downloads); then, or when it is missing,
 *    the link is made again here: a symlink on POSIX, a directory junction on
 *    Windows (junctions need no administrator rights). On Windows git may then
 *    show notebooks/src as modified; `git update-index --assume-unchanged
 *    notebooks/src` hides that.
 * 3. `npm run build`, with the project's TypeScript (never a global tsc, nor
 *    node_modules/.bin/tsc, which is tslab's older one).
 *
 * The first two steps are exported for scripts/lab.js.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const projectRoot = path.resolve(__dirname, "..");
const kernelDir = path.join(projectRoot, ".jupyter-local", "kernels", "tslab");

function writeKernelSpec() {
  const tslabBin = path.join(projectRoot, "node_modules", "tslab", "bin", "tslab");
  if (!fs.existsSync(tslabBin)) {
    throw new Error(`tslab is not installed (${tslabBin} is missing): run npm install`);
  }
  // The node that runs npm install, by absolute path, starts the kernel: a
  // Jupyter launched from a desktop menu may not have node on its PATH, and
  // node + the bin script works the same on Windows (no .cmd shim needed).
  const spec = {
    argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (collapse-lab)",
    language: "typescript",
    metadata: { debugger: false },
  };
  fs.mkdirSync(kernelDir, { recursive: true });
  const file = path.join(kernelDir, "kernel.json");
  fs.writeFileSync(file, JSON.stringify(spec, null, 2) + "\n");
  return file;
}

/**
 * Makes FOLDER/src a link to the project's src/ unless it already is one (FOLDER: notebooks,
 * or workshop/student for the student notebooks). Returns what it did.
 */
function linkNotebookSources(folder = "notebooks") {
  const link = path.join(projectRoot, folder, "src");
  const target = path.join(projectRoot, "src");
  const relativeTarget = path.relative(path.join(projectRoot, folder), target);
  const shown = `${folder}/src -> ${relativeTarget.split(path.sep).join("/")}`;
  let stat = null;
  try {
    stat = fs.lstatSync(link);
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  if (stat && (stat.isSymbolicLink() || stat.isDirectory())) {
    let resolved = null;
    try {
      resolved = fs.realpathSync(link);
    } catch {
      // A dangling link: replaced below.
    }
    if (resolved === fs.realpathSync(target)) return `${shown} already in place`;
    if (!stat.isSymbolicLink()) {
      // A real folder of files someone put there: never delete it.
      throw new Error(`${folder}/src is a real folder, not a link to the project's src/: move it away and re-run npm install`);
    }
  }
  if (stat) fs.rmSync(link, { force: true }); // the plain-file checkout, or a link pointing elsewhere
  fs.mkdirSync(path.dirname(link), { recursive: true });
  if (process.platform === "win32") fs.symlinkSync(target, link, "junction");
  else fs.symlinkSync(relativeTarget, link, "dir");
  return stat ? `${shown} re-created` : `${shown} created`;
}

function build() {
  const tsc = path.join(projectRoot, "node_modules", "typescript", "bin", "tsc");
  return spawnSync(process.execPath, [tsc, "-p", "."], { cwd: projectRoot, stdio: "inherit" }).status;
}

function main() {
  console.log(`collapse-lab: kernelspec written to ${path.relative(projectRoot, writeKernelSpec())}`);
  console.log(`collapse-lab: ${linkNotebookSources()}`);
  console.log(`collapse-lab: ${linkNotebookSources(path.join("workshop", "student"))}`);
  const status = build();
  if (status !== 0) {
    console.error("collapse-lab: build failed (npm run build shows the errors above)");
    process.exit(status === null ? 1 : status);
  }
  console.log("collapse-lab: build done (build/)");
}

module.exports = { projectRoot, kernelDir, writeKernelSpec, linkNotebookSources };

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(`collapse-lab: ${error.message}`);
    process.exit(1);
  }
}
