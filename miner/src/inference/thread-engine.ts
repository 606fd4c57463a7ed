import { Worker } from "node:worker_threads";
import type { TaskRequest, TaskResponse, TaskType } from "../../../shared/src/protocol";
import {
  type EngineDescription,
  ExpiredError,
  type InferenceEngine,
  InputError,
  type RunOptions,
} from "./engine";
import {
  coalescing,
  type EngineThreadInit,
  type FromEngineThread,
  type ToEngineThread,
} from "./engine-thread";
import type { OnnxEngineOptions } from "./onnx-engine";
import type { OrtLogLevel } from "./session";

/** The inference thread could not start, or died and answers nothing until it is back. */
export class EngineThreadError extends Error {
  override readonly name = "EngineThreadError";
}

/** The thread runs TypeScript like the rest of the miner; its bootstrap registers tsx. */
const WORKER = new URL("./engine-worker-boot.mjs", import.meta.url);
/** How long to wait before starting a new inference thread after one died. */
const RESTART_DELAY_MS = 1_000;

type Pending = { resolve: (response: TaskResponse | null) => void; reject: (error: Error) => void };

/**
 * The ONNX engine on its own thread (engine-worker.ts). onnxruntime-node runs `session.run` synchronously
 * on the calling thread, so in the main thread every batch (and every featurization) would stall HTTP,
 * signature checks and Redis for all other requests; here the two run side by side on two cores. Requests
 * and answers cross as structured clones (a few kB). If the thread dies, its tasks fail (500), it is
 * logged and started again; `log` and `onBatch` are called on the main thread.
 */
export async function createThreadEngine(
  modelDirs: readonly string[],
  options: OnnxEngineOptions & {
    ortLogLevel?: OrtLogLevel;
    /** The thread's entry module (default engine-worker-boot.mjs; tests pass one that can be made to die). */
    workerUrl?: URL;
  },
): Promise<InferenceEngine> {
  const { log, onBatch, ortLogLevel, workerUrl = WORKER, ...plain } = options;
  const init: EngineThreadInit = { modelDirs: [...modelDirs], options: plain, ortLogLevel };
  const pending = new Map<number, Pending>();
  let nextId = 0;
  /** Runs handed to the thread and not answered yet (queued, featurizing or in a batch): the queue depth. */
  let held = 0;
  let closing = false;

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  /** Starts a thread; resolves once its models are loaded, rejects if they cannot be. */
  const start = () =>
    new Promise<{
      worker: Worker;
      send: (message: ToEngineThread) => void;
      taskTypes: TaskType[];
      description: EngineDescription;
    }>((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: init });
      let started = false;
      const send = coalescing<ToEngineThread>((messages) => worker.postMessage(messages));
      worker.on("message", (messages: FromEngineThread[]) => {
        for (const message of messages) handle(message);
      });
      const handle = (message: FromEngineThread) => {
        switch (message.kind) {
          case "ready":
            started = true;
            resolve({ worker, send, taskTypes: message.taskTypes, description: message.description });
            return;
          case "failed":
            reject(
              new EngineThreadError(
                message.name === "Error" ? message.message : `${message.name}: ${message.message}`,
              ),
            );
            return;
          case "done":
          case "error": {
            const p = pending.get(message.id);
            pending.delete(message.id);
            if (message.kind === "done") p?.resolve(message.response);
            else if (message.failure.kind === "input")
              p?.reject(new InputError(message.failure.field, message.failure.message));
            else if (message.failure.kind === "expired") p?.reject(new ExpiredError(message.failure.message));
            else p?.reject(new Error(message.failure.message));
            return;
          }
          case "log":
            log?.(message.line);
            return;
          case "batch":
            onBatch?.(message.taskType, message.rows);
            return;
          case "closed":
            return;
        }
      };
      worker.on("error", (error) => {
        if (!started) reject(new EngineThreadError(`the inference thread failed to start: ${error.message}`));
        else log?.(`inference thread error: ${error.message}`);
      });
      worker.on("exit", (code) => {
        failAll(new EngineThreadError(`the inference thread exited (code ${code})`));
        if (!started)
          reject(new EngineThreadError(`the inference thread exited while starting (code ${code})`));
        else if (!closing) {
          log?.(`inference thread exited (code ${code}); starting a new one in ${RESTART_DELAY_MS} ms`);
          current = delay(RESTART_DELAY_MS).then(start);
          current.catch((error: Error) => log?.(`inference thread restart failed: ${error.message}`));
        }
      });
    });

  let current = start();
  const first = await current;

  const call = async (message: ({ kind: "run"; request: TaskRequest } & RunOptions) | { kind: "warmUp" }) => {
    if (closing) throw new EngineThreadError("the engine is closed");
    const { send } = await current.catch((error: Error) => {
      throw new EngineThreadError(`the inference thread is down: ${error.message}`);
    });
    const id = nextId++;
    return new Promise<TaskResponse | null>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      send({ ...message, id });
    });
  };

  return {
    taskTypes: first.taskTypes,
    async run(request, options) {
      held++;
      const response = await call({ kind: "run", request, ...options }).finally(() => held--);
      if (!response) throw new Error("the inference thread answered a run with nothing");
      return response;
    },
    describe: () => first.description,
    queueDepth: () => held,
    async warmUp() {
      await call({ kind: "warmUp" });
    },
    async close() {
      closing = true;
      const { worker } = await current.catch(() => ({ worker: null }));
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      worker.postMessage([{ kind: "close" }] satisfies ToEngineThread[]);
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
