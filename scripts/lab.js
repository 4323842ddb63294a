#!/usr/bin/env node
/**
 * `npm run lab [-- --workshop] [-- JUPYTER ARGS…]`: JupyterLab on notebooks/ (with
 * --workshop: on workshop/student/, the student notebooks of `npm run student`) with the
 * project's own tslab kernel ("TypeScript (collapse-lab)"), found through
 * JUPYTER_PATH=.jupyter-local — no global kernelspec, no `tslab install`.
 *
 * Looks for Jupyter in the project's .venv first, then on PATH. Falls back to
 * the classic Notebook (what Debian 12 packages: it has no JupyterLab) and,
 * when neither is there, says exactly what to install, and how VS Code or the
 * Python-free runner (`npm run notebooks`) can be used instead.
 *
 * The classic Notebook has no renderer for plotly's mime type, so this script
 * also writes a small project-local nbextension (scripts/nbextension/main.js
 * plus the project's plotly.js) into .jupyter-local/nbextensions/ and enables
 * it in .jupyter-local/config/nbconfig/notebook.json, found through
 * JUPYTER_CONFIG_PATH. JupyterLab ignores both; it gets its renderer from the
 * Python plotly package.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");
const { projectRoot, kernelDir, writeKernelSpec, linkNotebookSources } = require("./postinstall");

const notebookDir = path.join(projectRoot, "notebooks");
const studentDir = path.join(projectRoot, "workshop", "student");
const jupyterPath = path.join(projectRoot, ".jupyter-local");
const jupyterConfigPath = path.join(jupyterPath, "config");
const extensionName = "collapse-lab-plotly";
const extensionDir = path.join(jupyterPath, "nbextensions", extensionName);

/** Copies `from` to `to` unless `to` already has the same size and modification time. */
function copyIfChanged(from, to) {
  const source = fs.statSync(from);
  try {
    const target = fs.statSync(to);
    if (target.size === source.size && target.mtimeMs === source.mtimeMs) return;
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
  fs.copyFileSync(from, to);
  fs.utimesSync(to, source.atime, source.mtime);
}

/**
 * Writes the classic Notebook's plotly renderer (scripts/nbextension/main.js and
 * node_modules/plotly.js-dist/plotly.js) into .jupyter-local/nbextensions/collapse-lab-plotly/
 * and enables it in .jupyter-local/config/nbconfig/notebook.json. Returns the config file.
 */
function writeNotebookExtension() {
  const plotlyJs = path.join(projectRoot, "node_modules", "plotly.js-dist", "plotly.js");
  if (!fs.existsSync(plotlyJs)) {
    throw new Error(`plotly.js-dist is not installed (${plotlyJs} is missing): run npm install`);
  }
  fs.mkdirSync(extensionDir, { recursive: true });
  copyIfChanged(path.join(__dirname, "nbextension", "main.js"), path.join(extensionDir, "main.js"));
  copyIfChanged(plotlyJs, path.join(extensionDir, "plotly.js"));
  const nbconfigDir = path.join(jupyterConfigPath, "nbconfig");
  fs.mkdirSync(nbconfigDir, { recursive: true });
  const configFile = path.join(nbconfigDir, "notebook.json");
  const config = { load_extensions: { [`${extensionName}/main`]: true } };
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2) + "\n");
  return configFile;
}

/**
 * The environment `npm run lab` starts Jupyter with: `base` plus the project's
 * .jupyter-local in front of JUPYTER_PATH (kernelspec, nbextensions) and
 * .jupyter-local/config in front of JUPYTER_CONFIG_PATH (the extension's nbconfig).
 * Writes the kernelspec, the notebooks/src link and the nbextension first.
 */
function labEnvironment(base = process.env) {
  // Cheap, and repairs a clone where npm install ran before the link or spec existed.
  writeKernelSpec();
  linkNotebookSources();
  linkNotebookSources(path.join("workshop", "student"));
  writeNotebookExtension();
  const env = { ...base };
  env.JUPYTER_PATH = [jupyterPath, base.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  env.JUPYTER_CONFIG_PATH = [jupyterConfigPath, base.JUPYTER_CONFIG_PATH].filter(Boolean).join(path.delimiter);
  return env;
}

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
    "Install it together with plotly 5.x or >= 6.1 (their wheels ship the JupyterLab renderer the",
    "figures use; 6.0 did not, and figures then show as their PNG):",
    `  python3 -m venv .venv && ${venvJupyter} install jupyterlab "plotly!=6.0.*"`,
    "      (in the project folder: `npm run lab` then finds .venv by itself)",
    '  or: pip install --user jupyterlab "plotly!=6.0.*"',
    "Debian 12 / Ubuntu without pip: sudo apt-get install jupyter-notebook",
    "      (Debian packages the classic Notebook 6.4, not JupyterLab; `npm run lab` opens it",
    `      with the project's own plotly renderer, the ${extensionName} nbextension)`,
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
  const env = labEnvironment(process.env);

  let app = "lab";
  let jupyter = findJupyter("lab", env);
  if (!jupyter) {
    jupyter = findJupyter("notebook", env);
    app = "notebook";
    if (!jupyter) {
      console.error(installHelp());
      process.exit(1);
    }
    console.log(
      "JupyterLab is not installed; opening the classic Notebook instead " +
        `(figures are drawn by the project's ${extensionName} extension in ${extensionDir}).`,
    );
  }
  console.log(`jupyter ${app} ${jupyter.version}, kernel "TypeScript (collapse-lab)" from ${kernelDir}`);
  const workshop = process.argv.includes("--workshop");
  const args = process.argv.slice(2).filter((a) => a !== "--workshop");
  const child = spawn(jupyter.command, [app, `--notebook-dir=${workshop ? studentDir : notebookDir}`, ...args], {
    env,
    stdio: "inherit",
  });
  // Ctrl-C reaches Jupyter directly (same terminal): it asks whether to shut down.
  process.on("SIGINT", () => undefined);
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (require.main === module) main();

module.exports = { labEnvironment, writeNotebookExtension, extensionName, extensionDir, jupyterConfigPath, notebookDir };
