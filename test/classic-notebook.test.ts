/**
 * The classic Notebook (Debian's `jupyter-notebook` 6.4, what `npm run lab` opens when
 * there is no JupyterLab) draws our figures live through the project's collapse-lab-plotly
 * nbextension (scripts/nbextension/main.js), in a real server and headless Chromium:
 * first a chapter's stored outputs, then a freshly executed `show()` cell. Every figure
 * output must become a `.js-plotly-plot` (plotly.js's class for a drawn plot) while the
 * notebook model keeps its PNG (src/notebook/show.ts: JSON + PNG + text in one output).
 *
 * Skipped, with the reason printed, when `jupyter notebook` or Chromium is missing.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { spawn, spawnSync, type ChildProcess } from "child_process";
import type { Browser, Page } from "playwright-core";
import { findChromium } from "../src/render/chromium";
import { CHROMIUM_ARGS } from "../src/render/renderer";
import { PLOTLY_MIME } from "../src/notebook/show";

const repo = path.resolve(__dirname, "..", "..");
const CHAPTER = "00-introduction.ipynb";
const TOKEN = "collapse-lab-classic-test";

interface LabScript {
  labEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}
// scripts/lab.js is plain CommonJS (it runs before anything is compiled).
const lab = require(path.join(repo, "scripts", "lab.js")) as LabScript;

interface NotebookOutput {
  output_type: string;
  data?: Record<string, unknown>;
}
interface NotebookJson {
  cells: { cell_type: string; outputs?: NotebookOutput[] }[];
}
/** The parts of the Notebook page the test reads (functions passed to page.evaluate run there). */
interface NotebookPage {
  Jupyter?: {
    notebook?: {
      toJSON(): NotebookJson;
      execute_all_cells(): void;
      get_cells(): { output_area?: { trusted: boolean; outputs: unknown[] } }[];
      kernel?: { is_connected(): boolean };
    };
  };
  document: { querySelectorAll(selector: string): { length: number } };
}

function figureOutputs(nb: NotebookJson): NotebookOutput[] {
  return nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data !== undefined && o.data[PLOTLY_MIME] !== undefined);
}

