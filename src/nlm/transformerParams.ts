/**
 * The parameters of chapter 7's decoder-only transformer: GPT-2's layout (Radford et al.
 * 2019, "Language models are unsupervised multitask learners", §2.3) at a small size.
 *
 *   x₀ = E[token] + P[position]                      token and learned position embeddings
 *   per block:  x ← x + Attn(LN₁(x)),  x ← x + MLP(LN₂(x))      pre-LayerNorm residual blocks
 *   logits = LN_f(x) · Eᵀ                            the output layer tied to E (Press & Wolf 2017)
 *
 * As the VAE's (../vae/vaeParams.ts), the parameters are plain Float32Arrays: views on one
 * array `flat`, in the order of `parameterLayout`, so Adam (../vae/adam.ts) updates the
 * whole model in one loop, a gradient arrives in one download and a model can be copied to
 * a worker thread or stored without a tensor engine. Matrices are row-major, input-major
 * (W is in × out), so x·W needs no transpose.
 */
import type { Rng } from "../random/rng";
import { assertInteger, invalid } from "../validate";

export interface TransformerConfig {
  vocabSize: number;
  /** Longest sequence the model reads: the rows of the position embedding. */
  contextLength: number;
  /** Width of the residual stream. */
  dModel: number;
  layers: number;
  /** Attention heads; each has dModel / heads dimensions. */
  heads: number;
  /** Width of the MLP's hidden layer. */
  ffHidden: number;
}

/** Everything but the vocabulary, defaulted: a 2-layer, 128-wide model of 128 tokens of context. */
export type TransformerConfigInput = Pick<TransformerConfig, "vocabSize"> & Partial<Omit<TransformerConfig, "vocabSize">>;

/** The config with its defaults filled in and every field checked. */
export function transformerConfig(input: TransformerConfigInput): TransformerConfig {
  const dModel = input.dModel ?? 128;
  const config: TransformerConfig = {
    vocabSize: input.vocabSize,
    contextLength: input.contextLength ?? 128,
    dModel,
    layers: input.layers ?? 2,
    heads: input.heads ?? 4,
    // GPT-2's (and Vaswani et al.'s) 4 × dModel.
    ffHidden: input.ffHidden ?? 4 * dModel,
  };
  validateConfig(config);
  return config;
}

export function validateConfig(c: TransformerConfig, name = "config"): void {
  // Two tokens at least: a language model over one token has nothing to predict.
  assertInteger(c?.vocabSize, `${name}.vocabSize`, 2);
  assertInteger(c.contextLength, `${name}.contextLength`, 1);
  assertInteger(c.dModel, `${name}.dModel`, 1);
  assertInteger(c.layers, `${name}.layers`, 1);
  assertInteger(c.heads, `${name}.heads`, 1);
  assertInteger(c.ffHidden, `${name}.ffHidden`, 1);
  if (c.dModel % c.heads !== 0) invalid(`${name}.dModel`, `a multiple of heads = ${c.heads}`, c.dModel);
}

/** The parameters of one pre-LN block. */
export interface BlockParams {
  ln1Gain: Float32Array;
  ln1Bias: Float32Array;
  /** [dModel, 3·dModel]: queries, keys and values side by side, each head a run of dModel/heads columns. */
  qkvWeight: Float32Array;
  qkvBias: Float32Array;
  /** [dModel, dModel]: the heads' concatenated outputs back into the residual stream. */
  projWeight: Float32Array;
  projBias: Float32Array;
  ln2Gain: Float32Array;
  ln2Bias: Float32Array;
  /** [dModel, ffHidden] */
  mlpInWeight: Float32Array;
  mlpInBias: Float32Array;
  /** [ffHidden, dModel] */
  mlpOutWeight: Float32Array;
  mlpOutBias: Float32Array;
}

export const BLOCK_PARAM_NAMES = [
  "ln1Gain",
  "ln1Bias",
  "qkvWeight",
  "qkvBias",
  "projWeight",
  "projBias",
  "ln2Gain",
  "ln2Bias",
  "mlpInWeight",
  "mlpInBias",
  "mlpOutWeight",
  "mlpOutBias",
] as const;
export type BlockParamName = (typeof BLOCK_PARAM_NAMES)[number];

export interface TransformerParams {
  config: TransformerConfig;
  /** Every parameter, in `parameterLayout` order; the named arrays are views on it. */
  flat: Float32Array;
  /** [vocabSize, dModel]: the input embedding and, transposed, the output layer. */
  tokenEmbedding: Float32Array;
  /** [contextLength, dModel] */
  positionEmbedding: Float32Array;
  blocks: BlockParams[];
  finalLnGain: Float32Array;
  finalLnBias: Float32Array;
}

