import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InferenceEngine } from "../../miner/src/inference/engine";
import { createOnnxEngine, loadModelDirs } from "../../miner/src/inference/onnx-engine";
import { byoTask, BYO_LABELS as LABELS, writeByoModel } from "./helpers/byo-models";

// "Bring your own ONNX": a token-id model (int64 input_ids + attention_mask, masked mean of embeddings, linear,
// softmax) with a tokenizer.json, loaded through the manifest exactly as an exported transformer would be.

let dir: string;
let batched: InferenceEngine;
let unbatched: InferenceEngine;
/** The same graph without its final softmax, served with `io.outputs.logits` (as a Hugging Face export is). */
let fromLogits: InferenceEngine;
let misread: InferenceEngine;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "miaoai-byo-"));
  await writeByoModel(join(dir, "probs"));
  await writeByoModel(join(dir, "logits"), { output: "logits" });
  // The trap the logits role removes: raw logits named as probabilities.
  await writeByoModel(join(dir, "misread"), { output: "logits", role: "probabilities" });
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

const task = byoTask;

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
