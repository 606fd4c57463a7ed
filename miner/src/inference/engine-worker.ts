/**
 * The inference thread's entry point (started by thread-engine.ts): the ONNX engine lives here, so the
 * featurizers and onnxruntime's `session.run`, which runs synchronously on its calling thread, never hold up
 * the main thread's HTTP, signatures and Redis.
 */
import { parentPort, workerData } from "node:worker_threads";
import { InputError } from "./engine";
import {
  coalescing,
  type EngineThreadInit,
  type FromEngineThread,
  type RunFailure,
  type ToEngineThread,
} from "./engine-thread";
import { FairQueue } from "./fair-queue";
import { createOnnxEngine, loadModelDirs } from "./onnx-engine";
import { configureOrtLogging } from "./session";

const port = parentPort;
if (!port) throw new Error("engine-worker.ts runs only as a worker thread");
const send = coalescing<FromEngineThread>((messages) => port.postMessage(messages));
/** For the last message before the port closes (a coalesced one would be posted after). */
const sendNow = (message: FromEngineThread) => port.postMessage([message]);
const init = workerData as EngineThreadInit;
/** The longest stretch of featurizing before answers already computed are let out. */
const YIELD_AFTER_MS = 10;

try {
  if (init.ortLogLevel) configureOrtLogging(init.ortLogLevel);
  const models = await loadModelDirs(init.modelDirs);
  if (models.length === 0) throw new Error(`no manifest.json found under ${init.modelDirs.join(", ")}`);
  const engine = await createOnnxEngine(models, {
    ...init.options,
    log: (line) => send({ kind: "log", line }),
    onBatch: (taskType, rows) => send({ kind: "batch", taskType, rows }),
  });
  const handle = (message: ToEngineThread) => {
    if (message.kind === "close") {
      void engine.close().finally(() => {
        sendNow({ kind: "closed" });
        port.close();
      });
      return;
    }
    // A request that waited here behind slow work (large images) until the main thread answered it with a
    // timeout is skipped rather than computed for nobody.
    if (message.kind === "run" && message.expiresAt !== undefined && Date.now() > message.expiresAt) {
      const failure: RunFailure = { kind: "expired", message: "the request expired before it ran" };
      send({ kind: "error", id: message.id, failure });
      return;
    }
    const work =
      message.kind === "run"
        ? engine.run(message.request, { caller: message.caller })
        : engine.warmUp().then(() => null);
    work.then(
      (response) => send({ kind: "done", id: message.id, response }),
      (error: unknown) =>
        send({
          kind: "error",
          id: message.id,
          failure: describeFailure(error),
        }),
    );
  };
  // Featurizing happens as each request is handed to the engine, synchronously, and answers leave only when
  // this turn of the loop ends. A burst of slow requests (large images) is therefore handled in slices of at
  // most YIELD_AFTER_MS, so the batches featurized so far run and answer while the rest wait; a burst of
  // fast requests still fits one slice and goes into one batch. Validators take turns in the inbox, so one
  // validator's burst of slow work holds another's request for about one of its items, not the whole burst.
  const inbox = new FairQueue<ToEngineThread>();
  let draining = false;
  const drain = () => {
    const started = performance.now();
    for (let message = inbox.shift(); message; message = inbox.shift()) {
      handle(message);
      if (inbox.size > 0 && performance.now() - started > YIELD_AFTER_MS) {
        setImmediate(drain);
        return;
      }
    }
    draining = false;
  };
  port.on("message", (messages: ToEngineThread[]) => {
    for (const message of messages) inbox.push((message.kind === "run" && message.caller) || "", message);
    if (draining) return;
    draining = true;
    drain();
  });
  send({ kind: "ready", taskTypes: [...engine.taskTypes], description: engine.describe() });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  sendNow({ kind: "failed", name: e.name, message: e.message });
  port.close();
}

function describeFailure(error: unknown): RunFailure {
  if (error instanceof InputError) return { kind: "input", field: error.field, message: error.message };
  return { kind: "other", message: error instanceof Error ? error.message : String(error) };
}
