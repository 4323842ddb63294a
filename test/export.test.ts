/**
 * `npm run figures`' exporter on tiny FigureJobs defined here, into temp folders.
 * Expected values come from the file formats themselves: the PNG signature and IHDR
 * chunk (PNG spec §5.2–5.3, width/height = CSS size × scale), an SVG root element as
 * parsed by Chromium's own DOMParser, and the job's seeded data echoed into the JSON.
 * Determinism: the science is seeded, so two exports must write the same bytes.
 */
import test from "node:test";
import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import type { FigureJob, FigureOutput } from "../src/figures/types";
import { baseLayout, figure, lineTrace, PALETTE } from "../src/figures/style";
import { Rng } from "../src/random/rng";
import { findChromium, type ChromiumSearch } from "../src/render/chromium";
import { browserOrSkip } from "./helpers/browser";
import { CHROMIUM_ARGS, decodeImageDataUrl, FigureRenderer, RendererClosedError } from "../src/render/renderer";
import { formatJson } from "../src/render/json";
import { exportFigures, ExportAbortedError, exportTasks, groupJobs, indexMarkdown, mergeTimings, selectJobs, timingTable, UnknownFigureError, type ExportedFigure } from "../scripts/export-figures";
import { budgetLine, parseArgs, TIMINGS_FILE } from "../scripts/figures";
import { allFigures } from "../src/figures/registry";
import { allFigures as partJobs } from "./helpers/partJobs";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A seeded random walk: small, but its data must reach the JSON exactly as plotted. */
function walkJob(name: string, seed: number, size = { width: 400, height: 300 }): FigureJob {
  return {
    name,
    chapter: "00",
    title: `Random walk ${name}`,
    run(ctx) {
      const rng = new Rng(seed);
      const y = new Float64Array(20);
      for (let i = 1; i < y.length; i++) {
        y[i] = y[i - 1] + rng.normal();
        ctx.progress(i / (y.length - 1), `step ${i}`);
      }
      const x = y.map((_, i) => i);
      const fig = figure([lineTrace(x, y, "walk", PALETTE[0])], baseLayout(`Walk ${seed}`, { title: "generation n" }, { title: "position" }));
      return { figure: fig, params: { seed, steps: y.length }, data: { x, y }, ...size };
    },
  };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "collapse-lab-export-"));
}

const noBrowser = (): ChromiumSearch =>
  findChromium({ env: { CHROME_PATH: "/nonexistent/chrome" }, candidates: [], isExecutable: (f) => fs.existsSync(f) });

/** Chromium processes whose parent is this process (Linux /proc; empty elsewhere). */
function chromiumChildren(): number[] {
  if (!fs.existsSync("/proc/self/stat")) return [];
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) === process.pid && state !== "Z" && /chrom/i.test(comm)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

test("selectJobs keeps registry order, accepts several comma-separated names, and lists valid names on a typo", () => {
  const jobs = [walkJob("ch00-a", 1), walkJob("ch00-b", 2), walkJob("ch00-c", 3)];
  assert.deepEqual(selectJobs(jobs).map((j) => j.name), ["ch00-a", "ch00-b", "ch00-c"]);
  assert.deepEqual(selectJobs(jobs, "ch00-c,ch00-a").map((j) => j.name), ["ch00-a", "ch00-c"]);
  assert.deepEqual(selectJobs(jobs, ["ch00-b", " ch00-c "]).map((j) => j.name), ["ch00-b", "ch00-c"]);
  assert.throws(
    () => selectJobs(jobs, "ch00-a,ch00-zz"),
    (e: unknown) => e instanceof UnknownFigureError && /ch00-zz/.test(e.message) && /valid names: ch00-a, ch00-b, ch00-c/.test(e.message),
  );
  assert.throws(() => selectJobs([walkJob("dup", 1), walkJob("dup", 2)]), /two figure jobs are named dup/);
});

