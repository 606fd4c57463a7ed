import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256Hex } from "../../../miner/src/inference/manifest";
import { buildDualEncoder, buildMlpClassifier } from "../../../miner/src/training/onnx";
import type { TaskType } from "../../../shared/src/protocol";

/**
 * Small ONNX models the project builds itself (no downloads), written as model folders with manifests, so
 * tests and the benchmark exercise the real load path: manifest schema, sha256 check, session, batcher.
 */

/** Deterministic pseudo-random floats in [-scale, scale) (mulberry32). */
export function seededFloats(n: number, seed: number, scale = 0.5): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Labels of the intent fixture model. */
export const INTENT_LABELS = ["order_status", "refund", "shipping", "cancel", "complaint", "greeting"];
/** Categories of the product-image fixture model. */
export const IMAGE_LABELS = ["shirt", "shoe", "bag", "dress"];

/** Options for the fixture models; `hidden` widens the MLPs (the benchmark's compute-heavy model). */
export interface FixtureOptions {
  dims?: number;
  hidden?: number[];
  taskTypes?: readonly TaskType[];
}

/** Writes one model folder per task type under `root`; returns the folder paths. */
export async function writeFixtureModels(root: string, options: FixtureOptions = {}): Promise<string[]> {
  const dims = options.dims ?? 256;
  const hidden = options.hidden ?? [32];
  const wanted = options.taskTypes ?? [
    "intent_classification",
    "sentiment",
    "product_image",
    "response_selection",
  ];
  const text = {
    kind: "hashed-ngrams",
    dims,
    wordNgrams: [1, 2],
    charNgrams: [1, 2, 3],
    lowercase: true,
    seed: 0,
  };
  const dirs: string[] = [];
  for (const [i, taskType] of wanted.entries()) {
    let model: Uint8Array;
    let manifest: Record<string, unknown>;
    if (taskType === "response_selection") {
      const proj = 16;
      model = buildDualEncoder({
        dims,
        projDims: proj,
        contextWeights: seededFloats(dims * proj, 11),
        candidateWeights: seededFloats(dims * proj, 12),
        lexicalWeight: 0.5,
      });
      manifest = {
        featurizer: text,
        io: { inputs: { context: "context", candidate: "candidate" }, outputs: { score: "score" } },
      };
    } else {
      const labels =
        taskType === "intent_classification"
          ? INTENT_LABELS
          : taskType === "sentiment"
            ? ["negative", "neutral", "positive"]
            : IMAGE_LABELS;
      const inDim = taskType === "product_image" ? 28 * 28 : dims;
      model = mlp([inDim, ...hidden, labels.length], 100 + i);
      manifest = {
        labels,
        featurizer:
          taskType === "product_image"
            ? { kind: "image", width: 28, height: 28, channels: 1, invert: false, scale: 255 }
            : text,
        io: { inputs: { features: "input" }, outputs: { probabilities: "probs" } },
      };
    }
    const dir = join(root, taskType.replace(/_/g, "-"));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "model.onnx"), model);
    await writeFile(
      join(dir, "manifest.json"),
      JSON.stringify(
        {
          id: `fixture-${taskType.replace(/_/g, "-")}`,
          taskType,
          languages: ["*"],
          file: "model.onnx",
          sha256: sha256Hex(model),
          trainedOn: "random weights (test fixture)",
          ...manifest,
        },
        null,
        2,
      ),
    );
    dirs.push(dir);
  }
  return dirs;
}

/** An MLP with the given layer widths and seeded weights. */
export function mlp(widths: number[], seed: number): Uint8Array {
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (let l = 0; l + 1 < widths.length; l++) {
    const [a, b] = [widths[l] as number, widths[l + 1] as number];
    weights.push(seededFloats(a * b, seed * 31 + l, Math.sqrt(6 / (a + b))));
    biases.push(seededFloats(b, seed * 37 + l, 0.1));
  }
  return buildMlpClassifier({ weights, biases });
}
