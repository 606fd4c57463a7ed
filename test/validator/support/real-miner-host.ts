/**
 * Real miners for the validator's worker tests, run as their own Node process (`node --import tsx`): the
 * vitest Workers plugin loads global setups with Worker resolve conditions, under which onnxruntime-node
 * and ioredis are not safe to load. Starts redis-server and real miners through `startMiner` (the same
 * composition root as `miaoai-miner`): two serve the committed generator models (models/generated-*), one
 * runs the no-op engine (no model). Prints one `REAL_MINERS <json>` line, runs until stdin closes.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedisServer } from "../../../local/redis-server";
import { silentLogger } from "../../../miner/src/app-deps";
import { minerConfigSchema } from "../../../miner/src/env";
import { type StartedMiner, startMiner } from "../../../miner/src/main";
import { hotkeyPairFromUri } from "../../../shared/src/keys/hotkey-pair";
import type { RealMinersProvided } from "./real-miners";
import { VALIDATOR_URI } from "./roster";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const MODEL_DIRS = ["generated-intent", "generated-sentiment", "generated-response"].map((m) =>
  join(ROOT, "models", m),
);
const PLAN = [
  { label: "trained", engine: "onnx" },
  { label: "trained", engine: "onnx" },
  { label: "noop", engine: "noop" },
] as const;

let redis: RedisServer | undefined;
const miners: StartedMiner[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const m of miners) await m.stop().catch(() => {});
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
  for (const [uid, p] of PLAN.entries()) {
    const config = minerConfigSchema.parse({
      HOST: "127.0.0.1",
      PORT: "0",
      HOTKEY_URI: `//miaoai-real-miner-${uid}`,
      GATE_MODE: "allow-list",
      ALLOW_HOTKEYS: validator,
      REDIS_URL: redis.url,
      ENGINE: p.engine,
      MODELS: p.engine === "onnx" ? MODEL_DIRS.join(",") : "",
      EXECUTION_PROVIDER: "cpu",
      INTRA_OP_THREADS: "1",
    });
    miners.push(await startMiner(config, silentLogger));
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
