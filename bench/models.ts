import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DatasetMissingError } from "../miner/src/training/datasets.node.js";
import { RECIPES } from "../miner/src/training/recipes";
import { type TrainReport, trainRecipe } from "../miner/src/training/train-command.node.js";
import { DATASET_FILES, dataDir, datasetPath } from "../shared/src/data/files.node.js";

// `npm run bench:models [-- --only a,b]`: trains every recipe from scratch, evaluates the written ONNX on held-out
// data, and writes bench/results/models.json + models.md. Recipes whose data is absent are skipped with a note.
const { values } = parseArgs({ options: { only: { type: "string" }, data: { type: "string" } } });
const dir = values.data ?? dataDir();
const only = values.only?.split(",");
if (!datasetPath(DATASET_FILES.edcDev, dir)) {
  console.warn(
    `datasets not found in ${dir}: only the generator recipes run (set MIAOAI_DATA_DIR or --data)`,
  );
}

const out = await mkdtemp(join(tmpdir(), "miaoai-bench-models-"));
const reports: (TrainReport & { evalSeconds: number })[] = [];
const skipped: { recipe: string; reason: string }[] = [];
for (const recipe of RECIPES) {
  if (only && !only.includes(recipe.name)) continue;
  const started = performance.now();
  try {
    const r = await trainRecipe(recipe.name, {
      dataDir: dir,
      outDir: join(out, recipe.name),
      log: (l) => console.log(l),
    });
    const evalSeconds = (performance.now() - started) / 1000 - r.trainSeconds;
    reports.push({ ...r, evalSeconds });
    console.log(`[${recipe.name}] ${JSON.stringify(r.metrics)}`);
  } catch (e) {
    if (!(e instanceof DatasetMissingError)) throw e;
    skipped.push({ recipe: recipe.name, reason: e.message });
    console.warn(`[${recipe.name}] skipped: ${e.message}`);
  }
}
await rm(out, { recursive: true, force: true });

// With --only, earlier results of the other recipes are kept, so recipes can be benchmarked one at a time.
type Saved = {
  reports: (Omit<TrainReport, "manifest"> & {
    evalSeconds: number;
    manifestId: string;
    trainedOn?: string;
  })[];
};
const previous: Saved["reports"] =
  only && existsSync("bench/results/models.json")
    ? (JSON.parse(await readFile("bench/results/models.json", "utf8")) as Saved).reports.filter(
        (r) => !only.includes(r.recipe),
      )
    : [];
const fresh = reports.map(({ manifest, ...r }) => ({
  ...r,
  manifestId: manifest.id,
  trainedOn: manifest.trainedOn,
}));
const all = [...previous, ...fresh].sort(
  (a, b) => RECIPES.findIndex((x) => x.name === a.recipe) - RECIPES.findIndex((x) => x.name === b.recipe),
);

const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
const fmt = (v: number | undefined) => (v === undefined ? "" : v.toFixed(3));
const rows = all.map((r) => {
  const m = r.metrics;
  const langs = r.perLanguage ? Object.values(r.perLanguage) : [];
  const langMean = langs.length ? langs.reduce((s, x) => s + (x.accuracy ?? 0), 0) / langs.length : undefined;
  return `| ${r.recipe} | ${r.evalName} | ${m.n} | ${fmt(m.accuracy)} | ${fmt(m.macroF1)} | ${fmt(langMean)} | ${fmt(m["r@1"])} | ${fmt(m["r@2"])} | ${fmt(m["r@5"])} | ${fmt(m.mrr)} | ${r.trainSeconds.toFixed(0)} | ${(r.modelBytes / 1e6).toFixed(1)} |`;
});
const md = [
  `Models trained from scratch on ${machine}, ${new Date().toISOString().slice(0, 10)}. Metrics are computed by running the written ONNX in onnxruntime-node on held-out data.`,
  "",
  "| model | held-out data | n | accuracy | macro-F1 | mean acc. over languages | R10@1 | R10@2 | R10@5 | MRR | train s | MB |",
  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
  ...(skipped.length ? ["", ...skipped.map((s) => `- skipped ${s.recipe}: ${s.reason}`)] : []),
  "",
].join("\n");
await mkdir("bench/results", { recursive: true });
await writeFile(
  "bench/results/models.json",
  `${JSON.stringify({ machine, date: new Date().toISOString(), reports: all, skipped }, null, 2)}\n`,
);
await writeFile("bench/results/models.md", md);
console.log(md);
