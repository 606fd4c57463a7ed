import type { TaskType } from "../../../shared/src/protocol/messages";
import { dialogueText } from "../inference/featurize/featurize";
import {
  type HashedNgramsConfig,
  hashedNgramsSparse,
  type SparseVector,
} from "../inference/featurize/hashed-ngrams";
import type { ImageConfig } from "../inference/featurize/image-pixels";
import type { ImageExample, TextExample } from "./datasets.node.js";
import type { ModelArtifact } from "./model-folder.node.js";
import { trainDualEncoder } from "./nn/dual-encoder-trainer";
import { type ClassifierTrainOptions, trainClassifier } from "./nn/sparse-classifier";
import { buildDualEncoder, buildMlpClassifier } from "./onnx/builders";

/**
 * Trainers from examples to a `ModelArtifact` (ONNX bytes + manifest): text classifiers and dual encoders over
 * hashed n-grams, and an MLP over pixels. They hold no I/O; recipes and the CLI write the folders.
 */

/** What every trainer writes into the manifest besides the model itself. */
export interface ModelMeta {
  id: string;
  trainedOn: string;
  languages?: string[];
}

type Log = (line: string) => void;

/** Hyper-parameters of a classifier (see `trainClassifier`), without the sizes the data decides. */
export type ClassifierHyper = Omit<ClassifierTrainOptions, "dims" | "classes" | "onEpoch">;

/** Trains an intent or sentiment classifier; labels are the sorted distinct training labels. */
export function trainTextClassifier(
  taskType: Extract<TaskType, "intent_classification" | "sentiment">,
  train: readonly TextExample[],
  featurizer: HashedNgramsConfig,
  hyper: ClassifierHyper,
  meta: ModelMeta,
  log: Log = () => {},
): ModelArtifact {
  const labels =
    taskType === "sentiment"
      ? ["negative", "neutral", "positive"]
      : [...new Set(train.map((e) => e.label))].sort();
  const data = train.map((e) => ({ x: hashedNgramsSparse(e.text, featurizer), y: labels.indexOf(e.label) }));
  const onnx = fitMlpClassifier(data, featurizer.dims, labels.length, hyper, "input", meta.trainedOn, log);
  return {
    onnx,
    manifest: {
      id: meta.id,
      taskType,
      languages: meta.languages ?? [...new Set(train.map((e) => e.language))].sort(),
      labels,
      featurizer,
      io: { inputs: { features: "input" }, outputs: { probabilities: "probs" } },
      trainedOn: meta.trainedOn,
    },
  };
}

// Text and image classifiers train and export the same MLP; only the input size and name differ.
function fitMlpClassifier(
  data: Parameters<typeof trainClassifier>[0],
  dims: number,
  classes: number,
  hyper: ClassifierHyper,
  inputName: string,
  docString: string,
  log: Log,
): Uint8Array {
  const params = trainClassifier(data, {
    ...hyper,
    dims,
    classes,
    onEpoch: (epoch, loss) => log(`epoch ${epoch + 1}/${hyper.epochs} loss ${loss.toFixed(4)}`),
  });
  return buildMlpClassifier({
    weights: params.weights,
    biases: params.biases,
    inputName,
    outputName: "probs",
    docString,
  });
}

/** Hyper-parameters of a dual encoder. */
export interface DualEncoderHyper {
  projDims: number;
  epochs: number;
  lr: number;
  batchSize?: number;
  scale?: number;
  seed?: number;
}

/** Trains a response-selection dual encoder on (context turns, true response) pairs. */
export function trainResponseSelector(
  pairs: readonly { turns: readonly string[]; response: string }[],
  featurizer: HashedNgramsConfig,
  hyper: DualEncoderHyper,
  meta: ModelMeta & { languages: string[] },
  log: Log = () => {},
): ModelArtifact {
  const feats = (text: string): SparseVector => hashedNgramsSparse(text, featurizer);
  const data = pairs.map((p) => ({
    context: feats(dialogueText(p.turns.map((text) => ({ text })))),
    response: feats(p.response),
  }));
  const params = trainDualEncoder(data, {
    ...hyper,
    dims: featurizer.dims,
    onEpoch: (epoch, loss) => log(`epoch ${epoch + 1}/${hyper.epochs} loss ${loss.toFixed(4)}`),
  });
  log(`lexical weight ${params.lexicalWeight.toFixed(3)}`);
  const onnx = buildDualEncoder({
    ...params,
    contextName: "context",
    candidateName: "candidate",
    outputName: "score",
    docString: meta.trainedOn,
  });
  return {
    onnx,
    manifest: {
      id: meta.id,
      taskType: "response_selection",
      languages: meta.languages,
      featurizer,
      io: { inputs: { context: "context", candidate: "candidate" }, outputs: { score: "score" } },
      trainedOn: meta.trainedOn,
    },
  };
}

/** Trains a product-image MLP on 28x28 gray images (inputs as the image featurizer produces them). */
export function trainImageClassifier(
  train: readonly ImageExample[],
  labels: readonly string[],
  featurizer: ImageConfig,
  hyper: ClassifierHyper,
  meta: ModelMeta,
  log: Log = () => {},
): ModelArtifact {
  const data = train.map((e) => ({ x: pixelsSparse(e.pixels, featurizer), y: labels.indexOf(e.label) }));
  const dims = featurizer.width * featurizer.height * featurizer.channels;
  const onnx = fitMlpClassifier(data, dims, labels.length, hyper, "pixels", meta.trainedOn, log);
  return {
    onnx,
    manifest: {
      id: meta.id,
      taskType: "product_image",
      languages: ["*"],
      labels: [...labels],
      featurizer,
      io: { inputs: { pixels: "pixels" }, outputs: { probabilities: "probs" } },
      trainedOn: meta.trainedOn,
    },
  };
}

// The same values `imagePixels` yields for a same-size gray PNG (v / scale, or 1 - v / scale), kept sparse.
function pixelsSparse(pixels: Uint8Array, cfg: ImageConfig): SparseVector {
  const idx: number[] = [];
  const val: number[] = [];
  pixels.forEach((p, i) => {
    const v = cfg.invert ? 1 - p / cfg.scale : p / cfg.scale;
    if (v !== 0) {
      idx.push(i);
      val.push(v);
    }
  });
  return { indices: Int32Array.from(idx), values: Float32Array.from(val) };
}
