// The real inference thread, plus a way to kill it for tests: a task whose id is "die" ends the thread with
// exit code 7 before the engine sees it (thread-engine.test.ts checks that the engine restarts it).
import { parentPort } from "node:worker_threads";

parentPort?.on("message", (messages) => {
  if (Array.isArray(messages) && messages.some((m) => m.kind === "run" && m.request?.taskId === "die")) {
    process.exit(7);
  }
});
await import("../../../miner/src/inference/engine-worker-boot.mjs");
