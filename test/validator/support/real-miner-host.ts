/**
 * Real miners for the validator's worker tests, run as their own Node process (`node --import tsx`): the
 * vitest Workers plugin loads global setups with Worker resolve conditions, under which onnxruntime-node
 * and ioredis are not safe to load. Starts redis-server and real miners through `startMiner` (the same
 * composition root as `miaoai-miner`): two serve the committed generator models (models/generated-*), one
 * runs the no-op engine (no model), and one copies the first: the devnet's copier (local/devnet), which
 * finds the look-alike task the first miner answered and re-maps that answer onto its own ids and wording.
 * Prints one `REAL_MINERS <json>` line, runs until stdin closes.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createAnswerBoard, recordingEngine } from "../../../local/devnet/answer-board";
import { copierEngine } from "../../../local/devnet/behaviour-engines";
import { type RedisServer, startRedisServer } from "../../../local/redis-server";
import { type MinerDeps, silentLogger } from "../../../miner/src/app-deps";
import { minerConfigSchema } from "../../../miner/src/env";
import type { InferenceEngine } from "../../../miner/src/inference/engine";
import { createOnnxEngine, loadModelDirs } from "../../../miner/src/inference/onnx-engine";
import { type StartedMiner, startMiner } from "../../../miner/src/main";
import { hotkeyPairFromUri } from "../../../shared/src/keys/hotkey-pair";
import type { RealMinersProvided } from "./real-miners";
import { VALIDATOR_URI } from "./roster";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const MODEL_DIRS = ["generated-intent", "generated-sentiment", "generated-response"].map((m) =>
  join(ROOT, "models", m),
);
// "recorded" serves the host's engine and posts its answers where the copier reads them.
const PLAN = [
  { label: "trained", engine: "recorded" },
  { label: "trained", engine: "onnx" },
  { label: "noop", engine: "noop" },
  { label: "copier", engine: "copier" },
] as const;
/** The copier's relay delay: short, so its round trip is often shorter than the original's. */
const COPIER_RELAY_MS = 5;
const COPIER_WAIT_MS = 2_000;

let redis: RedisServer | undefined;
let shared: InferenceEngine | undefined;
const miners: StartedMiner[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const m of miners) await m.stop().catch(() => {});
    await shared?.close().catch(() => {});
    await redis?.stop().catch(() => {});
  }
  process.exit(code);
}

function announce(p: RealMinersProvided): void {
  process.stdout.write(`REAL_MINERS ${JSON.stringify(p)}\n`);
}

async function main(): Promise<void> {
  process.stdin.on("end", () => void stop(0));
  process.stdin.resume();
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  const missing = MODEL_DIRS.filter((d) => !existsSync(join(d, "manifest.json")));
  if (missing.length > 0) {
    announce({ kind: "missing", howTo: `no model at ${missing.join(", ")}: run npm run train -- all` });
    return stop(0);
  }
  redis = await startRedisServer();
  const validator = hotkeyPairFromUri(VALIDATOR_URI).ss58;
  const engine = await createOnnxEngine(await loadModelDirs(MODEL_DIRS), {
    provider: "cpu",
    intraOpThreads: 1,
    interOpThreads: 1,
    batchWindowMs: 2,
    maxBatchRows: 64,
  });
  shared = engine;
  await engine.warmUp();
  const board = createAnswerBoard();
  const overrides = (kind: (typeof PLAN)[number]["engine"]): Partial<MinerDeps> => {
    if (kind === "recorded") return { engine: recordingEngine(engine, board) };
    if (kind === "copier") return { engine: copierEngine(engine, board, COPIER_RELAY_MS, COPIER_WAIT_MS) };
    return {};
  };
  for (const [uid, p] of PLAN.entries()) {
    const config = minerConfigSchema.parse({
      HOST: "127.0.0.1",
      PORT: "0",
      HOTKEY_URI: `//miaoai-real-miner-${uid}`,
      GATE_MODE: "allow-list",
      ALLOW_HOTKEYS: validator,
      REDIS_URL: redis.url,
      // Wrapped engines come from `overrides`; their miners load no models of their own.
      ENGINE: p.engine === "onnx" ? "onnx" : "noop",
      MODELS: p.engine === "onnx" ? MODEL_DIRS.join(",") : "",
      EXECUTION_PROVIDER: "cpu",
      INTRA_OP_THREADS: "1",
    });
    miners.push(await startMiner(config, silentLogger, overrides(p.engine)));
  }
  announce({
    kind: "ready",
    miners: miners.map((m, uid) => ({
      uid,
      label: PLAN[uid]?.label ?? "",
      hotkey: m.hotkey,
      port: m.port,
    })),
  });
}

main().catch((e: unknown) => {
  console.error(`real miner host failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void stop(1);
});
