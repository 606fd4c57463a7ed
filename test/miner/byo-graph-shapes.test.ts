import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InferenceEngine } from "../../miner/src/inference/engine";
import { sha256Hex } from "../../miner/src/inference/manifest";
import {
  createOnnxEngine,
  loadModelDirs,
  type OnnxEngineOptions,
} from "../../miner/src/inference/onnx-engine";
import { buildModel } from "../../miner/src/training/onnx";
import type { TaskRequest, TaskResponse } from "../../shared/src/protocol";
import { BYO_LABELS, byoTask, writeByoModel } from "./helpers/byo-models";
import { IMAGE_LABELS, seededFloats } from "./helpers/model-fixtures";
import { sampleTask } from "./helpers/sample-tasks";

// Operators' exports as they really come: fixed batch or sequence axes, NCHW image inputs, vocabularies past
// the embedding table, broken outputs. Each is served right (same answers as the plain twin) or refused.

const batchedOptions: OnnxEngineOptions = {
  provider: "cpu",
  intraOpThreads: 1,
  interOpThreads: 1,
  batchWindowMs: 5,
  maxBatchRows: 64,
};
const TEXTS = ["where is my order?", "refunds please", "is", "my order is where? where?", "unknownword"];
const intentTask = byoTask;

let dir: string;
const engines: InferenceEngine[] = [];
const engineFor = async (folder: string, options: Partial<OnnxEngineOptions> = {}) => {
  const engine = await createOnnxEngine(await loadModelDirs([folder]), { ...batchedOptions, ...options });
  engines.push(engine);
  return engine;
};
/** Every task at once (so the batcher makes batches), answers in task order. */
const answers = (engine: InferenceEngine, tasks: TaskRequest[]) =>
  Promise.all(tasks.map((t) => engine.run(t)));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "miaoai-byo-shapes-"));
});
afterAll(async () => {
  for (const engine of engines) await engine.close();
  await rm(dir, { recursive: true, force: true });
});

describe("operators' ONNX exports", () => {
  it("a graph with its batch axis fixed at 1 is served one row at a time, with the dynamic twin's answers", async () => {
    await writeByoModel(join(dir, "dynamic"));
    await writeByoModel(join(dir, "batch1"), { batch: 1 });
    const logged: string[] = [];
    const fixed = await engineFor(join(dir, "batch1"), { log: (line) => logged.push(line) });
    expect(logged.join("\n")).toMatch(/model byo-probs-probabilities: the graph fixes its batch axis at 1/);
    await fixed.warmUp();
    const tasks = Array.from({ length: 40 }, (_, i) => intentTask(i, TEXTS[i % TEXTS.length] as string));
    const want = await answers(await engineFor(join(dir, "dynamic")), tasks);
    const got = await answers(fixed, tasks);
    for (const [i, g] of got.entries()) expectSameProbabilities(g, want[i] as TaskResponse);
  });

  it("a graph with a fixed sequence length gets rows padded to it, with the dynamic twin's answers", async () => {
    await writeByoModel(join(dir, "seq16"), { seq: 16, maxLength: 16 });
    const fixed = await engineFor(join(dir, "seq16"));
    await fixed.warmUp();
    const tasks = TEXTS.map((text, i) => intentTask(i, text));
    const want = await answers(await engineFor(join(dir, "dynamic")), tasks);
    const got = await answers(fixed, tasks);
    for (const [i, g] of got.entries()) expectSameProbabilities(g, want[i] as TaskResponse);
  });

  it("refuses at load a maxLength longer than the graph's fixed sequence, naming the model and the fix", async () => {
    await writeByoModel(join(dir, "seq8"), { seq: 8, maxLength: 16 });
    await expect(engineFor(join(dir, "seq8"))).rejects.toThrow(
      'model byo-probs-probabilities: the graph fixes the sequence length of io.inputs.input_ids ("input_ids") at 8; set featurizer.maxLength <= 8',
    );
  });

  it("one input the graph cannot take fails alone; the requests batched with it are answered", async () => {
    // "boom" has an id past the embedding table: the graph's Gather fails on any batch holding it.
    await writeByoModel(join(dir, "short-table"), { extraVocab: ["boom"] });
    const engine = await engineFor(join(dir, "short-table"));
    const tasks = TEXTS.map((text, i) => intentTask(i, i === 2 ? "boom" : text));
    const settled = await Promise.allSettled(tasks.map((t) => engine.run(t)));
    expect(settled.map((s) => s.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
    ]);
  });

  it("a graph that outputs NaN fails its warm-up with the model named, and never answers with made-up numbers", async () => {
    await writeByoModel(join(dir, "nan"), { output: "logits", nan: true });
    const engine = await engineFor(join(dir, "nan"));
    await expect(engine.warmUp()).rejects.toThrow(
      /^model byo-logits-logits failed its warm-up \(batches of short and maximum-length inputs\): non-finite output/,
    );
    await expect(engine.run(intentTask(0, "where is my order?"))).rejects.toThrow(
      "model byo-logits-logits gave a non-finite output (NaN or infinity)",
    );
  });

  it("refuses at warm-up raw logits named as probabilities, and names the model of a tokenizer it cannot read", async () => {
    await writeByoModel(join(dir, "misread"), { output: "logits", role: "probabilities" });
    const misread = await engineFor(join(dir, "misread"));
    await expect(misread.warmUp()).rejects.toThrow(
      "io.outputs.probabilities is not a probability distribution (values in [0, 1] summing to 1): if the graph ends without a softmax, name that output io.outputs.logits",
    );
    await writeByoModel(join(dir, "bpe"));
    await writeFile(
      join(dir, "bpe", "tokenizer.json"),
      JSON.stringify({ model: { type: "BPE", vocab: {} } }),
    );
    await expect(engineFor(join(dir, "bpe"))).rejects.toThrow(
      `model byo-probs-probabilities (${join(dir, "bpe")}): tokenizer.json model.type`,
    );
  });

  it("an image model taking [batch, c, h, w] pixels gets the same answers as its flat twin", async () => {
    await writeImageModel(join(dir, "nchw"), ["batch", 3, 6, 10]);
    await writeImageModel(join(dir, "flat"), ["batch", 180]);
    const nchw = await engineFor(join(dir, "nchw"));
    await nchw.warmUp();
    const tasks = Array.from({ length: 6 }, (_, i) => sampleTask("product_image", i));
    const got = await answers(nchw, tasks);
    expect(got).toEqual(await answers(await engineFor(join(dir, "flat")), tasks));
    // Different images, different answers: the pixels reached the graph.
    expect(new Set(got.map((a) => JSON.stringify(a))).size).toBeGreaterThan(1);
  });
});