test("exportFigures rejects an unknown --only name before running anything", async () => {
  const dir = tempDir();
  try {
    let ran = false;
    const job = { ...walkJob("ch00-walk", 1), run: () => ((ran = true), walkJob("x", 1).run({ progress: () => undefined, figuresDir: dir })) };
    await assert.rejects(exportFigures({ jobs: [job], outDir: dir, only: "nope", findBrowser: noBrowser }), /unknown figure name: nope; valid names: ch00-walk/);
    assert.equal(ran, false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the CLI parses --only (repeated, = form), --list, --out and REQUIRE_BROWSER, and rejects unknown options", () => {
  const args = parseArgs(["--only", "a,b", "--only=c", "--require-images", "--out", "/tmp/x"], {}, "/default");
  assert.deepEqual(args.only, ["a,b", "c"]);
  assert.equal(args.requireImages, true);
  assert.equal(args.outDir, "/tmp/x");
  assert.equal(parseArgs([], { REQUIRE_BROWSER: "1" }, "/d").requireImages, true);
  assert.equal(parseArgs([], {}, "/d").requireImages, false);
  assert.equal(parseArgs(["--list"], {}, "/d").list, true);
  assert.throws(() => parseArgs(["--colour"], {}, "/d"), /unknown option --colour/);
  assert.throws(() => parseArgs(["--only"], {}, "/d"), /--only needs a value/);
  assert.equal(parseArgs([], {}, "/d", 6).jobs, 6, "one worker per core by default");
  assert.equal(parseArgs(["--jobs", "1"], {}, "/d", 6).jobs, 1);
  assert.throws(() => parseArgs(["--jobs", "0"], {}, "/d"), /--jobs must be an integer in \[1, 64\], got "0"/);
  assert.throws(() => parseArgs(["--jobs=2.5"], {}, "/d"), /--jobs must be an integer in \[1, 64\], got "2.5"/);
  assert.equal(parseArgs([], {}, "/d").recomputeNlm, false, "chapter 07's long run is drawn from its committed data by default");
  assert.equal(parseArgs(["--recompute-nlm"], {}, "/d").recomputeNlm, true);
});

test("the CLI exits with status 2 and the list of valid names for an unknown --only", () => {
  const cli = path.resolve(__dirname, "..", "scripts", "figures.js");
  const run = spawnSync(process.execPath, [cli, "--only", "no-such-figure"], { encoding: "utf8", env: { ...process.env, CHROME_PATH: "/nonexistent" } });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /unknown figure name: no-such-figure; valid names: /);
});

test("findChromium: CHROME_PATH wins; a stale one is reported and the search goes on; none found says how to fix it", () => {
  const exists = (file: string) => file === "/opt/my-chrome" || file === "/usr/bin/chromium";
  assert.equal(findChromium({ env: { CHROME_PATH: "/opt/my-chrome" }, isExecutable: exists }).executablePath, "/opt/my-chrome");
  const stale = findChromium({ env: { CHROME_PATH: "/gone/chrome" }, isExecutable: exists });
  assert.equal(stale.executablePath, "/usr/bin/chromium");
  assert.match(stale.reason, /CHROME_PATH=\/gone\/chrome is not an executable file/);
  const viaPath = findChromium({ env: { PATH: "/a:/b" }, isExecutable: (f) => f === "/b/google-chrome-stable" });
  assert.equal(viaPath.executablePath, "/b/google-chrome-stable");
  const none = findChromium({ env: { PATH: "" }, isExecutable: () => false });
  assert.equal(none.executablePath, undefined);
  assert.match(none.reason, /set CHROME_PATH/);
});

test("without a browser: JSON and index.md are written, the reason is logged, and only --require-images fails", async () => {
  for (const requireImages of [false, true]) {
    const dir = tempDir();
    try {
      const lines: string[] = [];
      const result = await exportFigures({ jobs: [walkJob("ch00-walk", 5)], outDir: dir, requireImages, findBrowser: noBrowser, log: (l) => lines.push(l) });
      assert.equal(result.exitCode, requireImages ? 1 : 0);
      assert.match(result.noBrowserReason ?? "", /CHROME_PATH=\/nonexistent\/chrome is not an executable file/);
      assert.deepEqual(fs.readdirSync(dir).sort(), ["ch00-walk.json", "index.md"]);
      assert.ok(lines.some((l) => /No browser, so no SVG\/PNG: CHROME_PATH=\/nonexistent\/chrome/.test(l)), lines.join("\n"));
      assert.equal(lines.some((l) => /images were required/.test(l)), requireImages);
      assert.match(fs.readFileSync(path.join(dir, "index.md"), "utf8"), /\| `ch00-walk` \| Random walk ch00-walk \| \[json\]\(ch00-walk\.json\) \|/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("a failing job or one without params.seed fails the run, and the other figures are still exported", async () => {
  const dir = tempDir();
  try {
    const broken: FigureJob = { name: "ch00-broken", chapter: "00", title: "throws", run: () => { throw new Error("experiment diverged"); } };
    const seedless: FigureJob = { ...walkJob("ch00-seedless", 1), run: (ctx) => ({ ...(walkJob("x", 1).run(ctx) as FigureOutput), params: { steps: 20 } }) };
    const lines: string[] = [];
    const result = await exportFigures({ jobs: [broken, seedless, walkJob("ch00-ok", 2)], outDir: dir, findBrowser: noBrowser, log: (l) => lines.push(l) });
    assert.equal(result.exitCode, 1);
    assert.deepEqual(result.figures.map((f) => [f.name, f.error !== undefined]), [["ch00-broken", true], ["ch00-seedless", true], ["ch00-ok", false]]);
    assert.match(result.figures[1].error ?? "", /params must include the seed/);
    assert.ok(lines.some((l) => /\[1\/3\] ch00-broken FAILED after .* s: experiment diverged/.test(l)));
    assert.ok(fs.existsSync(path.join(dir, "ch00-ok.json")));
    assert.match(fs.readFileSync(path.join(dir, "index.md"), "utf8"), /`ch00-broken` \| throws \| not exported yet/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("real Chromium: SVG with the axis titles, PNG at 2× the CSS size, JSON with the seed and the data", async (t) => {
  const chrome = browserOrSkip(t);
  if (!chrome) return;
  const dir = tempDir();
  try {
    const lines: string[] = [];
    const statuses: string[] = [];
    const result = await exportFigures({
      jobs: [walkJob("ch00-walk", 7), walkJob("ch00-other", 8, { width: 320, height: 200 })],
      only: "ch00-walk",
      outDir: dir,
      findBrowser: () => ({ executablePath: chrome, reason: "test" }),
      log: (l) => lines.push(l),
      status: (l) => statuses.push(l),
    });
    assert.equal(result.exitCode, 0, lines.join("\n"));
    assert.deepEqual(fs.readdirSync(dir).sort(), ["ch00-walk.json", "ch00-walk.png", "ch00-walk.svg", "index.md"]);
    const finished = lines.filter((l) => !/^Browser and plotly\.js ready in \d+\.\d s\.$/.test(l));
    assert.ok(finished.length < lines.length, `the browser's start-up is logged: ${lines.join(" / ")}`);
    assert.match(finished[0], /^\[1\/1\] ch00-walk … \d+\.\d s$/);
    assert.ok(statuses.some((s) => /^\[1\/1\] ch00-walk … 100% step 19 · /.test(s)), "the job's own progress is shown");

    const png = fs.readFileSync(path.join(dir, "ch00-walk.png"));
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(png.toString("latin1", 12, 16), "IHDR");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [800, 600]);

    const json = JSON.parse(fs.readFileSync(path.join(dir, "ch00-walk.json"), "utf8"));
    assert.equal(json.params.seed, 7);
    const rng = new Rng(7);
    const expected = [0];
    for (let i = 1; i < 20; i++) expected.push(expected[i - 1] + rng.normal());
    assert.deepEqual(json.data.y, expected, "the data are the seeded walk, typed arrays written as arrays");
    assert.deepEqual(json.figure.data[0].y, expected);
    assert.deepEqual([json.width, json.height], [400, 300]);

    const svg = fs.readFileSync(path.join(dir, "ch00-walk.svg"), "utf8");
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: chrome, args: [...CHROMIUM_ARGS], handleSIGINT: false });
    try {
      const page = await browser.newPage();
      // Runs in the page (the project has no DOM types): the browser's own XML parser.
      const parsed = await page.evaluate((text: string) => {
        const doc = new (globalThis as any).DOMParser().parseFromString(text, "image/svg+xml");
        return {
          root: doc.documentElement.nodeName as string,
          error: doc.getElementsByTagName("parsererror").length as number,
          width: doc.documentElement.getAttribute("width") as string,
          texts: Array.from(doc.getElementsByTagName("text") as ArrayLike<{ textContent: string }>).map((n) => n.textContent),
        };
      }, svg);
      assert.equal(parsed.root, "svg");
      assert.equal(parsed.error, 0);
      assert.equal(parsed.width, "400");
      assert.ok(parsed.texts.includes("generation n"), `x-axis title in ${JSON.stringify(parsed.texts)}`);
      assert.ok(parsed.texts.includes("position"));
      assert.ok(parsed.texts.includes("Walk 7"));
    } finally {
      await browser.close();
    }
    assert.match(fs.readFileSync(path.join(dir, "index.md"), "utf8"), /\[svg\]\(ch00-walk\.svg\) · \[png\]\(ch00-walk\.png\) · \[json\]\(ch00-walk\.json\)/);
    assert.deepEqual(chromiumChildren(), [], "the exporter closed its browser");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("real Chromium: Ctrl-C during the first experiment (browser still starting) stops the run and closes the browser", async (t) => {
  const chrome = browserOrSkip(t);
  if (!chrome) return;
  const dir = tempDir();
  try {
    const controller = new AbortController();
    const aborting: FigureJob = {
      name: "ch00-interrupted",
      chapter: "00",
      title: "Ctrl-C arrives while this runs",
      run: async (ctx) => {
        controller.abort();
        assert.equal(ctx.signal?.aborted, true, "the job sees the abort through ctx.signal");
        return walkJob("x", 1).run(ctx);
      },
    };
    const never = { ...walkJob("ch00-never", 3), run: () => assert.fail("ran after the abort") };
    await assert.rejects(
      exportFigures({ jobs: [aborting, never], outDir: dir, signal: controller.signal, findBrowser: () => ({ executablePath: chrome, reason: "test" }) }),
      (e: unknown) => e instanceof ExportAbortedError,
    );
    assert.deepEqual(fs.readdirSync(dir), ["index.md"], "no half-written or temporary files");
    assert.match(fs.readFileSync(path.join(dir, "index.md"), "utf8"), /`ch00-never` \| .* \| not exported yet/);
    assert.deepEqual(chromiumChildren(), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("index.md lists every registered job by chapter, escaping table pipes", () => {
  const dir = tempDir();
  try {
    const jobs = [walkJob("ch01-a", 1), { ...walkJob("ch02-b", 2), chapter: "02", title: "E|F" }];
    const md = indexMarkdown(jobs, dir);
    assert.match(md, /## Chapter 00[\s\S]*`ch01-a`[\s\S]*## Chapter 02[\s\S]*`ch02-b` \| E\\\|F \| not exported yet/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("formatJson round-trips to the same JSON, writes typed arrays as arrays and keeps number series on one line", () => {
  const value = { name: "x", params: { seed: 3, M: [100, 500] }, data: { y: new Float64Array([0.5, Number.NaN, 2]), rows: [{ a: 1 }, { a: [] }] }, skip: undefined };
  const text = formatJson(value);
  assert.deepEqual(JSON.parse(text), { name: "x", params: { seed: 3, M: [100, 500] }, data: { y: [0.5, null, 2], rows: [{ a: 1 }, { a: [] }] } });
  assert.match(text, /\n {2}"y": \[0\.5, null, 2\],\n/);
  assert.match(text, /^\{\n "name": "x",\n "params": \{\n {2}"seed": 3,/);
});

test("the renderer checks its options before launching anything, and refuses work once closed", async () => {
  const renderer = new FigureRenderer({ executablePath: "/nonexistent/chrome" });
  const fig = walkJob("x", 1).run({ progress: () => undefined, figuresDir: "." }) as FigureOutput;
  assert.throws(() => renderer.render(fig.figure, { format: "jpeg" as "png", width: 100, height: 100 }), /format must be "svg" or "png", got "jpeg"/);
  assert.throws(() => renderer.render(fig.figure, { format: "png", width: 0, height: 100 }), /width must be an integer number of pixels in \[10, 10000\], got 0/);
  assert.throws(() => renderer.render(fig.figure, { format: "png", width: 100, height: 100, scale: Number.NaN }), /scale must be a number in \(0, 8\], got NaN/);
  assert.throws(() => new FigureRenderer({ executablePath: "" }), /executablePath must be the path of a Chromium executable/);
  await renderer.close();
  await assert.rejects(renderer.render(fig.figure, { format: "svg", width: 100, height: 100 }), RendererClosedError);
});

test("Plotly.toImage's data URLs decode: SVG URI-encoded (or base64), PNG base64 only", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>σ² & n</text></svg>';
  assert.equal(decodeImageDataUrl("svg", `data:image/svg+xml,${encodeURIComponent(svg)}`), svg);
  assert.equal(decodeImageDataUrl("svg", `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`), svg);
  assert.deepEqual(decodeImageDataUrl("png", `data:image/png;base64,${PNG_SIGNATURE.toString("base64")}`), PNG_SIGNATURE);
  assert.throws(() => decodeImageDataUrl("png", "data:image/png,abc"), /not base64/);
  assert.throws(() => decodeImageDataUrl("svg", "<svg/>"), /no data URL/);
});

/** Paths of object keys that look like clock readings, anywhere in a parsed JSON value. */
function timeLikeKeys(value: unknown, at = "$"): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => [
    ...(/^(seconds|ms|millis|elapsed|duration|time(stamp)?|date|(created|measured|exported)(At)?)$/i.test(key) ? [`${at}.${key}`] : []),
    ...timeLikeKeys(v, `${at}.${key}`),
  ]);
}

/** Exports `jobs` into a fresh folder (JSON only, no browser) and returns the figure files' bytes by name. */
async function exportBytes(
  jobs: FigureJob[],
  only?: string,
  timingsFile?: string,
  more: Partial<Parameters<typeof exportFigures>[0]> = {},
): Promise<{ files: Map<string, Buffer>; lines: string[] }> {
  const dir = tempDir();
  try {
    const lines: string[] = [];
    const result = await exportFigures({ jobs, only, outDir: dir, findBrowser: noBrowser, log: (l) => lines.push(l), timingsFile, ...more });
    assert.equal(result.exitCode, 0, lines.join("\n"));
    return { files: new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))])), lines };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test("two exports of a job that takes different times write byte-identical files; the times go to the log and the timings file", async () => {
  const timingsDir = tempDir();
  try {
    const timingsFile = path.join(timingsDir, TIMINGS_FILE);
    let delayMs = 0;
    const base = walkJob("ch00-walk", 4);
    const slowWalk: FigureJob = { ...base, run: async (ctx) => (await new Promise((r) => setTimeout(r, delayMs)), base.run(ctx)) };
    const first = await exportBytes([slowWalk], undefined, timingsFile);
    delayMs = 150;
    const second = await exportBytes([slowWalk], undefined, timingsFile);
    assert.deepEqual([...first.files.keys()].sort(), ["ch00-walk.json", "index.md"], "the timings file is not among the figure files here");
    for (const [name, bytes] of first.files) assert.ok(bytes.equals(second.files.get(name)!), `${name} differs between two runs`);
    assert.deepEqual(timeLikeKeys(JSON.parse(first.files.get("ch00-walk.json")!.toString("utf8"))), []);

    const timings = JSON.parse(fs.readFileSync(timingsFile, "utf8"));
    assert.deepEqual(Object.keys(timings), ["ch00-walk"]);
    assert.ok(timings["ch00-walk"].seconds >= 0.1, `the second, slower run is recorded: ${JSON.stringify(timings)}`);
    const table = second.lines.slice(second.lines.indexOf("Time per figure:"));
    assert.match(table.join("\n"), /^Time per figure:\n {2}ch00-walk +\d+\.\d s\n {2}total +\d+\.\d s$/);
  } finally {
    fs.rmSync(timingsDir, { recursive: true, force: true });
  }
});

test("a real registry figure (ch01-absorption) exported twice gives the same JSON bytes, with no clock readings in it", async () => {
  const first = await exportBytes(allFigures, "ch01-absorption");
  const second = await exportBytes(allFigures, "ch01-absorption");
  const json = first.files.get("ch01-absorption.json");
  assert.ok(json, [...first.files.keys()].join(", "));
  assert.ok(json.equals(second.files.get("ch01-absorption.json")!), "ch01-absorption.json differs between two runs");
  assert.ok(first.files.get("index.md")!.equals(second.files.get("index.md")!));
  assert.deepEqual(timeLikeKeys(JSON.parse(json.toString("utf8"))), []);
});

test("--jobs 2 (worker threads) writes the same files byte for byte as --jobs 1, SVG, PNG and PDF included", async (t) => {
  const chrome = browserOrSkip(t);
  if (!chrome) return;
  // Fast registry figures, two of them drawn from one shared run (the group of ch01-variance-bands).
  const only = "ch01-absorption,ch01-tails-cut-off,ch01-variance-bands,ch01-tail-mass";
  const browser = { findBrowser: () => ({ executablePath: chrome, reason: "test" }), pdfSize: "native" as const };
  const inThread = await exportBytes(allFigures, only, undefined, { ...browser, workers: 1 });
  const onWorkers = await exportBytes(allFigures, only, undefined, { ...browser, workers: 2 });
  assert.ok(onWorkers.lines.some((l) => /on 2 worker threads \(3 groups, heaviest first\)/.test(l)), onWorkers.lines.join("\n"));
  const names = [...inThread.files.keys()].sort();
  assert.equal(names.length, 4 * 4 + 1, names.join(", "));
  assert.deepEqual([...onWorkers.files.keys()].sort(), names);
  for (const name of names) assert.ok(inThread.files.get(name)!.equals(onWorkers.files.get(name)!), `${name} differs between --jobs 1 and --jobs 2`);
});

test("a job in parts: its parts run on the workers, the job is put together here, and the files equal --jobs 1's", async () => {
  const jobsModule = path.join(__dirname, "helpers", "partJobs.js");
  const only = "ch00-parts,ch00-plain";
  const inThread = await exportBytes(partJobs, only, undefined, { workers: 1 });
  const onWorkers = await exportBytes(partJobs, only, undefined, { workers: 2, jobsModule });
  assert.ok(onWorkers.lines.some((l) => /on 2 worker threads \(1 groups, 3 parts, heaviest first\)/.test(l)), onWorkers.lines.join("\n"));
  assert.deepEqual([...onWorkers.files.keys()].sort(), [...inThread.files.keys()].sort());
  for (const [name, bytes] of inThread.files) assert.ok(bytes.equals(onWorkers.files.get(name)!), `${name} differs between --jobs 1 and --jobs 2`);
  const stored = JSON.parse(onWorkers.files.get("ch00-parts.json")!.toString("utf8")) as { params: { seeds: number[] }; data: number[][] };
  assert.deepEqual(stored.params.seeds, [1, 2, 3], "parts are assembled in their declared order, not their finishing order");
  const y = new Float64Array(50);
  new Rng(2).fillNormal(y);
  assert.equal(stored.data[1][1], y[0] + y[1]);
});

test("a failing part fails its figure, names the part, and leaves the other figures written", async () => {
  const dir = tempDir();
  try {
    const lines: string[] = [];
    const jobsModule = path.join(__dirname, "helpers", "partJobs.js");
    const result = await exportFigures({ jobs: partJobs, outDir: dir, findBrowser: noBrowser, log: (l) => lines.push(l), workers: 2, jobsModule });
    assert.notEqual(result.exitCode, 0);
    assert.ok(lines.some((l) => /ch00-broken FAILED after .*part ch00-broken:1: this part diverged/.test(l)), lines.join("\n"));
    assert.ok(fs.existsSync(path.join(dir, "ch00-parts.json")) && fs.existsSync(path.join(dir, "ch00-plain.json")));
    assert.ok(!fs.existsSync(path.join(dir, "ch00-broken.json")));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("exportTasks: groups and parts in one list, heaviest first; a job's parts are not also a group", () => {
  const tasks = exportTasks(partJobs);
  assert.deepEqual(
    tasks.map((t) => (t.part ? `${t.part.job}#${t.part.index}` : t.names.join("+"))),
    ["ch00-parts#1", "ch00-plain", "ch00-parts#2", "ch00-parts#0", "ch00-broken#0", "ch00-broken#1"],
  );
});

test("groupJobs keeps a shared run's jobs together and puts the heaviest groups first, ties in registry order", () => {
  const job = (name: string, group?: string, estimatedSeconds?: number): FigureJob => ({ ...walkJob(name, 1), group, estimatedSeconds });
  const groups = groupJobs([job("a"), job("b", "run", 5), job("c", undefined, 7), job("d", "run", 4), job("e")]);
  assert.deepEqual(groups.map((g) => g.map((j) => j.name)), [["b", "d"], ["c"], ["a"], ["e"]]);
});

test("the time table lists figures slowest first, marks failures and sums the total", () => {
  const figures: ExportedFigure[] = [
    { name: "ch01-a", title: "", files: [], seconds: 0.42 },
    { name: "ch04-gmm-long", title: "", files: [], seconds: 612.25 },
    { name: "ch02-b", title: "", files: [], seconds: 3, error: "diverged" },
  ];
  assert.deepEqual(timingTable(figures), [
    "Time per figure:",
    "  ch04-gmm-long   612.3 s",
    "  ch02-b            3.0 s  FAILED",
    "  ch01-a            0.4 s",
    "  total           615.7 s",
  ]);
  assert.deepEqual(timingTable([]), []);
});

test("mergeTimings keeps the figures not run this time, updates the others and replaces a damaged file", () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, TIMINGS_FILE);
    const at = new Date("2024-07-24T12:00:00Z");
    mergeTimings(file, [{ name: "ch02-b", title: "", files: [], seconds: 2.04 }, { name: "ch01-a", title: "", files: [], seconds: 1 }], at);
    const merged = mergeTimings(file, [{ name: "ch02-b", title: "", files: [], seconds: 5, error: "x" }], at);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, "utf8")), merged);
    assert.deepEqual(merged, {
      "ch01-a": { seconds: 1, measuredAt: "2024-07-24T12:00:00.000Z" },
      "ch02-b": { seconds: 5, failed: true, measuredAt: "2024-07-24T12:00:00.000Z" },
    });
    fs.writeFileSync(file, "{ not json");
    assert.deepEqual(Object.keys(mergeTimings(file, [{ name: "ch03-c", title: "", files: [], seconds: 1 }], at)), ["ch03-c"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the time table shows each figure's PDF share when a PDF was printed", () => {
  const figures: ExportedFigure[] = [
    { name: "ch01-a", title: "", files: [], seconds: 2.04, pdfSeconds: 0.31 },
    { name: "ch02-b", title: "", files: [], seconds: 0.5 },
  ];
  assert.deepEqual(timingTable(figures), ["Time per figure:", "  ch01-a     2.0 s  (PDF 0.3 s)", "  ch02-b     0.5 s", "  total      2.5 s"]);
});

test("index.md links a figure's PDF between its PNG and its JSON", () => {
  const dir = tempDir();
  try {
    for (const ext of ["svg", "png", "pdf", "json"]) fs.writeFileSync(path.join(dir, `ch00-walk.${ext}`), "");
    assert.match(indexMarkdown([walkJob("ch00-walk", 1)], dir), /\| `ch00-walk` \| Random walk ch00-walk \| \[svg\]\(ch00-walk\.svg\) · \[png\]\(ch00-walk\.png\) · \[pdf\]\(ch00-walk\.pdf\) · \[json\]\(ch00-walk\.json\) \|/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the budget line sums the budgets of the chapters exported and says when the run went over", () => {
  const budgets = { "01": 60, "04": 190, "06": 900 };
  assert.equal(budgetLine(["01", "04", "04"], 200, 2, budgets), "Wall time 3.3 min with --jobs 2: within the budget of chapters 01, 04, 4.2 min (the budgets assume the whole chapter and a 2-core machine).");
  assert.match(budgetLine(["06"], 1000, 1, budgets), /^Wall time 16\.7 min with --jobs 1: OVER the budget of chapter 06, 15\.0 min/);
  assert.match(budgetLine(["07"], 10, 2, budgets), /OVER the budget of chapter 07, 0\.0 min/, "a chapter without a budget has none");
});
