import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { HashedNgramsConfig } from "../inference/featurize/hashed-ngrams";
import { loadModelFiles } from "../inference/manifest";
import { evaluateModel } from "./evaluate.node.js";
import { generatedRanking, generatedTexts } from "./generated-data";
import { writeModelFolder } from "./model-folder.node.js";
import { trainImageClassifier, trainResponseSelector, trainTextClassifier } from "./trainers";

const cfg: HashedNgramsConfig = {
  kind: "hashed-ngrams",
  dims: 2048,
  wordNgrams: [1, 2],
  charNgrams: [1, 2, 3],
  lowercase: true,
  seed: 0,
};
const dirs: string[] = [];
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), "miaoai-train-"));
  dirs.push(d);
  return d;
};
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("trainers, end to end through the written ONNX folder", () => {
  it("a softmax-regression intent model learns generated intents and loads as a valid manifest", async () => {
    const train = generatedTexts("intent_classification", "unit-train", 800);
    const artifact = trainTextClassifier(
      "intent_classification",
      train,
      cfg,
      { hidden: 0, epochs: 4, lr: 0.05, seed: 1 },
      { id: "unit-intent", trainedOn: "unit test" },
    );
    const dir = await tempDir();
    await writeModelFolder(dir, artifact);
    const loaded = await loadModelFiles(dir);
    expect(loaded.manifest.labels).toHaveLength(8);
    const result = await evaluateModel(dir, {
      kind: "text",
      examples: generatedTexts("intent_classification", "unit-test", 300),
    });
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.n).toBe(300);
  });

  it("an MLP sentiment model beats chance by far", async () => {
    const artifact = trainTextClassifier(
      "sentiment",
      generatedTexts("sentiment", "unit-train", 600),
      cfg,
      { hidden: 32, epochs: 5, lr: 0.005, dropout: 0.1, seed: 2 },
      { id: "unit-sentiment", trainedOn: "unit test" },
    );
    const dir = await tempDir();
    await writeModelFolder(dir, artifact);
    const result = await evaluateModel(dir, {
      kind: "text",
      examples: generatedTexts("sentiment", "unit-test", 300),
    });
    expect(result.accuracy).toBeGreaterThan(0.8);
  });

  it("a dual encoder ranks the true reply first far above chance (0.1)", async () => {
    const { generatedPairs } = await import("./generated-data");
    const artifact = trainResponseSelector(
      generatedPairs("unit-train", 1500),
      cfg,
      { projDims: 32, epochs: 3, lr: 0.003, seed: 3 },
      { id: "unit-response", trainedOn: "unit test", languages: ["*"] },
    );
    const dir = await tempDir();
    const manifest = await writeModelFolder(dir, artifact);
    expect(JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")).sha256).toBe(manifest.sha256);
    const result = await evaluateModel(dir, {
      kind: "ranking",
      examples: generatedRanking("unit-test", 200),
    });
    expect(result["r@1"]).toBeGreaterThan(0.3);
    expect(result.mrr).toBeGreaterThan(result["r@1"] as number);
  });

  it("an image MLP separates two drawn classes, evaluated through PNG encode/decode", async () => {
    const img = (bright: boolean, i: number) => {
      const p = new Uint8Array(784);
      for (let k = 0; k < 784; k++) p[k] = ((bright ? k < 392 : k >= 392) ? 200 : 0) + ((k * 7 + i) % 13);
      return p;
    };
    const train = Array.from({ length: 200 }, (_, i) => ({
      pixels: img(i % 2 === 0, i),
      label: i % 2 === 0 ? "top" : "bottom",
    }));
    const artifact = trainImageClassifier(
      train,
      ["bottom", "top"],
      { kind: "image", width: 28, height: 28, channels: 1, invert: false, scale: 255 },
      { hidden: 16, epochs: 3, lr: 0.01, seed: 4 },
      { id: "unit-image", trainedOn: "unit test" },
    );
    const dir = await tempDir();
    await writeModelFolder(dir, artifact);
    const test = Array.from({ length: 50 }, (_, i) => ({
      pixels: img(i % 2 === 1, i + 1000),
      label: i % 2 === 1 ? "top" : "bottom",
    }));
    expect((await evaluateModel(dir, { kind: "image", examples: test })).accuracy).toBe(1);
  });
});
