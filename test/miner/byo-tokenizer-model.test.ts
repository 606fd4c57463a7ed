import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InferenceEngine } from "../../miner/src/inference/engine";
import { sha256Hex } from "../../miner/src/inference/manifest";
import { createOnnxEngine, loadModelDirs } from "../../miner/src/inference/onnx-engine";
import { buildModel } from "../../miner/src/training/onnx";
import type { TaskRequest } from "../../shared/src/protocol";
import { seededFloats } from "./helpers/model-fixtures";

// "Bring your own ONNX": a token-id model (int64 input_ids + attention_mask, masked mean of embeddings, linear,
// softmax) with a tokenizer.json, loaded through the manifest exactly as an exported transformer would be.

const VOCAB = [
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
const LABELS = ["order_status", "refund", "greeting"];
const D = 8;

let dir: string;
let batched: InferenceEngine;
let unbatched: InferenceEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "miaoai-byo-"));
  const model = buildModel({
    inputs: [
      { name: "input_ids", elemType: "int64", shape: ["batch", "seq"] },
      { name: "attention_mask", elemType: "int64", shape: ["batch", "seq"] },
    ],
    outputs: [{ name: "probs", elemType: "float32", shape: ["batch", LABELS.length] }],
    initializers: [
      { name: "E", elemType: "float32", dims: [VOCAB.length, D], data: seededFloats(VOCAB.length * D, 3, 1) },
      {
        name: "W",
        elemType: "float32",
        dims: [D, LABELS.length],
        data: seededFloats(D * LABELS.length, 4, 1),
      },
      { name: "b", elemType: "float32", dims: [LABELS.length], data: new Float32Array(LABELS.length) },
      { name: "axis1", elemType: "int64", dims: [1], data: BigInt64Array.of(1n) },
      { name: "axis2", elemType: "int64", dims: [1], data: BigInt64Array.of(2n) },
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
      { op: "Gemm", inputs: ["pooled", "W", "b"], outputs: ["logits"] },
      { op: "Softmax", inputs: ["logits"], outputs: ["probs"], attributes: { axis: { int: -1 } } },
    ],
  });
  await writeFile(join(dir, "model.onnx"), model);
  await writeFile(
    join(dir, "tokenizer.json"),
    JSON.stringify({
      normalizer: { type: "BertNormalizer", lowercase: true },
      post_processor: { type: "BertProcessing", cls: ["[CLS]", 2], sep: ["[SEP]", 3] },
      model: {
        type: "WordPiece",
        unk_token: "[UNK]",
        vocab: Object.fromEntries(VOCAB.map((t, i) => [t, i])),
      },
    }),
  );
  await writeFile(
    join(dir, "manifest.json"),
    JSON.stringify({
      id: "byo-bag-of-embeddings",
      taskType: "intent_classification",
      languages: ["en"],
      file: "model.onnx",
      sha256: sha256Hex(model),
      labels: LABELS,
      featurizer: { kind: "tokenizer", tokenizerFile: "tokenizer.json", maxLength: 16 },
      io: {
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        outputs: { probabilities: "probs" },
      },
    }),
  );
  const files = await loadModelDirs([dir]);
  const common = { provider: "cpu" as const, intraOpThreads: 1, interOpThreads: 1 };
  batched = await createOnnxEngine(files, { ...common, batchWindowMs: 5, maxBatchRows: 64 });
  unbatched = await createOnnxEngine(files, { ...common, batchWindowMs: 0, maxBatchRows: 1 });
});

afterAll(async () => {
  await batched?.close();
  await unbatched?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const task = (i: number, text: string): TaskRequest =>
  ({
    protocolVersion: 1,
    taskId: `byo-${i}`,
    deadlineMs: 5000,
    taskType: "intent_classification",
    language: "en",
    text,
    labels: LABELS,
  }) as TaskRequest;

describe("bring-your-own token-id model with tokenizer.json", () => {
  it("answers through the manifest, tokenizer and int64 inputs", async () => {
    const answer = (await unbatched.run(task(0, "Where is my order?"))) as {
      label: string;
      probabilities: Record<string, number>;
    };
    expect(LABELS).toContain(answer.label);
    const sum = Object.values(answer.probabilities).reduce((s, p) => s + p, 0);
    expect(sum).toBeCloseTo(1, 5);
    expect(new Set(Object.values(answer.probabilities)).size).toBeGreaterThan(1);
  });

  it("gives the same answers batched (rows padded to the longest) as one at a time", async () => {
    const texts = [
      "where is my order?",
      "refunds please",
      "is",
      "my order is where? where? where?",
      "unknownword",
    ];
    const tasks = texts.map((t, i) => task(i, t));
    const a = await Promise.all(tasks.map((t) => batched.run(t)));
    const b = [];
    for (const t of tasks) b.push(await unbatched.run(t));
    for (const [i, x] of a.entries()) {
      const y = b[i] as { probabilities: Record<string, number> };
      for (const label of LABELS) {
        expect((x as { probabilities: Record<string, number> }).probabilities[label]).toBeCloseTo(
          y.probabilities[label] ?? -1,
          6,
        );
      }
    }
  });
});
