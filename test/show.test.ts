/**
 * `show` and `progress`: the display payload built without a kernel (mime types per
 * NOTEBOOK-STACK.md, "Showing plotly figures in notebooks"), the throttle (≤ 10
 * updates/s), the plain-Node fallbacks, and both modules inside the real tslab kernel
 * through the project's notebook runner (fixtures test/fixtures/show-*.ipynb).
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { baseLayout, figure, lineTrace, PALETTE } from "../src/figures/style";
import { displayPayload, figureSize, figureSummary, PLOTLY_MIME, show } from "../src/notebook/show";
import { kernelJupyterModulePath, inKernel } from "../src/notebook/kernel";
import { MIN_INTERVAL_MS, progress, progressLine } from "../src/notebook/progress";
import { browserOrSkip } from "./helpers/browser";
import { runNotebook } from "../scripts/notebook-runner";

const repo = path.resolve(__dirname, "..", "..");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function sampleFigure() {
  return figure(
    [lineTrace([0, 1, 2], new Float64Array([1, 0.5, 0.25]), "σ² by generation", PALETTE[0]), { type: "histogram", x: [1, 2, 2, 3] }],
    baseLayout("Variance shrinks", { title: "generation" }, { title: "σ²" }),
  );
}

test("the payload carries plotly JSON, the PNG and a one-line text summary, and nothing else", () => {
  const png = Buffer.from([...PNG_SIGNATURE, 1, 2, 3]);
  const payload = displayPayload(sampleFigure(), { png, width: 400, height: 300 });
  assert.deepEqual(Object.keys(payload.data).sort(), [PLOTLY_MIME, "image/png", "text/plain"]);
  assert.deepEqual(Buffer.from(payload.data["image/png"] as string, "base64"), png, "PNG as base64, as nbformat stores it");
  assert.deepEqual(payload.metadata, { "image/png": { width: 400, height: 300 } });
  assert.equal(payload.data["text/plain"], 'Variance shrinks — 2 traces: scatter "σ² by generation" (3 pts), histogram (4 pts)');
  const plotly = payload.data[PLOTLY_MIME] as { data: { y: unknown }[]; layout: Record<string, unknown>; config: object };
  assert.deepEqual(plotly.data[0].y, [1, 0.5, 0.25], "typed arrays become JSON arrays (not {0: …} objects)");
  assert.deepEqual([plotly.layout.width, plotly.layout.height], [400, 300], "a size that was asked for is kept");
  assert.deepEqual(JSON.parse(JSON.stringify(payload.data)), payload.data, "the payload is plain JSON");
});

test("without a PNG the payload still has the interactive figure and the summary; no size is pinned", () => {
  const payload = displayPayload(sampleFigure(), { title: "Custom" });
  assert.deepEqual(Object.keys(payload.data).sort(), [PLOTLY_MIME, "text/plain"]);
  assert.deepEqual(payload.metadata, {});
  assert.match(payload.data["text/plain"] as string, /^Custom — 2 traces/);
  const layout = (payload.data[PLOTLY_MIME] as { layout: Record<string, unknown> }).layout;
  assert.equal(layout.width, undefined, "the interactive figure fills the cell");
});

test("summary and size fall back to the layout, then to defaults; bad sizes name the parameter", () => {
  assert.equal(figureSummary({ data: [], layout: {} }), "plotly figure — 0 traces");
  assert.equal(figureSummary({ data: [{ type: "bar", y: [1] }], layout: { title: "plain string" } }), "plain string — 1 trace: bar (1 pts)");
  assert.deepEqual(figureSize({ data: [], layout: {} }), { width: 900, height: 500 });
  assert.deepEqual(figureSize({ data: [], layout: { width: 640, height: 480 } }), { width: 640, height: 480 });
  assert.deepEqual(figureSize({ data: [], layout: { width: 640 } }, { width: 300 }), { width: 300, height: 500 });
  assert.throws(() => figureSize({ data: [], layout: {} }, { width: 0 }), /show: width must be an integer number of pixels in \[10, 10000\], got 0/);
  assert.throws(() => figureSize({ data: [], layout: {} }, { height: 2.5 }), /height/);
});

test("the kernel's jupyter.js is found only from a tslab entry script, and plain Node is not a kernel", () => {
  const tslabBin = path.join(repo, "node_modules", "tslab", "bin", "tslab");
  assert.equal(kernelJupyterModulePath(tslabBin), path.join(repo, "node_modules", "tslab", "dist", "jupyter.js"));
  assert.equal(kernelJupyterModulePath(path.join(repo, "node_modules", "typescript", "bin", "tsc")), undefined);
  assert.equal(kernelJupyterModulePath(undefined), undefined);
  assert.equal(inKernel(), false);
});

test("outside a kernel, show prints the summary and launches nothing", async () => {
  const written: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    await show(sampleFigure());
  } finally {
    process.stdout.write = original;
  }
  assert.deepEqual(written, ['Variance shrinks — 2 traces: scatter "σ² by generation" (3 pts), histogram (4 pts) (not in a notebook kernel: nothing displayed)\n']);
  await assert.rejects(show({ data: "nope" } as never), /show: fig must be a plotly figure/);
});

test("progress shows at most one update per 100 ms, always the first and the last, and done() where it stopped", () => {
  let clock = 0;
  const shown: { line: string; final: boolean }[] = [];
  const p = progress("gens", { now: () => clock, sink: { intervalMs: MIN_INTERVAL_MS, show: (line, final) => shown.push({ line, final }) } });
  // 2 000 updates over 2 s (one per ms): a 10/s throttle allows 20, plus the final state.
  for (let i = 1; i <= 2000; i++) {
    clock = i;
    p.update(i, 2000);
  }
  assert.ok(shown.length <= 2000 / MIN_INTERVAL_MS + 1, `${shown.length} updates`);
  assert.ok(shown.length >= 2000 / MIN_INTERVAL_MS - 1, `${shown.length} updates`);
  assert.match(shown[0].line, /^gens \[\.{24}\]\s+0% \(1\/2000\) · 0\.0 s$/);
  assert.match(shown[shown.length - 1].line, /\(2000\/2000\)/);
  const q = progress("early stop", { now: () => 0, sink: { intervalMs: MIN_INTERVAL_MS, show: (line, final) => shown.push({ line, final }) } });
  q.onProgress(37, 100);
  q.done("stopped: collapsed");
  q.done();
  assert.deepEqual(shown.slice(-1), [{ line: "early stop [#########...............]  37% (37/100) stopped: collapsed · 0.0 s", final: true }]);
  assert.throws(() => q.update(Number.NaN, 10), /progress: done must be a finite number ≥ 0, got NaN/);
  assert.throws(() => q.update(1, -1), /progress: total must be a finite number ≥ 0/);
});

test("progressLine draws a 24-character bar and never exceeds 100%", () => {
  assert.equal(progressLine("x", 5, 10, 1500, "note"), "x [############............]  50% (5/10) note · 1.5 s");
  assert.equal(progressLine("x", 12, 10, 0), "x [########################] 100% (12/10) · 0.0 s");
  assert.equal(progressLine("x", 0, 0, 0), "x [........................]   0% (0/0) · 0.0 s");
});

test("outside a kernel, progress writes its line to stderr instead of throwing", () => {
  const written: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    const p = progress("plain node");
    p.update(1, 4);
    p.done();
  } finally {
    process.stderr.write = original;
  }
  assert.match(written.join(""), /plain node \[#{6}\.{18}\]\s+25% \(1\/4\)/);
  assert.match(written.join(""), /plain node \[#{6}\.{18}\]\s+25% \(1\/4\) done/, "done() says where it stopped");
});

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/**
 * Runs a fixture in place from a temporary folder inside build/ beside a `src` symlink, as
 * notebooks/ has (tslab's rootDir is the notebook's folder; node_modules resolve from the repo).
 */
