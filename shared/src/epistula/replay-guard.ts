/**
 * Replay protection for Epistula requests: a receiver claims each (sender, uuid) once within the acceptance
 * window. Claims happen only after the signature verifies, so forged requests cannot fill the cache.
 */

/** Remembers keys for a while; `claim` is true the first time a key is seen within its TTL. */
export interface ReplayGuard {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

/** The replay-cache key of a request: per sender, so one sender cannot burn another's uuids. */
export function replayKey(signedBy: string, uuid: string): string {
  return `epistula:replay:${signedBy}:${uuid}`;
}

/** Options of the in-memory guard. */
export interface MemoryReplayGuardOptions {
  /** Most keys kept; past it the oldest are dropped (their replays would then pass). Default 100 000. */
  maxEntries?: number;
  /** Clock in ms, injectable for tests. */
  now?: () => number;
}

/**
 * A bounded in-memory guard for unit tests and single-process use. Not shared between processes or
 * Worker isolates: receivers with replicas use `redisReplayGuard` (the miner makes the same claim inside its
 * admission script, miner/src/auth/rate-limiter.ts, so a replay is refused before it is counted).
 */
export function memoryReplayGuard(options: MemoryReplayGuardOptions = {}): ReplayGuard {
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  // Insertion order is expiry order when TTLs are equal, which is how Epistula uses the guard.
  const expiries = new Map<string, number>();
  return {
    async claim(key, ttlMs) {
      const t = now();
      for (const [k, expiresAt] of expiries) {
        if (expiresAt > t) break;
        expiries.delete(k);
      }
      const existing = expiries.get(key);
      if (existing !== undefined && existing > t) return false;
      expiries.delete(key);
      while (expiries.size >= maxEntries) {
        const oldest = expiries.keys().next().value;
        if (oldest === undefined) break;
        expiries.delete(oldest);
      }
      expiries.set(key, t + ttlMs);
      return true;
    },
  };
}

/** `SET key 1 NX PX ttlMs`: true when the key was set (first claim), false when it already existed. */
export type SetNxPx = (key: string, ttlMs: number) => Promise<boolean>;

/** A guard backed by Redis (or anything with SET NX PX semantics), shared by every receiver instance. */
export function redisReplayGuard(setNxPx: SetNxPx): ReplayGuard {
  return {
    claim(key, ttlMs) {
      return setNxPx(key, Math.max(1, Math.ceil(ttlMs)));
    },
  };
}

/** The slice of an ioredis client the guard needs (`set(key, val, "PX", ttl, "NX")`). */
export interface IoredisSetLike {
  set(key: string, value: string, px: "PX", ttlMs: number, nx: "NX"): Promise<"OK" | null>;
}

/** Adapts an ioredis client (Node) to `SetNxPx`. */
export function ioredisSetNxPx(client: IoredisSetLike): SetNxPx {
  return async (key, ttlMs) => (await client.set(key, "1", "PX", ttlMs, "NX")) === "OK";
}

/** The slice of an @upstash/redis client the guard needs (`set(key, val, { nx, px })`). */
export interface UpstashSetLike {
  set(key: string, value: string, options: { nx: true; px: number }): Promise<unknown>;
}

/** Adapts an @upstash/redis client (Workers, over REST) to `SetNxPx`. */
export function upstashSetNxPx(client: UpstashSetLike): SetNxPx {
  return async (key, ttlMs) => (await client.set(key, "1", { nx: true, px: ttlMs })) === "OK";
}
