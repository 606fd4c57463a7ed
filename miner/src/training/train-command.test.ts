import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DatasetMissingError } from "./datasets.node.js";
import { evalRecipeSet, trainRecipe, UnknownRecipeError } from "./train-command.node.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe("trainRecipe / evalRecipeSet (what npm run train and miaoai-miner train call)", () => {
  it("trains a generator recipe, writes the folder with metrics in the manifest, and re-evaluates it", async () => {
    const out = await mkdtemp(join(tmpdir(), "miaoai-recipe-"));
    dirs.push(out);
    const lines: string[] = [];
    const report = await trainRecipe("generated-sentiment", { outDir: out, log: (l) => lines.push(l) });
    expect(report.metrics.accuracy).toBeGreaterThan(0.95);
    expect(Object.keys(report.perLanguage ?? {}).sort()).toEqual([
      "de",
      "en",
      "es",
      "fr",
      "ja",
      "ko",
      "pt",
      "zh",
    ]);
    const manifest = JSON.parse(await readFile(join(out, "manifest.json"), "utf8"));
    expect(manifest.metrics.accuracy).toBe(Math.round((report.metrics.accuracy as number) * 10_000) / 10_000);
    expect(lines.some((l) => l.includes("epoch 1/"))).toBe(true);
    const again = await evalRecipeSet(out, "generated-sentiment");
    expect(again.metrics.accuracy).toBe(report.metrics.accuracy);
  });

  it("names unknown recipes, and a missing dataset directory", async () => {
    await expect(trainRecipe("nope")).rejects.toBeInstanceOf(UnknownRecipeError);
    await expect(
      trainRecipe("intent-bitext", { dataDir: "/nonexistent/miaoai-data", outDir: "/tmp/unused" }),
    ).rejects.toBeInstanceOf(DatasetMissingError);
  });
});