/** The same answer up to float rounding (a batch padded to another length sums in another order). */
function expectSameProbabilities(got: TaskResponse, want: TaskResponse): void {
  expect((got as { label: string }).label).toBe((want as { label: string }).label);
  const g = (got as { probabilities: Record<string, number> }).probabilities;
  const w = (want as { probabilities: Record<string, number> }).probabilities;
  for (const label of BYO_LABELS) expect(g[label]).toBeCloseTo(w[label] ?? -1, 6);
}

/** A linear image classifier over 3 x 6 x 10 pixels, its input flat or NCHW (flattened inside the graph). */
async function writeImageModel(folder: string, inputShape: (number | string)[]): Promise<void> {
  const width = 180;
  const nchw = inputShape.length === 4;
  const model = buildModel({
    inputs: [{ name: "pixel_values", elemType: "float32", shape: inputShape }],
    outputs: [{ name: "logits", elemType: "float32", shape: ["batch", IMAGE_LABELS.length] }],
    initializers: [
      {
        name: "W",
        elemType: "float32",
        dims: [width, IMAGE_LABELS.length],
        data: seededFloats(width * 4, 9, 1),
      },
      {
        name: "b",
        elemType: "float32",
        dims: [IMAGE_LABELS.length],
        data: new Float32Array(IMAGE_LABELS.length),
      },
    ],
    nodes: [
      ...(nchw
        ? [{ op: "Flatten", inputs: ["pixel_values"], outputs: ["flat"], attributes: { axis: { int: 1 } } }]
        : []),
      { op: "Gemm", inputs: [nchw ? "flat" : "pixel_values", "W", "b"], outputs: ["logits"] },
    ],
  });
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "model.onnx"), model);
  await writeFile(
    join(folder, "manifest.json"),
    JSON.stringify({
      id: nchw ? "image-nchw" : "image-flat",
      taskType: "product_image",
      languages: ["*"],
      file: "model.onnx",
      sha256: sha256Hex(model),
      labels: IMAGE_LABELS,
      featurizer: { kind: "image", width: 10, height: 6, channels: 3, invert: false, scale: 255 },
      io: { inputs: { pixels: "pixel_values" }, outputs: { logits: "logits" } },
    }),
  );
}
