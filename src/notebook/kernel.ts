/**
 * The bridge to a running tslab kernel, loaded only when there is one: in plain Node
 * (tests, scripts) nothing from tslab is required, so these modules import cheaply and
 * `show`/`progress` fall back to the terminal.
 *
 * tslab's public display API sends one mime type per output; to send one output with
 * several (plotly JSON + PNG + text) we call the kernel's own `dist/jupyter.js`
 * `lastWriteDisplayData` (tslab 1.0.22's dist/jupyter.js), found next to the kernel's entry script
 * `require.main.filename` (`<tslab>/bin/tslab` → `<tslab>/dist/jupyter.js`).
 */
import * as fs from "fs";
import * as path from "path";

/** The content of a Jupyter `display_data` message. */
export interface DisplayContent {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  transient?: { display_id?: string };
}

/** What tslab's `newDisplay()` returns (the subset we use). */
export interface TslabDisplay {
  text(s: string): void;
  html(s: string): void;
}

interface JupyterModule {
  lastWriteDisplayData: ((content: DisplayContent, isUpdate: boolean) => void) | null;
}

/** Path of the kernel's `dist/jupyter.js` if this process is a tslab kernel, else undefined. */
export function kernelJupyterModulePath(mainFilename: string | undefined = require.main?.filename): string | undefined {
  if (!mainFilename) return undefined;
  const packageDir = path.resolve(path.dirname(mainFilename), "..");
  const candidate = path.join(packageDir, "dist", "jupyter.js");
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { name?: string };
    if (pkg.name !== "tslab" || !fs.existsSync(candidate)) return undefined;
  } catch {
    return undefined;
  }
  return candidate;
}

function jupyterModule(): JupyterModule | undefined {
  const file = kernelJupyterModulePath();
  return file ? (require(file) as JupyterModule) : undefined;
}

/**
 * The kernel's display writer while a cell runs, else undefined (not a kernel, or the
 * kernel has not executed a cell yet).
 */
export function kernelDisplayWriter(): ((content: DisplayContent, isUpdate: boolean) => void) | undefined {
  const jupyter = jupyterModule();
  const write = jupyter?.lastWriteDisplayData;
  return typeof write === "function" ? write : undefined;
}

/** True inside a tslab kernel that can display outputs. */
export function inKernel(): boolean {
  return kernelDisplayWriter() !== undefined;
}

/**
 * tslab's `newDisplay()` (an output that later calls update in place), or undefined
 * outside a kernel. In the kernel, `require("tslab")` is hooked to the kernel's own copy.
 */
export function newKernelDisplay(): TslabDisplay | undefined {
  if (!inKernel()) return undefined;
  const tslab = require("tslab") as { newDisplay(): TslabDisplay };
  return tslab.newDisplay();
}
