/**
 * Notebooks import src/ through tslab, which ignores tsconfig.json and
 * compiles every imported file with its own TypeScript 5.0.4 and fixed
 * options. This test compiles all of src/**\/*.ts the same way, so code that
 * only the project's newer, stricter compiler accepts (syntax after TS 5.0,
 * `import.meta`, `.ts` import paths, top-level await) fails here rather than
 * in a notebook.
 *
 * The options are copied from tslab 1.0.22's dist/converter.js
 * (createConverter → ts.createWatchCompilerHost(…)) with getTranspileTargets()
 * for Node ≥ 18; re-read that file when upgrading tslab.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, realpathSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import * as ts from "@tslab/typescript-for-tslab";

const projectRoot = resolve(__dirname, "..", "..");
/** tslab runs with the notebook's folder as cwd and rootDir. */
const notebookFolder = join(projectRoot, "notebooks");

function tslabCompilerOptions(cwd: string): ts.CompilerOptions {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    typeRoots: ts.getDefaultTypeRoots(cwd, ts.sys),
    allowJs: true,
    checkJs: true,
    // An option of tslab's TypeScript fork: top-level await is an error in
    // imported files (cells get special treatment, src files do not).
    disableTopLevelAwait: true,
    skipLibCheck: true,
    rootDir: cwd,
    outDir: "outDir",
  } as ts.CompilerOptions;
}

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

test("src/**/*.ts compiles with tslab's own TypeScript and compiler options", () => {
  assert.equal(ts.version, "5.0.4", "tslab 1.0.22 bundles TypeScript 5.0.4: re-check the options if this changed");
  assert.equal(
    realpathSync(join(notebookFolder, "src")),
    realpathSync(join(projectRoot, "src")),
    "notebooks/src must link to ../src (npm install re-creates it)",
  );
  // Files are named through the notebooks/src symlink, as a notebook's
  // `import "./src/…"` names them, so rootDir = notebooks/ holds as in tslab.
  const files = typeScriptFiles(join(projectRoot, "src")).map((file) =>
    join(notebookFolder, "src", relative(join(projectRoot, "src"), file)),
  );
  assert.ok(files.length > 0, "src/ has TypeScript files");
  const options = tslabCompilerOptions(notebookFolder);
  const host = ts.createCompilerHost(options);
  host.getCurrentDirectory = () => notebookFolder;
  const program = ts.createProgram(files, options, host);
  // Emitting (to nowhere) also reports declaration-emit errors: tslab emits .d.ts.
  const emitted = program.emit(undefined, () => undefined);
  // Shown as tslab shows them (converter.js convertDiagnostics): only those
  // attached to a file under its cwd. Option-level ones, such as TS 5.0's
  // deprecation notice for noImplicitUseStrict, never reach a notebook.
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].filter(
    (diagnostic) => diagnostic.file && !relative(notebookFolder, diagnostic.file.fileName).startsWith(".."),
  );
  const report = ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => projectRoot,
    getNewLine: () => "\n",
  });
  assert.equal(diagnostics.length, 0, `tslab's compiler rejects src/:\n${report}`);
});
