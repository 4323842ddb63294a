/**
 * The paper's GMM recursion (docs/theory.md#gmm-experiment), ours vs scikit-learn, same settings in the same run:
 * 2000 generations, N = 1000, K = 2, full covariance, tol 1e-5, max_iter 2000, k-means
 * initialisation, one init, data a 2-D standard normal blob at the origin.
 *
 * scikit-learn runs with OMP_NUM_THREADS=1: its KMeans is OpenMP-parallel, and with threads
 * on a busy 2-core machine it was 10× slower than single-threaded here — one thread is its
 * best case, and ours is single-threaded too.
 *
 * `npm run bench -- --gmm-full` also times the N = 200 000 run of the distance figure
 * (2050 generations, several minutes).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runGmmRecursion } from "../../src/experiments/gmmRecursion";

const PYTHON = "/usr/bin/python3";

function sklearnAvailable(): boolean {
  return spawnSync(PYTHON, ["-c", "import sklearn"], { encoding: "utf8" }).status === 0;
}

function timeOurs(n: number, generations: number, seed: number): { seconds: number; l2Last: number; meanIterations: number } {
  const start = process.hrtime.bigint();
  const r = runGmmRecursion({ sampleSize: n, generations, seed });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, l2Last: r.l2[r.l2.length - 1], meanIterations: r.emIterations.mean };
}

export async function run(argv: string[] = []): Promise<void> {
  const generations = 2000;
  const n = 1000;
  // Warm-up so the JIT has compiled the hot loops before timing (a short run).
  runGmmRecursion({ sampleSize: n, generations: 50, seed: 99 });
  const ours = timeOurs(n, generations, 1);
  console.log(
    `gmm recursion, ${generations} generations, N = ${n}, K = 2, tol 1e-5: ours ${ours.seconds.toFixed(2)} s ` +
      `(${((ours.seconds / generations) * 1000).toFixed(2)} ms/generation, ${ours.meanIterations.toFixed(1)} EM iterations/fit, ` +
      `${((ours.seconds / (generations * ours.meanIterations)) * 1e6).toFixed(0)} µs per EM iteration, L2 at the end ${ours.l2Last.toExponential(2)})`,
  );
  // A run's EM iterations depend on its random path (a collapsing mixture can take many), so
  // compare runs by the time per iteration as well as by the total.
  if (sklearnAvailable()) {
    const script = join(__dirname, "..", "..", "..", "scripts", "bench", "sklearn_gmm.py");
    const r = spawnSync(PYTHON, [script, String(generations), String(n), "0"], {
      encoding: "utf8",
      env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
    });
    if (r.status !== 0) {
      console.log(`scikit-learn run failed: ${r.stderr.trim().split("\n").pop()}`);
    } else {
      const sk = JSON.parse(r.stdout.trim().split("\n").pop()!) as { seconds: number; iterations: number };
      const skPerIteration = sk.seconds / sk.iterations;
      const oursPerIteration = ours.seconds / (generations * ours.meanIterations);
      console.log(
        `scikit-learn 1 thread: ${sk.seconds.toFixed(2)} s (${((sk.seconds / generations) * 1000).toFixed(2)} ms/generation, ` +
          `${(sk.iterations / generations).toFixed(1)} EM iterations/fit, ${(skPerIteration * 1e6).toFixed(0)} µs per EM iteration); ` +
          `ours is ${(sk.seconds / ours.seconds).toFixed(1)}× faster in total, ${(skPerIteration / oursPerIteration).toFixed(1)}× per EM iteration (target ≥ 5×)`,
      );
    }
  } else {
    console.log("scikit-learn not found at /usr/bin/python3 (Debian: apt-get install python3-sklearn): no reference run");
  }
  if (argv.includes("--gmm-full")) {
    const full = timeOurs(200000, 2050, 1);
    console.log(`full run N = 200 000, 2050 generations: ours ${full.seconds.toFixed(1)} s (${full.meanIterations.toFixed(1)} EM iterations/fit)`);
  } else {
    console.log("(N = 200 000 full run: npm run bench -- --only gmm --gmm-full)");
  }
}
