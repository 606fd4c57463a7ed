import { Redis } from "ioredis";
import { createMinerApp } from "../../../miner/src/app";
import { type MinerDeps, silentLogger } from "../../../miner/src/app-deps";
import type { CallerGate } from "../../../miner/src/auth/caller-gate";
import type { RateLimits } from "../../../miner/src/auth/rate-limiter";
import type { InferenceEngine } from "../../../miner/src/inference/engine";
import { createMinerMetrics, type MinerMetrics } from "../../../miner/src/observability/metrics";
import { defaultRedisPrefix, redisMinerState } from "../../../miner/src/redis-state";
import { type RunningServer, serveMiner } from "../../../miner/src/serve";
import type { Hotkey } from "../../../shared/src/keys/hotkey";
import { type HotkeyPair, hotkeyPairFromUri } from "../../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../../shared/src/keys/sr25519";
import { loadSr25519Wasm } from "../../../shared/src/keys/sr25519-wasm.node.js"; // tsx reads an extensionless "x.node" as a native addon

/** Dev keys used across the miner tests (public dev phrase; never real keys). */
export interface TestKeys {
  sr25519: Sr25519;
  miner: HotkeyPair;
  alice: HotkeyPair;
  charlie: HotkeyPair;
  dave: HotkeyPair;
  eve: HotkeyPair;
  ferdie: HotkeyPair;
}

/** Loads the wasm backend and the dev keys. */
export async function testKeys(): Promise<TestKeys> {
  return {
    sr25519: await loadSr25519Wasm(),
    miner: hotkeyPairFromUri("//Bob"),
    alice: hotkeyPairFromUri("//Alice"),
    charlie: hotkeyPairFromUri("//Charlie"),
    dave: hotkeyPairFromUri("//Dave"),
    eve: hotkeyPairFromUri("//Eve"),
    ferdie: hotkeyPairFromUri("//Ferdie"),
  };
}

/** An engine wrapper counting calls, so tests can assert that no model ran. */
export function countingEngine(inner: InferenceEngine): InferenceEngine & { calls: number } {
  const wrapped = {
    calls: 0,
    taskTypes: inner.taskTypes,
    run(request: Parameters<InferenceEngine["run"]>[0]) {
      wrapped.calls++;
      return inner.run(request);
    },
    describe: () => inner.describe(),
    queueDepth: () => inner.queueDepth(),
    warmUp: () => inner.warmUp(),
    close: () => inner.close(),
  };
  return wrapped;
}

/** One miner replica on loopback, with its Redis connection. */
export interface TestMiner {
  url: string;
  deps: MinerDeps;
  redis: Redis;
  server: RunningServer;
  close(): Promise<void>;
}

/** Starts a miner replica on 127.0.0.1 with Redis-backed state and the given engine and gate. */
export async function startTestMiner(options: {
  keys: TestKeys;
  redisUrl: string;
  engine: InferenceEngine;
  gate: CallerGate;
  rateLimits?: Partial<RateLimits>;
  limits?: MinerDeps["limits"];
  clock?: () => number;
  servedLogMax?: number;
  metrics?: MinerMetrics;
}): Promise<TestMiner> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
  const state = redisMinerState(redis, {
    prefix: defaultRedisPrefix(options.keys.miner.ss58),
    rateLimits: {
      perWindow: 100_000,
      windowMs: 60_000,
      maxConcurrent: 10_000,
      slotTtlMs: 30_000,
      ...options.rateLimits,
    },
    servedLogMax: options.servedLogMax ?? 1000,
  });
  const deps: MinerDeps = {
    engine: options.engine,
    gate: options.gate,
    ...state,
    signer: { pair: options.keys.miner, sr25519: options.keys.sr25519 },
    clock: options.clock ?? Date.now,
    log: silentLogger,
    metrics: options.metrics ?? createMinerMetrics(),
    limits: options.limits,
    pingState: () => redis.ping(),
  };
  const server = await serveMiner(createMinerApp(deps), { host: "127.0.0.1", port: 0 });
  return {
    url: server.url,
    deps,
    redis,
    server,
    async close() {
      await server.close();
      await deps.store.flush();
      redis.disconnect();
    },
  };
}

/** The hotkey string of a pair. */
export const hk = (pair: HotkeyPair): Hotkey => pair.ss58;
