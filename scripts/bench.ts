/**
 * `npm run bench`: runs every benchmark module in scripts/bench/ (compiled to
 * build/scripts/bench/*.js) in file-name order. Each module exports `run(argv)` and prints
 * its own lines: ours vs a reference run side by side, as ratios. Extra arguments after
 * `npm run bench --` are passed on (e.g. `--only gaussian`, `--gmm-full`).
 */
import { readdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const onlyIndex = argv.indexOf("--only");
  const only = onlyIndex >= 0 ? argv[onlyIndex + 1] : undefined;
  const folder = join(__dirname, "bench");
  const modules = readdirSync(folder)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .filter((f) => !only || f.startsWith(only));
  if (modules.length === 0) throw new Error(`--only ${only}: no benchmark module matches; have ${readdirSync(folder).filter((f) => f.endsWith(".js")).join(", ")}`);
  console.log(`collapse-lab benchmarks — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}`);
  for (const file of modules) {
    const mod = (await import(join(folder, file))) as { run?: (argv: string[]) => Promise<void> };
    if (typeof mod.run !== "function") continue;
    console.log(`\n== ${file.replace(/\.js$/, "")} ==`);
    await mod.run(argv);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
