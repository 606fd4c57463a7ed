import { FASHION_CLASSES } from "../../../shared/src/tasks/fashion-classes";
import { GENERATED_LANGUAGES } from "../../../shared/src/tasks/lexicon";
import type { HashedNgramsConfig } from "../inference/featurize/hashed-ngrams";
import type { ImageConfig } from "../inference/featurize/image-pixels";
import {
  loadBanking77,
  loadBitext,
  loadEdc,
  loadFashion,
  loadXsid,
  type TextExample,
} from "./datasets.node.js";
import type { EvalSet } from "./evaluate.node.js";
import { generatedImages, generatedPairs, generatedRanking, generatedTexts } from "./generated-data";
import type { ModelArtifact } from "./model-folder.node.js";
import {
  type ClassifierHyper,
  trainImageClassifier,
  trainResponseSelector,
  trainTextClassifier,
} from "./trainers";

/**
 * The named training recipes behind `npm run train -- <name>`: which data, which split, which featurizer and
 * hyper-parameters. Each returns the trained artifact and the held-out set it is evaluated on.
 */

/** What a recipe produced: the model, its held-out evaluation set, and what it was trained on. */
export interface RecipeOutput {
  artifact: ModelArtifact;
  evalName: string;
  evalSet: EvalSet;
  /** Multilingual text sets are also scored per language. */
  perLanguage?: readonly TextExample[];
  describe: string;
}

/** One recipe. `usesData` recipes need the datasets directory; the generated ones need nothing. */
export interface Recipe {
  name: string;
  usesData: boolean;
  summary: string;
  run(dataDir: string, log: (line: string) => void): Promise<RecipeOutput>;
}

const hashed = (dims: number, wordNgrams: number[], charNgrams: number[]): HashedNgramsConfig => ({
  kind: "hashed-ngrams",
  dims,
  wordNgrams,
  charNgrams,
  lowercase: true,
  seed: 0,
});
const FASHION_IMAGE: ImageConfig = {
  kind: "image",
  width: 28,
  height: 28,
  channels: 1,
  invert: false,
  scale: 255,
};

/** What a data-backed intent recipe varies: its loader, featurizer, hyper-parameters and held-out label. */
interface DataIntentSpec {
  name: string;
  summary: string;
  load: (dir: string) => Promise<{ train: TextExample[]; test: TextExample[]; describe: string }>;
  featurizer: HashedNgramsConfig;
  hyper: ClassifierHyper;
  evalName: string;
  /** Score the held-out set per language too (multilingual sets). */
  perLanguage?: boolean;
}

// The intent recipes over a dataset differ only in these values; the model id is the recipe name.
function dataIntentRecipe(spec: DataIntentSpec): Recipe {
  return {
    name: spec.name,
    usesData: true,
    summary: spec.summary,
    async run(dir, log) {
      const d = await spec.load(dir);
      const artifact = trainTextClassifier(
        "intent_classification",
        d.train,
        spec.featurizer,
        spec.hyper,
        { id: spec.name, trainedOn: d.describe },
        log,
      );
      return {
        artifact,
        evalName: spec.evalName,
        evalSet: { kind: "text", examples: d.test },
        ...(spec.perLanguage ? { perLanguage: d.test } : {}),
        describe: d.describe,
      };
    },
  };
}

// The generated intent and sentiment recipes share data sizes, featurizer and hyper-parameters; `items`
// names what the generator draws ("intent", "sentiment") in the description.
function generatedTextRecipe(
  name: string,
  taskType: "intent_classification" | "sentiment",
  summary: string,
  items: string,
): Recipe {
  return {
    name,
    usesData: false,
    summary,
    async run(_dir, log) {
      const describe = `task-bank generator: 6,000 ${items} items (train seeds); held out: 2,000 items from disjoint seeds`;
      const artifact = trainTextClassifier(
        taskType,
        generatedTexts(taskType, "train", 6000),
        hashed(4096, [1, 2], [1, 2, 3]),
        { hidden: 0, epochs: 6, lr: 0.05, seed: 1 },
        { id: name, trainedOn: describe, languages: [...GENERATED_LANGUAGES] },
        log,
      );
      const test = generatedTexts(taskType, "test", 2000);
      return {
        artifact,
        evalName: "generator held-out seeds",
        evalSet: { kind: "text", examples: test },
        perLanguage: test,
        describe,
      };
    },
  };
}

