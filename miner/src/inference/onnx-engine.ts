import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { TaskRequest, TaskResponse, TaskType } from "../../../shared/src/protocol";
import type { InferenceEngine, RunOptions } from "./engine";
import { type LoadedModelFiles, loadModelFiles } from "./manifest";
import { createSession, type ProviderPreference } from "./session";
import { TaskModel } from "./task-model";

/** Settings of the ONNX engine (from config). */
export interface OnnxEngineOptions {
  provider: ProviderPreference;
  intraOpThreads: number;
  interOpThreads: number;
  batchWindowMs: number;
  maxBatchRows: number;
  /** Batches per model allowed in `session.run` at once (default 1). */
  maxInFlightBatches?: number;
  /** One line per event worth an operator's attention (the CUDA fallback). */
  log?: (line: string) => void;
  /** Each batch's row count, per task type (the batch-size histogram). */
  onBatch?: (taskType: TaskType, rows: number) => void;
}

/** Two manifests claim the same task type; the miner serves one model per task type. */
export class DuplicateTaskTypeError extends Error {
  override readonly name = "DuplicateTaskTypeError";
}

/**
 * Builds an engine from model folders (each with a manifest.json), one model per task type. CUDA is tried for
 * every session; the first fallback to CPU is logged once for the whole engine.
 */
export async function createOnnxEngine(
  models: readonly LoadedModelFiles[],
  options: OnnxEngineOptions,
): Promise<InferenceEngine> {
  const byType = new Map<TaskType, TaskModel>();
  let fellBack = false;
  try {
    for (const files of models) {
      const taskType = files.manifest.taskType;
      if (byType.has(taskType)) {
        throw new DuplicateTaskTypeError(
          `two models serve ${taskType} (${byType.get(taskType)?.manifest.id}, ${files.manifest.id})`,
        );
      }
      const { session, provider } = await createSession(files.modelBytes, {
        provider: options.provider,
        intraOpThreads: options.intraOpThreads,
        interOpThreads: options.interOpThreads,
        onFallback: (reason) => {
          if (!fellBack) options.log?.(`CUDA execution provider unavailable, using CPU (${reason})`);
          fellBack = true;
        },
      });
      const model = await TaskModel.create(files, session, provider, {
        windowMs: options.batchWindowMs,
        maxBatchRows: options.maxBatchRows,
        maxInFlight: options.maxInFlightBatches ?? 1,
        onBatch: (rows) => options.onBatch?.(taskType, rows),
        log: options.log,
      });
      byType.set(taskType, model);
    }
  } catch (error) {
    await Promise.all([...byType.values()].map((m) => m.close()));
    throw error;
  }

  return {
    taskTypes: [...byType.keys()],
    run(request: TaskRequest, options?: RunOptions): Promise<TaskResponse> {
      const model = byType.get(request.taskType);
      if (!model) return Promise.reject(new Error(`no model serves ${request.taskType}`));
      return model.run(request, options?.caller);
    },
    describe: () => ({ kind: "onnx", models: [...byType.values()].map((m) => m.describe()) }),
    queueDepth: () => [...byType.values()].reduce((n, m) => n + m.queueDepth, 0),
    async warmUp() {
      for (const model of byType.values()) await model.warmUp();
    },
    async close() {
      await Promise.all([...byType.values()].map((m) => m.close()));
    },
  };
}

/**
 * Finds model folders: each path is a model folder (holding manifest.json) or a folder of model folders.
 * Every manifest is validated and its ONNX sha256 checked before anything is served.
 */
export async function loadModelDirs(paths: readonly string[]): Promise<LoadedModelFiles[]> {
  const found: LoadedModelFiles[] = [];
  for (const path of paths) {
    if (await isFile(join(path, "manifest.json"))) {
      found.push(await loadModelFiles(path));
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      const why =
        error.code === "ENOENT"
          ? "does not exist"
          : error.code === "ENOTDIR"
            ? "is not a folder"
            : error.message;
      throw new Error(
        `MODELS: ${path} ${why} (give model folders, or folders of them, holding manifest.json)`,
      );
    });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && (await isFile(join(path, entry.name, "manifest.json")))) {
        found.push(await loadModelFiles(join(path, entry.name)));
      }
    }
  }
  return found;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
