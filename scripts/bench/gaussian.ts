/**
 * Chapter-1 benchmark: the exact sufficient-statistic Gaussian generation (docs/theory.md#sufficient-statistic-sampler) vs
 * drawing the M points (brute force), in ours and, when python3 with numpy is present,
 * in numpy, in one run. Target (issue 2): 1000 generations × 100 seeds at M = 10⁶ in
 * under 0.5 s. Brute force at M = 10⁶ is timed on a few generations and extrapolated
 * (said so in the output). Also the samplers underneath, in draws per second: normals
 * (fillNormal vs numpy's default_rng().standard_normal) and gamma deviates (fillGamma vs
 * standard_gamma) at shape 2.5 and at the chain's (M − 1)/2. Every comparison prints
 * "ours/numpy speed": numpy's time over ours, so ≥ 1 means ours is faster.
 */
import { spawnSync } from "node:child_process";
import { runGaussianChain1dSeeds, runGaussianChain } from "../../src/experiments/gaussianChain";
import { isotropicGaussian } from "../../src/gaussian/gaussianModel";
import { Rng } from "../../src/random/rng";

function time<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(1)} ms` : `${s.toFixed(2)} s`);
/** numpy's time over ours: ≥ 1 means ours is faster. */
const speed = (ours: number, numpy: number) => `ours/numpy speed ${(numpy / ours).toFixed(2)}`;
const perSecond = (draws: number, seconds: number) => `${((draws / seconds) / 1e6).toFixed(1)} M/s`.padStart(10);

/** Sampler workloads: normals, then gamma deviates of each shape, `draws` of each. */
const DRAWS = 10_000_000;
const shapesFor = (m: number) => [2.5, (m - 1) / 2];

interface NumpyTimings {
  exact: number;
  brutePerGeneration: number;
  normal: number;
  gamma: number[];
}

/** numpy's timings for the same workloads, or a reason why there are none. */
function numpyTimings(m: number, generations: number, seeds: number, bruteGenerations: number): NumpyTimings | string {
  const script = `
import time, numpy as np
m, G, S, B, N = ${m}, ${generations}, ${seeds}, ${bruteGenerations}, ${DRAWS}
shapes = [${shapesFor(m).join(", ")}]
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
buf = np.empty(N)
rng.standard_normal(out=buf)
t = time.perf_counter()
rng.standard_normal(out=buf)
normal = time.perf_counter() - t
gammas = []
for k in shapes:
    rng.standard_gamma(k, out=buf[:1000])
    t = time.perf_counter()
    rng.standard_gamma(k, out=buf)
    gammas.append(time.perf_counter() - t)
print(exact, brute, normal, *gammas)
`;
  for (const py of ["/usr/bin/python3", "python3"]) {
    const r = spawnSync(py, ["-c", script], { encoding: "utf8" });
    if (r.status === 0) {
      const [exact, brute, normal, ...gamma] = r.stdout.trim().split(/\s+/).map(Number);
      return { exact, brutePerGeneration: brute, normal, gamma };
    }
  }
  return "python3 with numpy not found (Debian: apt-get install python3-numpy)";
}

export async function run(): Promise<void> {
  const m = 1_000_000;
  const generations = 1000;
  const seeds = 100;
  // Warm-up, so the JIT has compiled the hot paths: a whole run of each, since on a busy
  // machine V8's background compiler can take tens of milliseconds to deliver.
  runGaussianChain1dSeeds({ sampleSize: m, generations, seeds, seed: 99 });
  runGaussianChain1dSeeds({ sampleSize: m, generations: 2, seeds: 1, seed: 98, method: "sample" });
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
    console.log(`  numpy exact, vectorised over seeds   ${fmt(np.exact).padStart(10)}   ${speed(exact, np.exact)}`);
    console.log(`  numpy brute force                   ${fmt(np.brutePerGeneration * generations * seeds).padStart(10)}   ${fmt(np.brutePerGeneration)}/generation   ${speed(brutePerGen, np.brutePerGeneration)}`);
  }
  // Both sides write into a buffer already touched (numpy through out=), so the times are
  // the samplers', not the first-touch page faults of an 80 MB array.
  const out = new Float64Array(DRAWS);
  const rng = new Rng(4);
  rng.fillNormal(out);
  const [, normal] = time(() => rng.fillNormal(out));
  const [, normalPerCall] = time(() => {
    for (let i = 0; i < DRAWS; i++) out[i] = rng.normal();
  });
  console.log(`Samplers, ${DRAWS / 1e6}·10⁶ draws each:`);
  console.log(`  normal, ours fillNormal   ${perSecond(DRAWS, normal)}   (normal() per call ${perSecond(DRAWS, normalPerCall).trim()})${typeof np === "string" ? "" : `   numpy standard_normal ${perSecond(DRAWS, np.normal).trim()}   ${speed(normal, np.normal)}`}`);
  shapesFor(m).forEach((k, i) => {
    rng.fillGamma(out.subarray(0, 100_000), k);
    const [, gamma] = time(() => rng.fillGamma(out, k));
    const label = `gamma(${k})`.padEnd(13);
    console.log(`  ${label}, ours fillGamma ${perSecond(DRAWS, gamma)}${typeof np === "string" ? "" : `   numpy standard_gamma ${perSecond(DRAWS, np.gamma[i]).trim()}   ${speed(gamma, np.gamma[i])}`}`);
  });
  const d = 10;
  const mD = 10_000;
  const [, exactNd] = time(() => runGaussianChain({ truth: isotropicGaussian(d), sampleSize: mD, generations: 1000, seed: 3 }));
  const [, bruteNd] = time(() => runGaussianChain({ truth: isotropicGaussian(d), sampleSize: mD, generations: 20, seed: 3, method: "sample" }));
  console.log(`d = ${d} Gaussian chain, M = 10⁴: exact ${((exactNd / 1000) * 1e6).toFixed(1)} µs/generation, brute force ${fmt(bruteNd / 20)}/generation: ${(bruteNd / 20 / (exactNd / 1000)).toFixed(0)}×`);
}
