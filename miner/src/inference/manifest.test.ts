import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModelFiles, ManifestError, modelManifestSchema, sha256Hex } from "./manifest";

const bytes = new Uint8Array([1, 2, 3, 4]);
const valid = {
  id: "intent-hashed-mlp",
  taskType: "intent_classification",
  languages: ["en", "zh", "ja"],
  file: "model.onnx",
  sha256: sha256Hex(bytes),
  labels: ["order_status", "refund"],
  featurizer: {
    kind: "hashed-ngrams",
    dims: 64,
    wordNgrams: [1, 2],
    charNgrams: [1, 2, 3],
    lowercase: true,
    seed: 0,
  },
  io: { inputs: { features: "input" }, outputs: { probabilities: "probs" } },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "miaoai-manifest-"));
  await writeFile(join(dir, "model.onnx"), bytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("model manifest", () => {
  it("accepts the contract's example and loads the bytes when the sha256 matches", async () => {
    expect(modelManifestSchema.safeParse(valid).success).toBe(true);
    await writeFile(join(dir, "manifest.json"), JSON.stringify(valid));
    const loaded = await loadModelFiles(dir);
    expect(loaded.manifest.id).toBe("intent-hashed-mlp");
    expect([...loaded.modelBytes]).toEqual([1, 2, 3, 4]);
  });

  it("refuses to load a model whose bytes do not match sha256", async () => {
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ ...valid, sha256: "0".repeat(64) }));
    await expect(loadModelFiles(dir)).rejects.toThrow(/sha256 mismatch/);
  });

  it("names the field: classifier without labels, dual encoder without inputs, image featurizer on text", () => {
    const problems = (m: unknown) => {
      const r = modelManifestSchema.safeParse(m);
      return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
    };
    expect(problems({ ...valid, labels: undefined })).toContain("labels");
    expect(
      problems({ ...valid, taskType: "response_selection", io: { inputs: {}, outputs: { score: "s" } } }),
    ).toContain("io.inputs");
    expect(
      problems({
        ...valid,
        featurizer: { kind: "image", width: 28, height: 28, channels: 1, invert: false, scale: 255 },
      }),
    ).toContain("featurizer.kind");
    expect(problems({ ...valid, id: "Bad Id" })).toContain("id");
  });

  it("refuses repeated labels, and sentiment labels other than the protocol's", () => {
    const messages = (m: unknown) => {
      const r = modelManifestSchema.safeParse(m);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(messages({ ...valid, labels: ["refund", "refund", "cancel"] })).toEqual([
      "labels: labels must be distinct (refund repeated)",
    ]);
    const sentiment = { ...valid, taskType: "sentiment" };
    expect(messages({ ...sentiment, labels: ["negative", "neutral", "positive"] })).toEqual([]);
    expect(messages({ ...sentiment, labels: ["positive", "negative"] })).toEqual([]);
    expect(messages({ ...sentiment, labels: ["LABEL_0", "LABEL_1", "positive"] })).toEqual([
      "labels: sentiment labels are the protocol's negative, neutral, positive (rename LABEL_0, LABEL_1 to the one each output column means)",
    ]);
  });

  it("takes a classifier's probabilities or its logits, exactly one of them", () => {
    const messages = (outputs: Record<string, string>) => {
      const r = modelManifestSchema.safeParse({ ...valid, io: { ...valid.io, outputs } });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(messages({ logits: "logits" })).toEqual([]);
    expect(messages({ probabilities: "probs" })).toEqual([]);
    expect(messages({})).toEqual([
      "io.outputs: a classifier needs a probabilities (softmax in the graph) or a logits output",
    ]);
    expect(messages({ probabilities: "probs", logits: "logits" })).toEqual([
      "io.outputs: name probabilities or logits, not both (the miner reads one of them)",
    ]);
  });

  it("refuses a model file outside the model folder", async () => {
    await writeFile(join(dir, "manifest.json"), JSON.stringify({ ...valid, file: "../model.onnx" }));
    await expect(loadModelFiles(dir)).rejects.toThrow(ManifestError);
  });
});
