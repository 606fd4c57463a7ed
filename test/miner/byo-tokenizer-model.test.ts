import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
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
/** The same graph without its final softmax, served with `io.outputs.logits` (as a Hugging Face export is). */
let fromLogits: InferenceEngine;
let misread: InferenceEngine;

/** The bag-of-embeddings classifier; `output: "logits"` leaves the softmax to the miner. */
function byoModel(output: "probs" | "logits"): Uint8Array {
  return buildModel({
    inputs: [
      { name: "input_ids", elemType: "int64", shape: ["batch", "seq"] },
      { name: "attention_mask", elemType: "int64", shape: ["batch", "seq"] },
    ],
    outputs: [{ name: output, elemType: "float32", shape: ["batch", LABELS.length] }],
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
      ...(output === "probs"
        ? [{ op: "Softmax", inputs: ["logits"], outputs: ["probs"], attributes: { axis: { int: -1 } } }]
        : []),
    ],
  });
}

/** Writes a model folder: the ONNX file, the tokenizer and a manifest naming the output's role. */
async function writeModelFolder(
  folder: string,
  output: "probs" | "logits",
  role: "probabilities" | "logits" = output === "probs" ? "probabilities" : "logits",
): Promise<void> {
  const model = byoModel(output);
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
        vocab: Object.fromEntries(VOCAB.map((t, i) => [t, i])),
      },
    }),
  );
  await writeFile(
    join(folder, "manifest.json"),
    JSON.stringify({
      id: `byo-bag-of-embeddings-${output}-${role}`,
      taskType: "intent_classification",
      languages: ["en"],
      file: "model.onnx",
      sha256: sha256Hex(model),
      labels: LABELS,
      featurizer: { kind: "tokenizer", tokenizerFile: "tokenizer.json", maxLength: 16 },
      io: {
        inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
        outputs: { [role]: output },
      },
    }),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "miaoai-byo-"));
  await writeModelFolder(join(dir, "probs"), "probs");
  await writeModelFolder(join(dir, "logits"), "logits");
  // The trap the logits role removes: raw logits named as probabilities.
  await writeModelFolder(join(dir, "misread"), "logits", "probabilities");
  const files = await loadModelDirs([join(dir, "probs")]);
  const common = { provider: "cpu" as const, intraOpThreads: 1, interOpThreads: 1 };
  batched = await createOnnxEngine(files, { ...common, batchWindowMs: 5, maxBatchRows: 64 });
  unbatched = await createOnnxEngine(files, { ...common, batchWindowMs: 0, maxBatchRows: 1 });
  fromLogits = await createOnnxEngine(await loadModelDirs([join(dir, "logits")]), {
    ...common,
    batchWindowMs: 5,
    maxBatchRows: 64,
  });
  misread = await createOnnxEngine(await loadModelDirs([join(dir, "misread")]), {
    ...common,
    batchWindowMs: 0,
    maxBatchRows: 1,
  });
});

afterAll(async () => {
  await batched?.close();
  await unbatched?.close();
  await fromLogits?.close();
  await misread?.close();
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

  it("serves a model that outputs raw logits: the miner's softmax gives the in-graph softmax's answers", async () => {
    const texts = ["where is my order?", "refunds please", "is", "unknownword", "my order"];
    const tasks = texts.map((t, i) => task(i, t));
    type Answer = { label: string; probabilities: Record<string, number> };
    const viaLogits = (await Promise.all(tasks.map((t) => fromLogits.run(t)))) as Answer[];
    let misreadDiffers = 0;
    for (const [i, t] of tasks.entries()) {
      const want = (await unbatched.run(t)) as Answer;
      const got = viaLogits[i] as Answer;
      expect(got.label).toBe(want.label);
      for (const label of LABELS)
        expect(got.probabilities[label]).toBeCloseTo(want.probabilities[label] ?? -1, 6);
      const wrong = (await misread.run(t)) as Answer;
      if (LABELS.some((l) => Math.abs((wrong.probabilities[l] ?? 0) - (want.probabilities[l] ?? 0)) > 1e-3))
        misreadDiffers++;
    }
    // Named as probabilities, the same logits give other answers: the role is what makes them right.
    expect(misreadDiffers).toBeGreaterThan(0);
  });
});
