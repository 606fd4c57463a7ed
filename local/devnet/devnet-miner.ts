import { Redis } from "ioredis";
import { createMinerApp } from "../../miner/src/app";
import { type Logger, type MinerDeps, silentLogger } from "../../miner/src/app-deps";
import { allowListGate } from "../../miner/src/auth/caller-gate";
import type { InferenceEngine } from "../../miner/src/inference/engine";
import { createMinerMetrics } from "../../miner/src/observability/metrics";
import { defaultRedisPrefix, redisMinerState } from "../../miner/src/redis-state";
import { serveMiner } from "../../miner/src/serve";
import type { HotkeyPair } from "../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../shared/src/keys/sr25519";
import { findFreePort } from "../free-port";
import type { Behaviour } from "./behaviour";

/** Latency samples (ms, as the miner's server measured them) since the last `take()`. */
export interface LatencyTap {
  take(): number[];
}

/** A devnet miner: the production miner app with a devnet engine, served on 127.0.0.1. */
export interface DevnetMiner {
  index: number;
  behaviour: Behaviour;
  pair: HotkeyPair;
  /** The port it listens on (or would, for a `down` miner: a port nothing listens on). */
  port: number;
  url: string;
  listening: boolean;
  latency: LatencyTap;
  stop(): Promise<void>;
}

/** What one devnet miner needs. */
export interface DevnetMinerOptions {
  index: number;
  behaviour: Behaviour;
  pair: HotkeyPair;
  sr25519: Sr25519;
  /** The devnet owns the engines (several miners may share one) and closes them; the miner never does. */
  engine: InferenceEngine;
  redisUrl: string;
  /** Hotkeys allowed to call (the devnet validator): the miner's static allow-list mode. */
  allow: readonly string[];
  log?: Logger;
}

/**
 * Starts one miner in this process: `createMinerApp` with Redis-backed replay cache, rate limits and served
 * log (prefixed by its hotkey), an allow-list gate, and a metrics object whose latency histogram is also
 * tapped for the devnet's table. A `down` miner reserves a port and never listens on it.
 */
export async function startDevnetMiner(options: DevnetMinerOptions): Promise<DevnetMiner> {
  const { index, behaviour, pair } = options;
  if (behaviour === "down") {
    const port = await findFreePort();
    return {
      index,
      behaviour,
      pair,
      port,
      url: `http://127.0.0.1:${port}`,
      listening: false,
      latency: { take: () => [] },
      stop: async () => {},
    };
  }
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  const samples: number[] = [];
  const metrics = createMinerMetrics();
  const observe = metrics.latency.observe.bind(metrics.latency);
  metrics.latency.observe = (labels, seconds) => {
    samples.push(seconds * 1000);
    observe(labels, seconds);
  };
  const deps: MinerDeps = {
    engine: options.engine,
    gate: allowListGate(options.allow),
    ...redisMinerState(redis, {
      prefix: defaultRedisPrefix(pair.ss58),
      rateLimits: { perWindow: 10_000, windowMs: 60_000, maxConcurrent: 256, slotTtlMs: 30_000 },
      servedLogMax: 1_000,
    }),
    signer: { pair, sr25519: options.sr25519 },
    clock: Date.now,
    log: options.log ?? silentLogger,
    metrics,
    info: { devnetBehaviour: behaviour },
  };
  let server: Awaited<ReturnType<typeof serveMiner>>;
  try {
    server = await serveMiner(createMinerApp(deps), { host: "127.0.0.1", port: 0 });
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    index,
    behaviour,
    pair,
    port: server.port,
    url: server.url,
    listening: true,
    latency: { take: () => samples.splice(0, samples.length) },
    stop: () => {
      stopping ??= (async () => {
        await server.close();
        deps.gate.close();
        await deps.store.flush().catch(() => {});
        redis.disconnect();
      })();
      return stopping;
    },
  };
}