async function runFixture(name: string) {
  const folder = fs.mkdtempSync(path.join(repo, "build", "show-fixture-"));
  try {
    fs.symlinkSync(path.join(repo, "src"), path.join(folder, "src"));
    const notebook = path.join(folder, name);
    fs.copyFileSync(path.join(repo, "test", "fixtures", name), notebook);
    const run = await runNotebook(notebook, { inPlace: true, cellTimeoutMs: 60000 });
    const cells = JSON.parse(fs.readFileSync(notebook, "utf8")).cells.map((c: { outputs?: NotebookOutput[] }) => c.outputs ?? []) as NotebookOutput[][];
    return { run, cells };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = `/proc/${pid}/stat`;
  return fs.existsSync(stat) && (fs.readFileSync(stat, "utf8").split(") ")[1] ?? "").startsWith("Z");
}

async function waitUntilGone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (!isGone(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

test("in the real kernel: three mime types in one output, one browser for all cells and gone after shutdown; without a browser, no PNG and the reason said once", async (t) => {
  const executablePath = browserOrSkip(t);
  if (!executablePath) return;
  const { run, cells } = await runFixture("show-figure.ipynb");
  const [, , first, second, loop, noBrowser1, noBrowser2] = cells;
  assert.equal(first.length, 2, JSON.stringify(first).slice(0, 300));
  const display = first.find((o) => o.output_type === "display_data");
  assert.ok(display?.data);
  assert.deepEqual(Object.keys(display.data).sort(), [PLOTLY_MIME, "image/png", "text/plain"]);
  const png = Buffer.from(String(display.data["image/png"]), "base64");
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [400, 300], "scale 1 in notebooks");
  assert.deepEqual(display.data["text/plain"], ['Fixture figure — 1 trace: scatter "variance" (4 pts)']);
  assert.deepEqual((display.data[PLOTLY_MIME] as { data: { y: number[] }[] }).data[0].y, [1, 0.5, 0.3, 0.2]);
  assert.ok(second.some((o) => o.output_type === "display_data" && o.data?.["image/png"] && /^Second look/.test(String(o.data["text/plain"]))));

  assert.equal(loop.length, 1, "progress updated one output in place");
  assert.match(String(loop[0].data?.["text/plain"]), /^fixture loop \[#{24}\] 100% \(50\/50\) done · \d+\.\d s$/, "ending on its final state");

  const notes = [...noBrowser1, ...noBrowser2].filter((o) => o.output_type === "stream" && o.name === "stderr");
  assert.equal(notes.length, 1, "the missing PNG is explained once");
  assert.match((notes[0].text ?? []).join(""), /without a PNG copy .*: fixture: no browser on this machine/);
  for (const outputs of [noBrowser1, noBrowser2]) {
    const shown = outputs.find((o) => o.output_type === "display_data");
    assert.deepEqual(Object.keys(shown?.data ?? {}).sort(), [PLOTLY_MIME, "text/plain"]);
  }

  const pidsAfter = (cell: number) => /browsers after \w+ show: ([\d,]*)/.exec(run.cells[cell].stdout)?.[1] ?? "";
  assert.notEqual(pidsAfter(1), "", "a Chromium child ran during the first show");
  assert.equal(pidsAfter(2), pidsAfter(1), "the second show reused the same browser");
  for (const pid of pidsAfter(1).split(",").map(Number)) {
    assert.ok(await waitUntilGone(pid, 5000), `Chromium ${pid} outlived the kernel`);
  }
});