function whyNotRunnable(env: NodeJS.ProcessEnv): string | undefined {
  const probe = spawnSync("jupyter", ["notebook", "--version"], { env, encoding: "utf8" });
  if (probe.status !== 0) return "classic Notebook not installed (`jupyter notebook --version` failed; Debian: apt-get install jupyter-notebook)";
  const chromium = findChromium();
  if (!chromium.executablePath) return `no Chromium: ${chromium.reason}`;
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** A notebook with one cell that shows a figure, beside a `src` link like notebooks/. */
function writeShowNotebook(dir: string): string {
  const source = [
    'import { show } from "./src/notebook/show";\n',
    'import { baseLayout, figure, lineTrace, PALETTE } from "./src/figures/style";\n',
    'const fig = figure([lineTrace([0, 1, 2, 3], new Float64Array([1, 0.5, 0.3, 0.2]), "variance", PALETTE[0])], baseLayout("Fixture figure", { title: "generation" }, { title: "variance" }));\n',
    "await show(fig, { width: 400, height: 300 });",
  ];
  const nb = {
    cells: [{ cell_type: "code", id: "show", metadata: {}, source, execution_count: null, outputs: [] }],
    metadata: { kernelspec: { display_name: "TypeScript (collapse-lab)", language: "typescript", name: "tslab" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  fs.writeFileSync(path.join(dir, "show.ipynb"), JSON.stringify(nb, null, 1));
  return "show.ipynb";
}

async function waitForServer(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`jupyter notebook exited with ${server.exitCode}:\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`jupyter notebook did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
}

/** SIGTERM lets the server shut its kernels down; the process group is killed if it lingers. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const timer = setTimeout(() => {
    if (server.pid !== undefined) process.kill(-server.pid, "SIGKILL");
  }, 8000);
  await exited;
  clearTimeout(timer);
}

/**
 * Opens a notebook, collecting page errors and renderer failures reported on the console.
 * `beforeExtension`, when given, runs before the extension's main.js is served: the page
 * then draws with the Notebook's own renderers first, as when a notebook loads faster
 * than its extensions.
 */
async function openNotebook(
  browser: Browser,
  base: string,
  name: string,
  problems: string[],
  beforeExtension?: (page: Page) => Promise<void>,
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  if (beforeExtension) {
    await page.route("**/nbextensions/collapse-lab-plotly/main.js*", async (route) => {
      await beforeExtension(page);
      await route.continue();
    });
  }
  page.on("pageerror", (error) => problems.push(`${name}: page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && /collapse-lab-plotly|Failed to render mimetype/.test(message.text())) {
      problems.push(`${name}: console: ${message.text()}`);
    }
  });
  await page.goto(`${base}/notebooks/${name}?token=${TOKEN}`);
  return page;
}

/** What the page shows for figure outputs, and what its notebook model would save. */
function pageFigures(page: Page): Promise<{ live: number; pngShown: number; saved: NotebookOutput[]; trustedAreas: number }> {
  return page.evaluate((mime) => {
    const page = globalThis as unknown as NotebookPage;
    const saved = page
      .Jupyter!.notebook!.toJSON()
      .cells.flatMap((c) => c.outputs ?? [])
      .filter((o) => o.data !== undefined && o.data[mime] !== undefined);
    return {
      live: page.document.querySelectorAll(".output_area .js-plotly-plot").length,
      pngShown: page.document.querySelectorAll(".output_area .output_png img").length,
      saved,
      trustedAreas: page.Jupyter!.notebook!.get_cells().filter((c) => c.output_area?.trusted === true && c.output_area.outputs.length > 0).length,
    };
  }, PLOTLY_MIME);
}

const env = lab.labEnvironment(process.env);
const skip = whyNotRunnable(env);
if (skip) console.log(`classic-notebook.test: skipped: ${skip}`);

test("the classic Notebook draws stored and freshly shown figures live with the project's plotly", { skip, timeout: 90_000 }, async () => {
  // Inside build/, like show.test.ts: node_modules then resolve from the repo, and the
  // chapter is a copy, so nothing the browser does can change notebooks/.
  const dir = fs.mkdtempSync(path.join(repo, "build", "classic-notebook-"));
  fs.copyFileSync(path.join(repo, "notebooks", CHAPTER), path.join(dir, CHAPTER));
  fs.symlinkSync(path.join(repo, "src"), path.join(dir, "src"), "dir");
  const showNotebook = writeShowNotebook(dir);
  const storedFigures = figureOutputs(JSON.parse(fs.readFileSync(path.join(dir, CHAPTER), "utf8")) as NotebookJson).length;
  assert.ok(storedFigures >= 1, `${CHAPTER} has stored figure outputs (found ${storedFigures})`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = "";
  // The environment is npm run lab's; only the runtime files (server info, kernel
  // connection files) go to the temporary folder instead of the user's home.
  const args = ["notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${TOKEN}`, `--notebook-dir=${dir}`];
  // Containers and CI often run as root, which the Notebook refuses without this flag.
  if (process.getuid?.() === 0) args.push("--allow-root");
  const server = spawn(
    "jupyter",
    args,
    { env: { ...env, JUPYTER_RUNTIME_DIR: path.join(dir, ".runtime") }, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  server.stdout?.on("data", (chunk) => (log += String(chunk)));
  server.stderr?.on("data", (chunk) => (log += String(chunk)));
  let browser: Browser | undefined;
  try {
    await waitForServer(`${base}/api/status?token=${TOKEN}`, server, () => log, 20_000);
    const { chromium } = require("playwright-core") as typeof import("playwright-core");
    browser = await chromium.launch({ executablePath: findChromium().executablePath, args: [...CHROMIUM_ARGS] });
    const problems: string[] = [];

    // The extension is held back until the stored PNGs are on the page, so its redraw of
    // figures drawn before it loaded is exercised every time, not only when the race is lost.
    let pngsBeforeExtension = 0;
    const chapter = await openNotebook(browser, base, CHAPTER, problems, async (page) => {
      await page.waitForFunction(
        (n) => (globalThis as unknown as NotebookPage).document.querySelectorAll(".output_area .output_png img").length >= n,
        storedFigures,
        { timeout: 20_000 },
      );
      pngsBeforeExtension = (await pageFigures(page)).pngShown;
    });
    await chapter.waitForFunction(
      (n) => (globalThis as unknown as NotebookPage).document.querySelectorAll(".output_area .js-plotly-plot").length >= n,
      storedFigures,
      { timeout: 20_000 },
    );
    const stored = await pageFigures(chapter);
    assert.equal(stored.live, storedFigures, `every stored figure of ${CHAPTER} is a live plotly plot`);
    assert.equal(pngsBeforeExtension, storedFigures, "before the extension, the Notebook showed the PNGs");
    assert.equal(stored.pngShown, 0, "no figure falls back to its PNG");
    // The copied chapter is not trusted (the server says so in its log): redrawing must not trust it.
    assert.equal(stored.trustedAreas, 0, "redrawing does not make untrusted outputs trusted");
    for (const output of stored.saved) {
      assert.deepEqual(Object.keys(output.data ?? {}).sort(), [PLOTLY_MIME, "image/png", "text/plain"], "the saved output keeps its PNG and text");
    }
    await chapter.close();

    const run = await openNotebook(browser, base, showNotebook, problems);
    await run.waitForFunction(() => {
      const nb = (globalThis as unknown as NotebookPage).Jupyter?.notebook;
      return nb?.kernel?.is_connected() === true;
    }, undefined, { timeout: 20_000 });
    await run.evaluate(() => {
      (globalThis as unknown as NotebookPage).Jupyter!.notebook!.execute_all_cells();
    });
    await run.waitForSelector(".output_area .js-plotly-plot", { timeout: 30_000 }).catch(async (error: Error) => {
      const outputs = await run.evaluate(() => JSON.stringify((globalThis as unknown as NotebookPage).Jupyter!.notebook!.toJSON().cells.map((c) => c.outputs)));
      throw new Error(`${error.message}\ncell outputs: ${outputs.slice(0, 2000)}\nserver log:\n${log.slice(-3000)}`);
    });
    const ran = await pageFigures(run);
    assert.equal(ran.live, 1, "the executed show() cell is drawn as one live plotly plot");
    assert.equal(ran.pngShown, 0);
    assert.equal(ran.saved.length, 1);
    assert.deepEqual(Object.keys(ran.saved[0].data ?? {}).sort(), [PLOTLY_MIME, "image/png", "text/plain"], "the kernel's PNG stays in the notebook");
    // For a human look: CLASSIC_SCREENSHOT=/tmp/classic.png node --test build/test/classic-notebook.test.js
    if (process.env.CLASSIC_SCREENSHOT) await run.screenshot({ path: process.env.CLASSIC_SCREENSHOT });
    assert.deepEqual(problems, []);
  } finally {
    await browser?.close();
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
