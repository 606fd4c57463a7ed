import type { TaskRequest, TaskResponse, TaskType } from "../../../shared/src/protocol";
import { allowedLabels, classificationResponse, classify, rankingResponse } from "./answers";

/**
 * What the HTTP layer needs from inference: answer a parsed, authenticated task. The ONNX engine
 * (`onnx-engine.ts`) is the real one; the no-op engine measures the server's ceiling; the devnet and tests
 * plug their own (deliberately bad miners, counters of calls) through `createMinerApp({ engine })`.
 */
export interface InferenceEngine {
  /** Task types this engine answers; other task routes answer 404. */
  readonly taskTypes: readonly TaskType[];
  /** Answers one task. Rejects with `InputError` for input the model cannot take (becomes a 400). */
  run(request: TaskRequest, options?: RunOptions): Promise<TaskResponse>;
  /** What /v1/info shows. */
  describe(): EngineDescription;
  /**
   * Work held by the engine (the queue-depth gauge): requests handed to the inference thread and not answered
   * yet (the served engine), or rows waiting for a batch (the ONNX engine in-process).
   */
  queueDepth(): number;
  /** Runs every model once so the first real request does not pay for lazy initialisation. */
  warmUp(): Promise<void>;
  /** Releases sessions. */
  close(): Promise<void>;
}

/** Who asked for a run and how long they wait for it. */
export interface RunOptions {
  /** When the caller stops waiting (epoch ms): an engine with a queue drops work not started by then. */
  expiresAt?: number;
  /** The validator's hotkey: an engine with a queue takes turns between callers. */
  caller?: string;
}

/** One served model, as /v1/info shows it. */
export interface ModelDescription {
  id: string;
  taskType: TaskType;
  languages: readonly string[];
  sha256: string;
  provider: "cuda" | "cpu" | "none";
  trainedOn?: string;
  metrics?: Record<string, number>;
}

/** The engine's self-description for /v1/info. */
export interface EngineDescription {
  kind: string;
  models: ModelDescription[];
}

/** A run dropped unstarted because its `expiresAt` had passed (its request was already answered 504). */
export class ExpiredError extends Error {
  override readonly name = "ExpiredError";
}

/** The task's input cannot be featurized (an undecodable image...): the caller's fault, a 400. */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answers instantly without a model: uniform probabilities (first label wins) and the offered order for
 * rankings. The benchmark's ceiling: what the server costs with nothing behind it.
 */
export function noopEngine(taskTypes: readonly TaskType[] = ALL_TASK_TYPES): InferenceEngine {
  return {
    taskTypes,
    async run(request) {
      if (request.taskType === "response_selection") {
        return rankingResponse(
          request,
          request.candidates.map((c) => c.id),
        );
      }
      const allowed = allowedLabels(request);
      return classificationResponse(request, classify(allowed, [], new Float32Array(0)));
    },
    describe: () => ({
      kind: "noop",
      models: taskTypes.map((taskType) => ({
        id: "noop",
        taskType,
        languages: ["*"],
        sha256: "0".repeat(64),
        provider: "none" as const,
      })),
    }),
    queueDepth: () => 0,
    warmUp: async () => {},
    close: async () => {},
  };
}

const ALL_TASK_TYPES: readonly TaskType[] = [
  "response_selection",
  "intent_classification",
  "sentiment",
  "product_image",
];
