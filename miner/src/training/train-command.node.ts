import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { dataDir as defaultDataDir } from "../../../shared/src/data/files.node.js";
import type { ModelManifest } from "../inference/manifest";
import { type EvalResult, evaluateByLanguage, evaluateModel } from "./evaluate.node.js";
import { writeModelFolder } from "./model-folder.node.js";
import { findRecipe, RECIPES, type RecipeOutput } from "./recipes";

/**
 * What `npm run train` and `miaoai-miner train` run: train a recipe, write its model folder, evaluate the written
 * ONNX on held-out data, and record the metrics in the manifest.
 */

/** The outcome of one recipe run, for logs, benchmarks and docs. */
export interface TrainReport {
  recipe: string;
  modelDir: string;
  manifest: ModelManifest;
  trainSeconds: number;
  evalName: string;
  metrics: EvalResult;
  perLanguage?: Record<string, EvalResult>;
  describe: string;
  modelBytes: number;
}

/** Options of `trainRecipe`. */
export interface TrainOptions {
  dataDir?: string;
  /** Model folder; default `models/<recipe>`. */
  outDir?: string;
  log?: (line: string) => void;
}

/** A recipe name nobody defined. */
export class UnknownRecipeError extends Error {
  override name = "UnknownRecipeError";
}

/** Trains, writes and evaluates one recipe. Throws `DatasetMissingError` when its data is absent. */
export async function trainRecipe(name: string, opts: TrainOptions = {}): Promise<TrainReport> {
  const recipe = findRecipe(name);
  if (!recipe)
    throw new UnknownRecipeError(`unknown recipe '${name}'; known: ${RECIPES.map((r) => r.name).join(", ")}`);
  const log = opts.log ?? (() => {});
  const modelDir = opts.outDir ?? join("models", recipe.name);
  const started = performance.now();
  const out: RecipeOutput = await recipe.run(opts.dataDir ?? defaultDataDir(), (l) => log(`[${name}] ${l}`));
  const trainSeconds = (performance.now() - started) / 1000;
  await writeModelFolder(modelDir, out.artifact);
  log(
    `[${name}] wrote ${modelDir} (${(out.artifact.onnx.length / 1e6).toFixed(2)} MB) in ${trainSeconds.toFixed(1)} s; evaluating on ${out.evalName}`,
  );
  const metrics = await evaluateModel(modelDir, out.evalSet);
  const perLanguage = out.perLanguage ? await evaluateByLanguage(modelDir, out.perLanguage) : undefined;
  const manifest = await recordMetrics(modelDir, metrics);
  return {
    recipe: name,
    modelDir,
    manifest,
    trainSeconds,
    evalName: out.evalName,
    metrics,
    perLanguage,
    describe: out.describe,
    modelBytes: out.artifact.onnx.length,
  };
}

// Rounds the metrics into the manifest; the sha256 covers model.onnx only, so it stays valid.
async function recordMetrics(modelDir: string, metrics: EvalResult): Promise<ModelManifest> {
  const path = join(modelDir, "manifest.json");
  const manifest = JSON.parse(await readFile(path, "utf8")) as ModelManifest;
  manifest.metrics = Object.fromEntries(
    Object.entries(metrics).map(([k, v]) => [k, Math.round(v * 10_000) / 10_000]),
  );
  await writeFile(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Evaluates an existing model folder on a recipe's held-out set (`on` = recipe name). */
export async function evalRecipeSet(
  modelDir: string,
  on: string,
  dataDir?: string,
): Promise<{ evalName: string; metrics: EvalResult; perLanguage?: Record<string, EvalResult> }> {
  const recipe = findRecipe(on);
  if (!recipe)
    throw new UnknownRecipeError(`unknown eval set '${on}'; known: ${RECIPES.map((r) => r.name).join(", ")}`);
  // Held-out sets are built by the recipe's loaders; training is skipped by evaluating the given folder only.
  const out = await evalSetOf(recipe.name, dataDir ?? defaultDataDir());
  const metrics = await evaluateModel(modelDir, out.evalSet);
  const perLanguage = out.perLanguage ? await evaluateByLanguage(modelDir, out.perLanguage) : undefined;
  return { evalName: out.evalName, metrics, perLanguage };
}

async function evalSetOf(
  name: string,
  dir: string,
): Promise<Pick<RecipeOutput, "evalName" | "evalSet" | "perLanguage">> {
  const { loadBanking77, loadBitext, loadEdc, loadFashion, loadXsid } = await import("./datasets.node.js");
  const { generatedImages, generatedRanking, generatedTexts } = await import("./generated-data");
  switch (name) {
    case "intent-bitext":
      return {
        evalName: "bitext held-out 20%",
        evalSet: { kind: "text", examples: (await loadBitext(dir)).test },
      };
    case "intent-banking77":
      return {
        evalName: "banking77 test",
        evalSet: { kind: "text", examples: (await loadBanking77(dir)).test },
      };
    case "intent-xsid": {
      const test = (await loadXsid(dir)).test;
      return {
        evalName: "xSID held-out 20% (by English original)",
        evalSet: { kind: "text", examples: test },
        perLanguage: test,
      };
    }
    case "response-edc":
      return {
        evalName: "EDC dev, 10-candidate pools",
        evalSet: { kind: "ranking", examples: (await loadEdc(dir)).test },
      };
    case "image-fashion":
      return {
        evalName: "Fashion-MNIST held-out 10,000",
        evalSet: { kind: "image", examples: (await loadFashion(dir)).test },
      };
    case "generated-intent":
    case "generated-sentiment": {
      const test = generatedTexts(
        name === "generated-intent" ? "intent_classification" : "sentiment",
        "test",
        2000,
      );
      return {
        evalName: "generator held-out seeds",
        evalSet: { kind: "text", examples: test },
        perLanguage: test,
      };
    }
    case "generated-image":
      return {
        evalName: "generator held-out seeds",
        evalSet: { kind: "image", examples: generatedImages("test", 1000) },
      };
    default:
      return {
        evalName: "generator held-out seeds, 10 candidates",
        evalSet: { kind: "ranking", examples: generatedRanking("test", 1000) },
      };
  }
}
