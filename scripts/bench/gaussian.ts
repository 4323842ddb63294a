/**
 * Chapter-1 benchmark: the exact sufficient-statistic Gaussian generation (docs/theory.md#sufficient-statistic-sampler) vs
 * drawing the M points (brute force), in ours and, when python3 with numpy is present,
 * in numpy, in one run. Target (issue 2): 1000 generations × 100 seeds at M = 10⁶ in
 * under 0.5 s. Brute force at M = 10⁶ is timed on a few generations and extrapolated
 * (said so in the output).
 */
import { spawnSync } from "node:child_process";
import { runGaussianChain1dSeeds, runGaussianChain } from "../../src/experiments/gaussianChain";
import { isotropicGaussian } from "../../src/gaussian/gaussianModel";

function time<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`);

/** numpy's timings for the same workloads, or a reason why there are none. */
function numpyTimings(m: number, generations: number, seeds: number, bruteGenerations: number): { exact: number; brutePerGeneration: number } | string {
  const script = `
import time, numpy as np
m, G, S, B = ${m}, ${generations}, ${seeds}, ${bruteGenerations}
rng = np.random.default_rng(1)
t = time.perf_counter()
mu = np.zeros(S); var = np.ones(S)
for g in range(G):
    mu = rng.normal(mu, np.sqrt(var / m))
    var = var * rng.chisquare(m - 1, S) / (m - 1)
exact = time.perf_counter() - t
t = time.perf_counter()
mu_, sd_ = 0.0, 1.0
for g in range(B):
    x = rng.normal(mu_, sd_, m)
    mu_, sd_ = x.mean(), x.std(ddof=1)
brute = (time.perf_counter() - t) / B
print(exact, brute)
`;
  for (const py of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(py, ["-c", script], { encoding: "utf8" });
    if (r.status === 0) {
      const [exact, brute] = r.stdout.trim().split(/\s+/).map(Number);
      return { exact, brutePerGeneration: brute };
    }
  }
  return "python3 with numpy not found (Debian: apt-get install python3-numpy)";
}

export async function run(): Promise<void> {
  const m = 1_000_000;
  const generations = 1000;
  const seeds = 100;
  // warm-up, so the JIT has compiled the hot path
  runGaussianChain1dSeeds({ sampleSize: m, generations: 100, seeds: 10, seed: 99 });
  const [, exact] = time(() => runGaussianChain1dSeeds({ sampleSize: m, generations, seeds, seed: 1 }));
  const bruteGenerations = 5;
  const [, brute] = time(() => runGaussianChain1dSeeds({ sampleSize: m, generations: bruteGenerations, seeds: 1, seed: 2, method: "sample" }));
  const brutePerGen = brute / bruteGenerations;
  const bruteTotal = brutePerGen * generations * seeds;
  console.log(`1-D Gaussian chain, M = 10⁶, ${generations} generations × ${seeds} seeds (${generations * seeds} generations):`);
  console.log(`  ours exact (sufficient statistics)  ${fmt(exact).padStart(10)}   ${((exact / (generations * seeds)) * 1e6).toFixed(2)} µs/generation   target < 0.5 s: ${exact < 0.5 ? "met" : "MISSED"}`);
  console.log(`  ours brute force (M points)         ${fmt(bruteTotal).padStart(10)}   ${fmt(brutePerGen)}/generation (timed on ${bruteGenerations}, extrapolated)   exact is ${(bruteTotal / exact).toFixed(0)}× faster`);
  const np = numpyTimings(m, generations, seeds, bruteGenerations);
  if (typeof np === "string") console.log(`  numpy: skipped — ${np}`);
  else {
    console.log(`  numpy exact, vectorised over seeds   ${fmt(np.exact).padStart(10)}   ours/numpy time ratio ${(exact / np.exact).toFixed(2)}`);
    console.log(`  numpy brute force                   ${fmt(np.brutePerGeneration * generations * seeds).padStart(10)}   ${fmt(np.brutePerGeneration)}/generation   ours/numpy time ratio ${(brutePerGen / np.brutePerGeneration).toFixed(2)}`);
  }
  const d = 10;
  const mD = 10_000;
  const [, exactNd] = time(() => runGaussianChain({ truth: isotropicGaussian(d), sampleSize: mD, generations: 1000, seed: 3 }));
  const [, bruteNd] = time(() => runGaussianChain({ truth: isotropicGaussian(d), sampleSize: mD, generations: 20, seed: 3, method: "sample" }));
  console.log(`d = ${d} Gaussian chain, M = 10⁴: exact ${((exactNd / 1000) * 1e6).toFixed(1)} µs/generation, brute force ${fmt(bruteNd / 20)}/generation: ${(bruteNd / 20 / (exactNd / 1000)).toFixed(0)}×`);
}
