/**
 * Chapter 07's figures from the transformer's runs: summarised as chapter 05's (the n-gram
 * interpolation diagnostics left out), drawn by chapter 05's builders, and set beside the
 * n-gram's histograms. The tail numbers in the figures are the histograms' own quantiles.
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { Rng } from "../src/random/rng";
import { initTensorflow } from "../src/vae/tensorflow";
import { markovCorpus } from "./helpers/markovChain";
import { summarize } from "../src/lm/summary";
import { initTransformerParams, transformerConfig } from "../src/nlm/transformerParams";
import { trainTransformer } from "../src/nlm/transformerTraining";
import { runNeuralCollapse } from "../src/nlm/neuralCollapse";
import { histogramFigure, perplexityFigure } from "../src/figures/ch05";
import { tailComparisonFigure, tailOf } from "../src/figures/ch07";

const corpus = markovCorpus({ base: 512, train: 128, validation: 64, test: 128 });

test("transformer runs: chapter 05's summary and builders, and the tail beside the n-gram's", async () => {
  const tf = await initTensorflow("wasm");
  const model = initTransformerParams(transformerConfig({ vocabSize: 8, contextLength: 16, dModel: 8, layers: 1, heads: 2 }), new Rng(1));
  trainTransformer(tf, model, corpus.base, { rng: new Rng(2), windowLength: 16, batchSize: 8, epochs: 2 });
  const options = { generations: 3, blockSize: 8, epochs: 1, histogramGenerations: [0, 2], promptTokens: 8, training: { batchSize: 8 } };
  const runs = (["b", "c"] as const).flatMap((setting) => [0, 1].map((seed) => runNeuralCollapse(tf, corpus, model, setting, seed, options)));
  const s = summarize(corpus, runs, { options });
  const b = s.settings.b!;
  assert.deepEqual(b.generations, [0, 1, 2]);
  assert.equal(b.lambda, undefined, "no interpolation weight for a transformer");
  assert.ok(Math.abs(b.meanPerplexity[1] - (runs[0].testPerplexity[1] + runs[1].testPerplexity[1]) / 2) < 1e-12);
  const blocks = runs[0].blocks + runs[1].blocks;
  assert.deepEqual(b.histograms.map((h) => h.count), [blocks, blocks], "every generated block of both seeds");
  assert.equal(perplexityFigure(s).data.length, 6, "a band (two edges) and the mean line for (b) and for (c)");
  assert.equal(histogramFigure(s, [0, 2]).data.length, 4);
  const fig = tailComparisonFigure(s, s, "b", [0, 2]);
  assert.equal(fig.data.length, 4);
  assert.deepEqual(fig.data.map((t) => t.xaxis ?? "x"), ["x", "x", "x2", "x2"]);
  const tail = tailOf(b.histograms[1]);
  assert.equal(tail.generation, 2);
  assert.ok(tail.median <= tail.p95 && tail.p95 <= tail.max);
});
