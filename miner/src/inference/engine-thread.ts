import type { TaskRequest, TaskResponse, TaskType } from "../../../shared/src/protocol";
import type { EngineDescription, RunOptions } from "./engine";
import type { OnnxEngineOptions } from "./onnx-engine";
import type { OrtLogLevel } from "./session";

/**
 * The messages between the miner's main thread and its inference thread (thread-engine.ts <->
 * engine-worker.ts). Plain data only: they cross `postMessage`, as arrays (see `coalescing`).
 */

/**
 * A sender that posts everything sent during one turn of the event loop as one array: a batch's dozens of
 * answers (and a burst of requests) cost one wake-up and one message event instead of one each, which under
 * load is what kept a busy main loop from picking up answers promptly.
 */
export function coalescing<T>(post: (messages: T[]) => void): (message: T) => void {
  let pending: T[] = [];
  return (message) => {
    if (pending.length === 0) {
      setImmediate(() => {
        const messages = pending;
        pending = [];
        post(messages);
      });
    }
    pending.push(message);
  };
}

/** What the inference thread is started with. */
export type EngineThreadInit = {
  modelDirs: readonly string[];
  options: Omit<OnnxEngineOptions, "log" | "onBatch">;
  /** onnxruntime's log level, set inside the thread (its `ort.env` is the thread's own). */
  ortLogLevel?: OrtLogLevel;
};

/** Main thread -> inference thread. */
export type ToEngineThread =
  | ({ kind: "run"; id: number; request: TaskRequest } & RunOptions)
  | { kind: "warmUp"; id: number }
  | { kind: "close" };

/** Why a run failed: the task's input (a 400, with the field), its answer no longer awaited, or anything else. */
export type RunFailure =
  | { kind: "input"; field: string; message: string }
  | { kind: "expired"; message: string }
  | { kind: "other"; message: string };

/** Inference thread -> main thread. */
export type FromEngineThread =
  | { kind: "ready"; taskTypes: TaskType[]; description: EngineDescription }
  | { kind: "failed"; name: string; message: string }
  | { kind: "done"; id: number; response: TaskResponse | null }
  | { kind: "error"; id: number; failure: RunFailure }
  | { kind: "log"; line: string }
  | { kind: "batch"; taskType: TaskType; rows: number }
  | { kind: "closed" };
