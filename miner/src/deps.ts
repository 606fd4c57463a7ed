import { cpus, totalmem } from "node:os";
import { Redis } from "ioredis";
import { ConfigError } from "../../shared/src/config";
import { loadHotkeyFromWallet } from "../../shared/src/keys/btcli-wallet.node.js"; // tsx reads "x.node" as an addon
import { type HotkeyPair, hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";
import { loadSr25519Wasm } from "../../shared/src/keys/sr25519-wasm.node.js";
import type { Logger, MinerDeps } from "./app-deps";
import { allowListGate, type CallerGate, metagraphGate } from "./auth/caller-gate";
import type { MinerConfig } from "./env";
import { type InferenceEngine, noopEngine } from "./inference/engine";
import { createThreadEngine } from "./inference/thread-engine";
import { createMinerMetrics } from "./observability/metrics";
import { defaultRedisPrefix, redisMinerState } from "./redis-state";

/**
 * The composition root: builds every dependency of the miner from its configuration, in one place, and knows
 * how to close them. Nothing else reads the config.
 */

/** Built dependencies and how to release them. */
export interface MinerRuntime {
  deps: MinerDeps;
  close(): Promise<void>;
}

/** Loads the miner's hotkey: `HOTKEY_URI` (dev chains: //Bob) or the btcli wallet. Never logs the secret. */
export async function loadMinerHotkey(config: MinerConfig): Promise<HotkeyPair> {
  if (config.HOTKEY_URI) return hotkeyPairFromUri(config.HOTKEY_URI);
  const loaded = await loadHotkeyFromWallet({
    walletPath: config.WALLET_PATH,
    name: config.WALLET_NAME,
    hotkey: config.WALLET_HOTKEY,
  });
  return loaded.pair;
}

/** Builds the engine the config asks for: ONNX models from `MODELS`, or the no-op engine. */
export async function buildEngine(
  config: MinerConfig,
  log: Logger,
  onBatch?: (taskType: string, rows: number) => void,
): Promise<InferenceEngine> {
  if (config.ENGINE === "noop") return noopEngine();
  if (config.MODELS.length === 0)
    throw new Error("MODELS is empty: give model folders (comma-separated) or ENGINE=noop");
  return createThreadEngine(config.MODELS, {
    ortLogLevel: config.ORT_LOG_LEVEL,
    provider: config.EXECUTION_PROVIDER,
    intraOpThreads: config.INTRA_OP_THREADS,
    interOpThreads: config.INTER_OP_THREADS,
    batchWindowMs: config.BATCH_WINDOW_MS,
    maxBatchRows: config.MAX_BATCH_ROWS,
    maxInFlightBatches: config.MAX_INFLIGHT_BATCHES,
    log: (line) => log.warn(line),
    onBatch,
  });
}

/** Builds the gate: a static allow-list (tests, devnet) or the chain's metagraph refreshed on a timer. */
export async function buildGate(
  config: MinerConfig,
  log: Logger,
  self: string,
): Promise<{ gate: CallerGate; close(): Promise<void> }> {
  checkGateConfig(config);
  if (config.GATE_MODE === "allow-list") {
    return { gate: allowListGate(config.ALLOW_HOTKEYS, config.DENY_HOTKEYS), close: async () => {} };
  }
  const netuid = requireNetuid(config, METAGRAPH_NEEDS_NETUID);
  // Imported lazily: @polkadot/api is heavy and noisy at import, and allow-list miners never need it.
  const { chainMetagraphSource } = await import("./chain/chain-metagraph-source");
  const source = chainMetagraphSource({ endpoints: [config.CHAIN_ENDPOINT], netuid });
  let registered: boolean | undefined;
  const gate = metagraphGate({
    source,
    minStake: config.MIN_STAKE,
    deny: config.DENY_HOTKEYS,
    refreshMs: config.METAGRAPH_REFRESH_S * 1000,
    log: (line) => log.warn(line),
    onSnapshot: (snapshot) => {
      // Said once, and again when it changes: an unregistered miner is never called by validators.
      const now = snapshot.neurons.some((n) => n.hotkey === self);
      if (now !== registered && !now)
        log.warn("this miner's hotkey is not registered on the subnet", { hotkey: self, netuid });
      registered = now;
    },
  });
  if (await gate.start()) log.info("metagraph loaded", { netuid, neurons: gate.size() });
  return {
    gate,
    close: async () => {
      gate.close();
      await source.close();
    },
  };
}

/**
 * Refuses gate settings that would start a miner no validator can use, before anything starts: an empty
 * allow-list (every caller 403) or a metagraph gate without NETUID (it has no default: 0 is the root network).
 */
export function checkGateConfig(config: MinerConfig): void {
  if (config.GATE_MODE === "allow-list" && config.ALLOW_HOTKEYS.length === 0) {
    throw new ConfigError(["ALLOW_HOTKEYS is empty: with GATE_MODE=allow-list every caller would get 403"]);
  }
  if (config.GATE_MODE === "metagraph") requireNetuid(config, METAGRAPH_NEEDS_NETUID);
}

const METAGRAPH_NEEDS_NETUID = "GATE_MODE=metagraph reads the subnet's metagraph";

/** NETUID, which has no default (0 would be the root network); a ConfigError saying who needs it otherwise. */
export function requireNetuid(config: MinerConfig, why: string): number {
  if (config.NETUID === undefined) throw new ConfigError([`NETUID is missing: ${why} (--netuid N)`]);
  return config.NETUID;
}

/** A URL fit for a log line: its password (and user) replaced. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password || parsed.username) {
      parsed.username = parsed.username ? "***" : "";
      parsed.password = parsed.password ? "***" : "";
    }
    return parsed.href;
  } catch {
    return "(an unparsable URL)";
  }
}

/** Builds everything `createMinerApp` needs from the config. */
export async function buildMinerRuntime(config: MinerConfig, log: Logger): Promise<MinerRuntime> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse())
      await c().catch((e: Error) => log.warn("close failed", { error: e.message }));
  };
  checkGateConfig(config);
  try {
    const pair = await loadMinerHotkey(config);
    const sr25519 = await loadSr25519Wasm();
    const metrics = createMinerMetrics();
    // One script per request (replay claim + rate limit) and the served log's own pipelines: nothing for
    // ioredis' auto-pipelining to gather, which would only hold each command until the next loop turn.
    const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
    // Without a listener ioredis prints raw stack traces while it reconnects; log each new failure once.
    let lastRedisError = "";
    redis.on("error", (error: Error) => {
      if (error.message === lastRedisError) return;
      lastRedisError = error.message;
      log.warn("redis connection error; retrying", { error: error.message });
    });
    redis.on("ready", () => {
      lastRedisError = "";
    });
    closers.push(async () => redis.disconnect());
    await redis.ping().catch((error: Error) => {
      throw new Error(`cannot reach Redis at ${redactUrl(config.REDIS_URL)} (REDIS_URL): ${error.message}`);
    });
    const state = redisMinerState(redis, {
      prefix: config.REDIS_PREFIX ?? defaultRedisPrefix(pair.ss58),
      rateLimits: {
        perWindow: config.RATE_LIMIT_PER_WINDOW,
        windowMs: config.RATE_LIMIT_WINDOW_MS,
        maxConcurrent: config.MAX_CONCURRENT_PER_VALIDATOR,
        slotTtlMs: config.REQUEST_TIMEOUT_MS * 2,
      },
      servedLogMax: config.SERVED_LOG_MAX,
    });
    closers.push(() => state.store.flush()); // runs before the disconnect above (closers run in reverse)
    const engine = await buildEngine(config, log, (taskType, rows) =>
      metrics.batchRows.observe({ task_type: taskType }, rows),
    );
    closers.push(() => engine.close());
    if (config.WARMUP) {
      const t = performance.now();
      await engine.warmUp();
      log.info("warm-up done", { ms: Math.round(performance.now() - t) });
    }
    const { gate, close: closeGate } = await buildGate(config, log, pair.ss58);
    closers.push(closeGate);
    const described = engine.describe();
    const deps: MinerDeps = {
      engine,
      gate,
      ...state,
      signer: { pair, sr25519 },
      clock: Date.now,
      log,
      metrics,
      limits: {
        maxBodyBytes: config.MAX_BODY_BYTES,
        bodyTimeoutMs: config.BODY_TIMEOUT_MS,
        requestTimeoutMs: config.REQUEST_TIMEOUT_MS,
        epistulaMaxAgeMs: config.EPISTULA_MAX_AGE_MS,
        epistulaMaxFutureMs: config.EPISTULA_MAX_FUTURE_MS,
      },
      pingState: () => redis.ping(),
      info: {
        executionProviders: [...new Set(described.models.map((m) => m.provider))],
        hardware: {
          cpu: cpus()[0]?.model ?? "unknown",
          cores: cpus().length,
          memoryGiB: Math.round(totalmem() / 2 ** 30),
        },
        gate:
          config.GATE_MODE === "allow-list"
            ? "allow-list"
            : { netuid: config.NETUID, minStake: config.MIN_STAKE },
      },
    };
    return { deps, close };
  } catch (error) {
    await close();
    throw error;
  }
}