/** How a parameter tensor starts (GPT-2's initialisation; see `initTransformerParams`). */
export type ParamInit = "normal" | "residualNormal" | "zeros" | "ones";

/** One parameter tensor: where it sits in `flat` and which named array it is. */
export interface ParamEntry {
  /** "tokenEmbedding", "blocks.0.qkvWeight", …: unique, readable in test failures. */
  name: string;
  shape: number[];
  offset: number;
  size: number;
  init: ParamInit;
}

/** The parameter tensors in `flat` order: embeddings, then each block, then the final LayerNorm. */
export function parameterLayout(config: TransformerConfig): ParamEntry[] {
  validateConfig(config);
  const { vocabSize: V, contextLength: C, dModel: D, ffHidden: F } = config;
  const entries: ParamEntry[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: ParamInit) => {
    const size = shape.reduce((a, b) => a * b, 1);
    entries.push({ name, shape, offset, size, init });
    offset += size;
  };
  add("tokenEmbedding", [V, D], "normal");
  add("positionEmbedding", [C, D], "normal");
  const blockShapes: Record<BlockParamName, [number[], ParamInit]> = {
    ln1Gain: [[D], "ones"],
    ln1Bias: [[D], "zeros"],
    qkvWeight: [[D, 3 * D], "normal"],
    qkvBias: [[3 * D], "zeros"],
    projWeight: [[D, D], "residualNormal"],
    projBias: [[D], "zeros"],
    ln2Gain: [[D], "ones"],
    ln2Bias: [[D], "zeros"],
    mlpInWeight: [[D, F], "normal"],
    mlpInBias: [[F], "zeros"],
    mlpOutWeight: [[F, D], "residualNormal"],
    mlpOutBias: [[D], "zeros"],
  };
  for (let l = 0; l < config.layers; l++) {
    for (const name of BLOCK_PARAM_NAMES) add(`blocks.${l}.${name}`, ...blockShapes[name]);
  }
  add("finalLnGain", [D], "ones");
  add("finalLnBias", [D], "zeros");
  return entries;
}

/** Number of parameters of a model of this config (the tied output layer counted once). */
export function parameterCount(config: TransformerConfig): number {
  const layout = parameterLayout(config);
  const last = layout[layout.length - 1];
  return last.offset + last.size;
}

/** TransformerParams whose named arrays are views on `flat` (of length parameterCount(config)). */
export function transformerParamsFromFlat(config: TransformerConfig, flat: Float32Array): TransformerParams {
  const layout = parameterLayout(config);
  const count = parameterCount(config);
  if (flat.length !== count) invalid("flat.length", `${count}, the parameter count of ${JSON.stringify(config)}`, flat.length);
  const view = new Map(layout.map((e) => [e.name, flat.subarray(e.offset, e.offset + e.size)]));
  const get = (name: string) => view.get(name) as Float32Array;
  const blocks: BlockParams[] = [];
  for (let l = 0; l < config.layers; l++) {
    const block = {} as BlockParams;
    for (const name of BLOCK_PARAM_NAMES) block[name] = get(`blocks.${l}.${name}`);
    blocks.push(block);
  }
  return {
    config: { ...config },
    flat,
    tokenEmbedding: get("tokenEmbedding"),
    positionEmbedding: get("positionEmbedding"),
    blocks,
    finalLnGain: get("finalLnGain"),
    finalLnBias: get("finalLnBias"),
  };
}

/** GPT-2's standard deviation of every weight matrix and embedding at initialisation. */
export const INIT_STD = 0.02;

/**
 * Fresh parameters as GPT-2 initialises them (the released code and Hugging Face's
 * GPT2PreTrainedModel._init_weights): weights and embeddings N(0, 0.02²), biases 0,
 * LayerNorm gains 1. The two projections that write into the residual stream (attention
 * output, MLP output) are scaled by 1/√(2·layers), as GPT-2 §2.3 describes, so the
 * stream's variance does not grow with depth at initialisation.
 */
export function initTransformerParams(config: TransformerConfig, rng: Rng): TransformerParams {
  const p = transformerParamsFromFlat(config, new Float32Array(parameterCount(config)));
  const residualStd = INIT_STD / Math.sqrt(2 * config.layers);
  for (const e of parameterLayout(config)) {
    const a = p.flat.subarray(e.offset, e.offset + e.size);
    if (e.init === "normal") rng.fillNormal(a, 0, INIT_STD);
    else if (e.init === "residualNormal") rng.fillNormal(a, 0, residualStd);
    else if (e.init === "ones") a.fill(1);
  }
  return p;
}
