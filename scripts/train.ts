import { parseArgs } from "node:util";
import { DatasetMissingError } from "../miner/src/training/datasets.node.js";
import { RECIPES } from "../miner/src/training/recipes";
import { evalRecipeSet, trainRecipe, UnknownRecipeError } from "../miner/src/training/train-command.node.js";

// `npm run train -- <recipe>|all|list [--data DIR] [--out DIR]` and `npm run train -- eval <modelDir> --on <recipe>`.
const USAGE = `usage:
  npm run train -- list
  npm run train -- <recipe> [--data DIR] [--out models/<name>]
  npm run train -- all [--data DIR]              (recipes whose data is absent are skipped)
  npm run train -- eval <modelDir> --on <recipe> [--data DIR]`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: "string" },
      out: { type: "string" },
      on: { type: "string" },
      help: { type: "boolean" },
    },
  });
  const [command, arg] = positionals;
  const log = (line: string) => console.log(line);
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  if (command === "list") {
    for (const r of RECIPES)
      console.log(`${r.name.padEnd(22)} ${r.usesData ? "data     " : "generated"} ${r.summary}`);
    return 0;
  }
  if (command === "eval") {
    if (!arg || !values.on) {
      console.error(`eval needs a model folder and --on <recipe>\n${USAGE}`);
      return 2;
    }
    const r = await evalRecipeSet(arg, values.on, values.data);
    console.log(
      JSON.stringify(
        { model: arg, data: r.evalName, metrics: r.metrics, perLanguage: r.perLanguage },
        null,
        2,
      ),
    );
    return 0;
  }
  const names = command === "all" ? RECIPES.map((r) => r.name) : [command];
  for (const name of names) {
    try {
      const report = await trainRecipe(name, {
        dataDir: values.data,
        outDir: command === "all" ? undefined : values.out,
        log,
      });
      console.log(
        JSON.stringify(
          {
            recipe: name,
            modelDir: report.modelDir,
            data: report.evalName,
            metrics: report.metrics,
            perLanguage: report.perLanguage,
            trainSeconds: Math.round(report.trainSeconds),
          },
          null,
          2,
        ),
      );
    } catch (e) {
      if (e instanceof DatasetMissingError && command === "all") {
        console.warn(`[${name}] skipped: ${e.message}`);
        continue;
      }
      throw e;
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    if (e instanceof UnknownRecipeError || e instanceof DatasetMissingError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