/** Every recipe, by name. */
export const RECIPES: readonly Recipe[] = [
  dataIntentRecipe({
    name: "intent-bitext",
    summary: "English e-commerce intents (27), Bitext",
    load: loadBitext,
    featurizer: hashed(16384, [1, 2], [2, 3, 4]),
    hyper: { hidden: 0, epochs: 12, lr: 0.05, batchSize: 32, seed: 1 },
    evalName: "bitext held-out 20%",
  }),
  dataIntentRecipe({
    name: "intent-banking77",
    summary: "banking intents (77), banking77",
    load: loadBanking77,
    featurizer: hashed(16384, [1, 2], [2, 3, 4, 5]),
    hyper: { hidden: 256, epochs: 12, lr: 0.002, batchSize: 32, dropout: 0.3, seed: 1 },
    evalName: "banking77 test",
  }),
  dataIntentRecipe({
    name: "intent-xsid",
    summary: "multilingual assistant intents (15), xSID 12 languages",
    load: loadXsid,
    featurizer: hashed(16384, [1, 2], [1, 2, 3, 4, 5]),
    hyper: { hidden: 0, epochs: 30, lr: 0.1, batchSize: 8, seed: 1 },
    evalName: "xSID held-out 20% (by English original)",
    perLanguage: true,
  }),
  {
    name: "response-edc",
    usesData: true,
    summary: "Chinese response selection, EDC (dual encoder)",
    async run(dir, log) {
      const d = await loadEdc(dir);
      const artifact = trainResponseSelector(
        d.train,
        hashed(16384, [], [1, 2, 3]),
        { projDims: 128, epochs: 8, lr: 0.002, batchSize: 64, scale: 5, seed: 1 },
        { id: "response-edc", trainedOn: d.describe, languages: ["zh"] },
        log,
      );
      return {
        artifact,
        evalName: "EDC dev, 10-candidate pools",
        evalSet: { kind: "ranking", examples: d.test },
        describe: d.describe,
      };
    },
  },
  {
    name: "image-fashion",
    usesData: true,
    summary: "product images (10 classes), Fashion-MNIST",
    async run(dir, log) {
      const d = await loadFashion(dir);
      const artifact = trainImageClassifier(
        d.train,
        FASHION_CLASSES,
        FASHION_IMAGE,
        { hidden: 256, epochs: 8, lr: 0.001, batchSize: 64, seed: 1 },
        { id: "image-fashion", trainedOn: d.describe },
        log,
      );
      return {
        artifact,
        evalName: "Fashion-MNIST held-out 10,000",
        evalSet: { kind: "image", examples: d.test },
        describe: d.describe,
      };
    },
  },
  generatedTextRecipe(
    "generated-intent",
    "intent_classification",
    "the task bank's generated intents, 8 languages",
    "intent",
  ),
  generatedTextRecipe(
    "generated-sentiment",
    "sentiment",
    "the task bank's generated sentiment, 8 languages",
    "sentiment",
  ),
  {
    name: "generated-response",
    usesData: false,
    summary: "the task bank's generated dialogues, 8 languages (dual encoder)",
    async run(_dir, log) {
      const describe =
        "task-bank generator: 6,000 dialogues (train seeds); held out: 1,000 dialogues from disjoint seeds, 10 candidates with hard negatives";
      const artifact = trainResponseSelector(
        generatedPairs("train", 6000),
        hashed(4096, [1, 2], [1, 2, 3]),
        { projDims: 64, epochs: 4, lr: 0.003, batchSize: 64, scale: 5, seed: 1 },
        { id: "generated-response", trainedOn: describe, languages: [...GENERATED_LANGUAGES] },
        log,
      );
      return {
        artifact,
        evalName: "generator held-out seeds, 10 candidates",
        evalSet: { kind: "ranking", examples: generatedRanking("test", 1000) },
        describe,
      };
    },
  },
  {
    name: "generated-image",
    usesData: false,
    summary: "the task bank's synthetic product silhouettes (10 Fashion-MNIST classes)",
    async run(_dir, log) {
      const describe =
        "task-bank generator: 4,000 synthetic 28x28 product images (train seeds); held out: 1,000 from disjoint seeds";
      const artifact = trainImageClassifier(
        generatedImages("train", 4000),
        FASHION_CLASSES,
        FASHION_IMAGE,
        { hidden: 32, epochs: 4, lr: 0.003, batchSize: 32, seed: 1 },
        { id: "generated-image", trainedOn: describe },
        log,
      );
      return {
        artifact,
        evalName: "generator held-out seeds",
        evalSet: { kind: "image", examples: generatedImages("test", 1000) },
        describe,
      };
    },
  },
];

/** The recipe of that name, or undefined. */
export function findRecipe(name: string): Recipe | undefined {
  return RECIPES.find((r) => r.name === name);
}
