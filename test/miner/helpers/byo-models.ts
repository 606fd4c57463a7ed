import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex } from "../../../miner/src/inference/manifest";
import { buildModel } from "../../../miner/src/training/onnx";
import type { TaskRequest } from "../../../shared/src/protocol";
import { seededFloats } from "./model-fixtures";

/**
 * "Bring your own ONNX" test models: a token-id classifier (int64 input_ids + attention_mask, masked mean of
 * embeddings, linear, optional softmax) with a WordPiece tokenizer.json and a manifest, written as an operator
 * would lay out an exported transformer. Options give the shapes and faults real exports have.
 */

export const BYO_VOCAB = [
  "[PAD]",
  "[UNK]",
  "[CLS]",
  "[SEP]",
  "where",
  "is",
  "my",
  "order",
  "refund",
  "please",
  "?",
  "##s",
];
export const BYO_LABELS = ["order_status", "refund", "greeting"];
const D = 8;

export interface ByoModelOptions {
  /** The graph's output: after a softmax (`probs`) or the raw `logits` (default `probs`). */
  output?: "probs" | "logits";
  /** The manifest role naming that output (default: the one matching `output`). */
  role?: "probabilities" | "logits";
  /** The graph's batch axis: dynamic, or fixed (an export without dynamic axes). */
  batch?: number | "batch";
  /** The graph's sequence axis: dynamic, or fixed at a length. */
  seq?: number | "seq";
  /** The manifest's featurizer.maxLength (default 16). */
  maxLength?: number;
  /** Tokens the tokenizer knows past the embedding table's rows (their ids make the graph fail). */
  extraVocab?: readonly string[];
  /** Multiplies the output by NaN (a broken export). */
  nan?: boolean;
}

function byoGraph(o: ByoModelOptions): Uint8Array {
  const output = o.output ?? "probs";
  const batch = o.batch ?? "batch";
  const seq = o.seq ?? "seq";
  const last = o.nan ? "pre_nan" : output;
  return buildModel({
    inputs: [
      { name: "input_ids", elemType: "int64", shape: [batch, seq] },
      { name: "attention_mask", elemType: "int64", shape: [batch, seq] },
    ],
    outputs: [{ name: output, elemType: "float32", shape: [batch, BYO_LABELS.length] }],
    initializers: [
      {
        name: "E",
        elemType: "float32",
        dims: [BYO_VOCAB.length, D],
        data: seededFloats(BYO_VOCAB.length * D, 3, 1),
      },
      {
        name: "W",
        elemType: "float32",
        dims: [D, BYO_LABELS.length],
        data: seededFloats(D * BYO_LABELS.length, 4, 1),
      },
      {
        name: "b",
        elemType: "float32",
        dims: [BYO_LABELS.length],
        data: new Float32Array(BYO_LABELS.length),
      },
      { name: "axis1", elemType: "int64", dims: [1], data: BigInt64Array.of(1n) },
      { name: "axis2", elemType: "int64", dims: [1], data: BigInt64Array.of(2n) },
      { name: "nan", elemType: "float32", dims: [1], data: Float32Array.of(Number.NaN) },
    ],
    nodes: [
      { op: "Gather", inputs: ["E", "input_ids"], outputs: ["emb"], attributes: { axis: { int: 0 } } },
      { op: "Cast", inputs: ["attention_mask"], outputs: ["maskf"], attributes: { to: { int: 1 } } },
      { op: "Unsqueeze", inputs: ["maskf", "axis2"], outputs: ["mask3"] },
      { op: "Mul", inputs: ["emb", "mask3"], outputs: ["masked"] },
      {
        op: "ReduceSum",
        inputs: ["masked", "axis1"],
        outputs: ["summed"],
        attributes: { keepdims: { int: 0 } },
      },
      {
        op: "ReduceSum",
        inputs: ["mask3", "axis1"],
        outputs: ["count"],
        attributes: { keepdims: { int: 0 } },
      },
      { op: "Div", inputs: ["summed", "count"], outputs: ["pooled"] },
      { op: "Gemm", inputs: ["pooled", "W", "b"], outputs: [output === "probs" ? "logits" : last] },
      ...(output === "probs"
        ? [{ op: "Softmax", inputs: ["logits"], outputs: [last], attributes: { axis: { int: -1 } } }]
        : []),
      ...(o.nan ? [{ op: "Mul", inputs: [last, "nan"], outputs: [output] }] : []),
    ],
  });
}

/** Writes a model folder (model.onnx, tokenizer.json, manifest.json) for the options. */
export async function writeByoModel(folder: string, o: ByoModelOptions = {}): Promise<void> {
  const output = o.output ?? "probs";
  const role = o.role ?? (output === "probs" ? "probabilities" : "logits");
  const model = byoGraph(o);
  const vocab = [...BYO_VOCAB, ...(o.extraVocab ?? [])];
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "model.onnx"), model);
  await writeFile(
    join(folder, "tokenizer.json"),
    JSON.stringify({
      normalizer: { type: "BertNormalizer", lowercase: true },
      post_processor: { type: "BertProcessing", cls: ["[CLS]", 2], sep: ["[SEP]", 3] },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      },
    }),
  );
  await writeFile(
    join(folder, "manifest.json"),
    JSON.stringify({
      id: `byo-${output}-${role}`,
      taskType: "intent_classification",
      languages: ["en"],
      file: "model.onnx",
      sha256: sha256Hex(model),
      labels: BYO_LABELS,
      featurizer: { kind: "tokenizer", tokenizerFile: "tokenizer.json", maxLength: o.maxLength ?? 16 },
      io: {
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        outputs: { [role]: output },
      },
    }),
  );
}

/** An intent task over the BYO models' labels. */
export function byoTask(i: number, text: string): TaskRequest {
  return {
    protocolVersion: 1,
    taskId: `byo-${i}`,
    deadlineMs: 5000,
    taskType: "intent_classification",
    language: "en",
    text,
    labels: BYO_LABELS,
  } as TaskRequest;
}
