/**
 * Chapter-5 benchmark: n-gram training throughput, scoring throughput and generation
 * throughput (beam search, 5 beams, 64 new tokens, penalty 3.0 — the paper's decoding),
 * with the projected time of the full run (2 settings × 5 seeds × 10 generations).
 * Reference: KenLM (C++) on this kind of machine, measured once on this kind of machine (2 cores) — order-3
 * modified Kneser–Ney estimation of the Brown corpus (1.16 M tokens) in 1.2 s wall, and
 * scoring at about 8 M tokens/s. KenLM has no beam search; generation has no reference.
 */
import * as os from "os";
import { loadBrown } from "../../src/data/brown";
import { prepareCorpus } from "../../src/lm/corpus";
import { KneserNeyModel } from "../../src/lm/kneserNey";
import { InterpolatedLm } from "../../src/lm/interpolatedLm";
import { fineTune } from "../../src/lm/fineTune";
import { tokenProbabilities } from "../../src/lm/perplexity";
import { toBlocks } from "../../src/lm/blocks";
import { generateSynthetic } from "../../src/lm/synthetic";
import { Rng } from "../../src/random/rng";
import { FULL_RUN } from "../../src/experiments/languageModelRun";

const KENLM_TRAIN_SECONDS = 1.2;
const KENLM_TRAIN_TOKENS = 1.16e6;
const KENLM_SCORE_TOKENS_PER_S = 8e6;

function time<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e9];
}

const rate = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);

export async function run(): Promise<void> {
  const [corpus, tLoad] = time(() => prepareCorpus(loadBrown({ targetGenre: FULL_RUN.targetGenre })));
  const all = new Int32Array(corpus.base.length + corpus.train.length);
  all.set(corpus.base);
  all.set(corpus.train, corpus.base.length);
  console.log(`Brown loaded and encoded: ${all.length} tokens (base + train), vocabulary ${corpus.vocab.length}, in ${tLoad.toFixed(2)} s`);

  KneserNeyModel.train(corpus.train, 3, corpus.vocab.length); // warm-up
  const [base, tTrain] = time(() => KneserNeyModel.train(all, 3, corpus.vocab.length));
  const oursTrain = all.length / tTrain;
  const kenlmTrain = KENLM_TRAIN_TOKENS / KENLM_TRAIN_SECONDS;
  console.log(`train order-3 MKN   ours ${rate(oursTrain)} tokens/s (${tTrain.toFixed(2)} s, ${base.trie.size} n-grams)   KenLM ${rate(kenlmTrain)} tokens/s   ours/KenLM ${(oursTrain / kenlmTrain).toFixed(2)}`);

  const lm = InterpolatedLm.single(base);
  const [, tScore] = time(() => tokenProbabilities(lm, all, 64));
  const oursScore = all.length / tScore;
  console.log(`score (perplexity)  ours ${rate(oursScore)} tokens/s   KenLM ${rate(KENLM_SCORE_TOKENS_PER_S)} tokens/s   ours/KenLM ${(oursScore / KENLM_SCORE_TOKENS_PER_S).toFixed(2)}`);

  const baseOnly = KneserNeyModel.train(corpus.base, 3, corpus.vocab.length);
  const ft = fineTune(baseOnly, corpus.train, { validation: corpus.validation });
  const blocks = toBlocks(corpus.train, 64, 0, 100);
  generateSynthetic(ft.lm, toBlocks(corpus.train, 64, 0, 10), { method: "beam" }, new Rng(0)); // warm-up
  const [, tBeam] = time(() => generateSynthetic(ft.lm, blocks, { method: "beam", beams: 5, newTokens: 64, repetitionPenalty: 3 }, new Rng(1)));
  const beamRate = (100 * 64) / tBeam;
  const [, tSample] = time(() => generateSynthetic(ft.lm, blocks, { method: "sample", topK: 50, newTokens: 64 }, new Rng(1)));
  console.log(`generate, beam 5    ours ${rate(beamRate)} new tokens/s (${((tBeam / 100) * 1000).toFixed(1)} ms per 64-token block; fine-tuned model λ = ${ft.lambda.toFixed(3)})`);
  console.log(`generate, top-50    ours ${rate((100 * 64) / tSample)} new tokens/s`);

  const fullBlocks = Math.min(FULL_RUN.options.maxBlocks ?? Infinity, Math.floor(corpus.train.length / 64));
  const passes = 2 * FULL_RUN.seeds.length * (FULL_RUN.options.generations ?? 10);
  const cores = Math.min(os.availableParallelism(), 2 * FULL_RUN.seeds.length);
  const projected = (passes * fullBlocks * (tBeam / 100)) / cores;
  console.log(
    `full run (2 settings × ${FULL_RUN.seeds.length} seeds × ${FULL_RUN.options.generations} generations, ${fullBlocks} blocks of "${FULL_RUN.targetGenre}", pretraining ${corpus.base.length} tokens): ` +
      `projected ${(projected / 60).toFixed(1)} min of generation on ${cores} threads (target < 10 min)`,
  );
}
