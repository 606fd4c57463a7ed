import * as ort from "onnxruntime-node";
import { encodeGrayPng } from "../../../shared/src/tasks/png-encode";
import { dialogueText, featureWidth, featurize } from "../inference/featurize/featurize";
import { loadModelFiles } from "../inference/manifest";
import type { ImageExample, RankingExample, TextExample } from "./datasets.node.js";
import { accuracy, macroF1, rankingMetrics, rankOfTrue } from "./metrics";

/**
 * Evaluates a model folder the way the miner serves it: manifest checked (sha256), ONNX run by onnxruntime-node,
 * inputs built by the shared featurizers (images go through a real PNG encode/decode).
 */

/** Held-out examples of one kind. */
export type EvalSet =
  | { kind: "text"; examples: readonly TextExample[] }
  | { kind: "image"; examples: readonly ImageExample[] }
  | { kind: "ranking"; examples: readonly RankingExample[] };

/** Metric name -> value, plus how many examples were scored. */
export type EvalResult = Record<string, number>;

const BATCH = 256;

/** Scores a model folder on an eval set: accuracy + macro-F1 for classifiers, R@1/2/5 + MRR for rankers. */
export async function evaluateModel(modelDir: string, set: EvalSet): Promise<EvalResult> {
  const { manifest, modelBytes } = await loadModelFiles(modelDir);
  const session = await ort.InferenceSession.create(modelBytes);
  const cfg = manifest.featurizer;
  if (cfg.kind === "tokenizer") throw new TypeError("tokenizer models are evaluated by the miner's engine");
  const width = featureWidth(cfg);
  if (set.kind === "ranking") {
    const ctxName = manifest.io.inputs.context as string;
    const candName = manifest.io.inputs.candidate as string;
    const scoreName = manifest.io.outputs.score as string;
    const ranks: number[] = [];
    for (const ex of set.examples) {
      const n = ex.candidates.length;
      const ctx = featurize(cfg, { kind: "text", text: dialogueText(ex.turns.map((text) => ({ text }))) });
      const ctxBatch = new Float32Array(n * width);
      const candBatch = new Float32Array(n * width);
      ex.candidates.forEach((c, i) => {
        ctxBatch.set(ctx, i * width);
        candBatch.set(featurize(cfg, { kind: "text", text: c }), i * width);
      });
      const out = await session.run({
        [ctxName]: new ort.Tensor("float32", ctxBatch, [n, width]),
        [candName]: new ort.Tensor("float32", candBatch, [n, width]),
      });
      ranks.push(rankOfTrue(Array.from((out[scoreName] as ort.Tensor).data as Float32Array), ex.trueIndex));
    }
    return { ...rankingMetrics(ranks), n: ranks.length };
  }
  const labels = manifest.labels ?? [];
  const inName = (manifest.io.inputs.features ?? manifest.io.inputs.pixels) as string;
  // Only the argmax is read, which softmax does not change: logits serve as they are.
  const outName = (manifest.io.outputs.probabilities ?? manifest.io.outputs.logits) as string;
  const pred: number[] = [];
  const truth: number[] = [];
  const examples = set.examples;
  for (let start = 0; start < examples.length; start += BATCH) {
    const batch = examples.slice(start, start + BATCH);
    const x = new Float32Array(batch.length * width);
    batch.forEach((ex, i) => {
      const v =
        set.kind === "text"
          ? featurize(cfg, { kind: "text", text: (ex as TextExample).text })
          : featurize(cfg, {
              kind: "image",
              bytes: encodeGrayPng((ex as ImageExample).pixels, 28, 28),
              mediaType: "image/png",
            });
      x.set(v, i * width);
      truth.push(labels.indexOf(ex.label));
    });
    const out = await session.run({ [inName]: new ort.Tensor("float32", x, [batch.length, width]) });
    const probs = (out[outName] as ort.Tensor).data as Float32Array;
    const k = labels.length;
    for (let i = 0; i < batch.length; i++) {
      let best = 0;
      for (let c = 1; c < k; c++)
        if ((probs[i * k + c] as number) > (probs[i * k + best] as number)) best = c;
      pred.push(best);
    }
  }
  return { accuracy: accuracy(pred, truth), macroF1: macroF1(pred, truth), n: pred.length };
}

/** Accuracy per language (for multilingual sets such as xSID), computed from the same run's predictions. */
export async function evaluateByLanguage(
  modelDir: string,
  examples: readonly TextExample[],
): Promise<Record<string, EvalResult>> {
  const out: Record<string, EvalResult> = {};
  for (const lang of [...new Set(examples.map((e) => e.language))].sort()) {
    out[lang] = await evaluateModel(modelDir, {
      kind: "text",
      examples: examples.filter((e) => e.language === lang),
    });
  }
  return out;
}
