#!/usr/bin/env node
/**
 * `npm run lab [-- JUPYTER ARGS…]`: JupyterLab on notebooks/ with the
 * project's own tslab kernel ("TypeScript (collapse-lab)"), found through
 * JUPYTER_PATH=.jupyter-local — no global kernelspec, no `tslab install`.
 *
 * Looks for Jupyter in the project's .venv first, then on PATH. Falls back to
 * the classic Notebook (what Debian 12 packages: it has no JupyterLab) and,
 * when neither is there, says exactly what to install, and how VS Code or the
 * Python-free runner (`npm run notebooks`) can be used instead.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { projectRoot, kernelDir, writeKernelSpec, linkNotebookSources } = require("./postinstall");

const notebookDir = path.join(projectRoot, "notebooks");
const jupyterPath = path.join(projectRoot, ".jupyter-local");

function jupyterCandidates() {
  const venvJupyter =
    process.platform === "win32"
      ? path.join(projectRoot, ".venv", "Scripts", "jupyter.exe")
      : path.join(projectRoot, ".venv", "bin", "jupyter");
  return fs.existsSync(venvJupyter) ? [venvJupyter, "jupyter"] : ["jupyter"];
}

/** The first jupyter command whose `SUBCOMMAND --version` succeeds, with that version. */
function findJupyter(subcommand, env) {
  for (const command of jupyterCandidates()) {
    const probe = spawnSync(command, [subcommand, "--version"], { env, encoding: "utf8" });
    if (probe.status === 0) return { command, version: probe.stdout.trim().split("\n").pop() };
  }
  return null;
}

function installHelp() {
  const venvJupyter = process.platform === "win32" ? ".venv\\Scripts\\pip" : ".venv/bin/pip";
  return [
    "JupyterLab was not found (`jupyter lab --version` failed, in .venv/ and on PATH).",
    "",
    "Install it together with plotly (its wheel ships the jupyterlab-plotly renderer the figures use):",
    `  python3 -m venv .venv && ${venvJupyter} install jupyterlab plotly`,
    "      (in the project folder: `npm run lab` then finds .venv by itself)",
    "  or: pip install --user jupyterlab plotly",
    "Debian 12 / Ubuntu without pip: sudo apt-get install jupyter-notebook",
    "      (Debian packages the classic Notebook 6.4, not JupyterLab; `npm run lab` opens it,",
    "      figures then show as their PNG)",
    "",
    "No Python at all:",
    "  VS Code: install the Jupyter extension, open a notebook in notebooks/, click",
    '  "Select Kernel" > "Jupyter Kernel..." > "TypeScript (collapse-lab)". VS Code sees the',
    `  kernel when started as \`JUPYTER_PATH=${jupyterPath} code ${projectRoot}\`, or after copying`,
    `  ${kernelDir}`,
    "  to ~/.local/share/jupyter/kernels/collapse-lab (Linux; macOS: ~/Library/Jupyter/kernels,",
    "  Windows: %APPDATA%\\jupyter\\kernels).",
    "  Headless: `npm run notebooks` executes every notebook through the kernel and saves the outputs.",
  ].join("\n");
}

function main() {
  // Cheap, and repairs a clone where npm install ran before the link or spec existed.
  writeKernelSpec();
  linkNotebookSources();
  const env = { ...process.env };
  env.JUPYTER_PATH = [jupyterPath, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);

  let app = "lab";
  let jupyter = findJupyter("lab", env);
  if (!jupyter) {
    jupyter = findJupyter("notebook", env);
    app = "notebook";
    if (!jupyter) {
      console.error(installHelp());
      process.exit(1);
    }
    console.log("JupyterLab is not installed; opening the classic Notebook instead.");
  }
  console.log(`jupyter ${app} ${jupyter.version}, kernel "TypeScript (collapse-lab)" from ${kernelDir}`);
  const child = spawn(jupyter.command, [app, `--notebook-dir=${notebookDir}`, ...process.argv.slice(2)], {
    env,
    stdio: "inherit",
  });
  // Ctrl-C reaches Jupyter directly (same terminal): it asks whether to shut down.
  process.on("SIGINT", () => undefined);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
