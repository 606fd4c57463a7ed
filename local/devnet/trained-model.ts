import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { InferenceEngine } from "../../miner/src/inference/engine";
import { createOnnxEngine, loadModelDirs } from "../../miner/src/inference/onnx-engine";

/**
 * The devnet's `trained` miner serves the models `npm run train` makes from the task bank's built-in
 * multilingual generator (miner/src/training/recipes.ts): no download and no dataset needed. The
 * repository ships them under models/; without that folder they are trained once (about a minute on two
 * cores) and cached outside the repository.
 */
export const DEVNET_RECIPES = ["generated-intent", "generated-sentiment", "generated-response"] as const;

/** A model could not be trained or loaded for the devnet's `trained` miner. */
export class TrainedModelUnavailableError extends Error {
  override readonly name = "TrainedModelUnavailableError";
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where trained devnet models are cached: `$MIAOAI_CACHE_DIR/devnet-models` or `~/.cache/miaoai/devnet-models`. */
export function devnetModelCache(env: Record<string, string | undefined> = process.env): string {
  return join(env.MIAOAI_CACHE_DIR || join(homedir(), ".cache", "miaoai"), "devnet-models");
}

/** Options of {@link loadTrainedEngine}. */
export type TrainedEngineOptions = {
  env?: Record<string, string | undefined>;
  /** Progress lines ("training generated-intent..."). */
  log?: (line: string) => void;
  /** Aborts a training run in progress (its child process is killed). */
  signal?: AbortSignal;
};

/**
 * The engine of the `trained` miner (shared by the copier and the slow miner). `MIAOAI_DEVNET_MODELS`
 * (comma-separated model folders) overrides; otherwise each recipe's folder is models/<recipe>, else the
 * cache, trained first in a child process when missing (so Ctrl-C still works while it trains).
 */
export async function loadTrainedEngine(options: TrainedEngineOptions = {}): Promise<InferenceEngine> {
  const env = options.env ?? process.env;
  const given = (env.MIAOAI_DEVNET_MODELS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const dirs = given.length > 0 ? given : await cachedOrTrained(devnetModelCache(env), options);
  return createOnnxEngine(await loadModelDirs(dirs), {
    provider: "cpu",
    intraOpThreads: 1,
    interOpThreads: 1,
    batchWindowMs: 2,
    maxBatchRows: 64,
  });
}

async function cachedOrTrained(cache: string, options: TrainedEngineOptions): Promise<string[]> {
  const dirs: string[] = [];
  for (const recipe of DEVNET_RECIPES) {
    // The repository ships these models (models/<recipe>, deterministic builds of the same recipes).
    const committed = join(ROOT, "models", recipe);
    if (existsSync(join(committed, "manifest.json"))) {
      dirs.push(committed);
      continue;
    }
    const dir = join(cache, recipe);
    if (!existsSync(join(dir, "manifest.json"))) {
      options.log?.(`training ${recipe} for the trained miner (first run only; cached in ${cache})...`);
      // Train beside the cache entry and rename, so an interrupted run never leaves a half-written model.
      const tmp = `${dir}.tmp-${process.pid}`;
      try {
        await trainInChild(recipe, tmp, options.signal);
        await rm(dir, { recursive: true, force: true });
        await rename(tmp, dir);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    }
    dirs.push(dir);
  }
  return dirs;
}

/** Runs `scripts/train.ts <recipe> --out <dir>` under tsx in a child process. */
function trainInChild(recipe: string, outDir: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    signal?.throwIfAborted();
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts", "train.ts"), recipe, "--out", outDir],
      { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
    );
    let tail = "";
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString("utf8")).slice(-2000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    const onAbort = () => child.kill("SIGTERM");
    signal?.addEventListener("abort", onAbort, { once: true });
    // If this process exits first (an uncaught error), the child goes too.
    const onExit = () => child.kill("SIGKILL");
    process.once("exit", onExit);
    child.once("error", (error) =>
      reject(new TrainedModelUnavailableError(`could not run the trainer: ${error.message}`)),
    );
    child.once("exit", (code, sig) => {
      signal?.removeEventListener("abort", onAbort);
      process.off("exit", onExit);
      if (code === 0 && existsSync(join(outDir, "manifest.json"))) return resolvePromise();
      if (signal?.aborted) return reject(signal.reason);
      reject(
        new TrainedModelUnavailableError(`training ${recipe} failed (${sig ?? `exit ${code}`}):\n${tail}`),
      );
    });
  });
}
