import type { HotkeyPair } from "../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../shared/src/keys/sr25519";
import type { CallerGate } from "./auth/caller-gate";
import type { RateLimiter } from "./auth/rate-limiter";
import type { InferenceEngine } from "./inference/engine";
import type { MinerMetrics } from "./observability/metrics";
import type { ServedStore } from "./store/served-store";

/** A structured one-line logger; never handed secrets. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The miner's own key and the sr25519 backend that signs and verifies with it. */
export interface MinerSigner {
  pair: HotkeyPair;
  sr25519: Sr25519;
}

/** Bounds of the request pipeline; every field has a default (see `DEFAULT_LIMITS`). */
export interface RequestLimits {
  /** Largest request body read, bytes (413 beyond). */
  maxBodyBytes: number;
  /** How long the whole body may take to arrive after the headers, ms (408 beyond). */
  bodyTimeoutMs: number;
  /** Whole-request budget, ms (504 beyond); a task's own `deadlineMs` can only shorten it. */
  requestTimeoutMs: number;
  /** Epistula acceptance window: oldest and most-future timestamps accepted, ms. */
  epistulaMaxAgeMs: number;
  epistulaMaxFutureMs: number;
}

/** Defaults of {@link RequestLimits}. */
export const DEFAULT_LIMITS: RequestLimits = {
  maxBodyBytes: 512 * 1024,
  bodyTimeoutMs: 5_000,
  requestTimeoutMs: 12_000,
  epistulaMaxAgeMs: 8_000,
  epistulaMaxFutureMs: 2_000,
};

/**
 * Everything the miner app depends on, injected so tests and the devnet can swap any part: a counting or
 * deliberately bad engine, an allow-list gate, an in-memory limiter, a fixed clock.
 */
export interface MinerDeps {
  engine: InferenceEngine;
  gate: CallerGate;
  rateLimiter: RateLimiter;
  signer: MinerSigner;
  store: ServedStore;
  clock: () => number;
  log: Logger;
  metrics?: MinerMetrics;
  limits?: Partial<RequestLimits>;
  /** Extra facts for /v1/info (hardware, execution provider...). */
  info?: Record<string, unknown>;
  /** Rejects when the shared state (Redis) cannot be reached; `/healthz` answers 503 then. */
  pingState?: () => Promise<unknown>;
}

/** A logger writing JSON lines to stdout/stderr. */
export function jsonLogger(name = "miner"): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, name, message, ...fields });
    if (level === "error" || level === "warn") process.stderr.write(`${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
  return {
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
