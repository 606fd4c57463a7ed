import type { Redis } from "ioredis";
import type { MinerKeys } from "../store/redis-keys";

/**
 * Per-validator admission: the replay cache, at most `perWindow` requests per `windowMs` (fixed windows) and
 * at most `maxConcurrent` in flight, kept in Redis so every replica behind one axon shares them. One Lua script
 * does all three in a single round trip, in this order: a replay is refused before it is counted (so replaying
 * a captured request cannot spend its validator's budget), and a uuid is claimed only by a request that is
 * admitted (so a 429'd request may be retried as is). The in-flight count has a TTL so a crashed replica cannot
 * leak slots for longer than that.
 */

/** Limits per validator hotkey. */
export interface RateLimits {
  perWindow: number;
  windowMs: number;
  maxConcurrent: number;
  /** How long an in-flight slot may live at most (> the request timeout). */
  slotTtlMs: number;
}

/** Admission outcome: a slot to release when done, or why not (and when to retry, unless replayed). */
export type Admission =
  | { ok: true; release: () => Promise<void> }
  | { ok: false; reason: "rate" | "concurrency"; retryAfterS: number; message: string }
  | { ok: false; reason: "replayed"; message: string };

/** A request's replay-cache claim: its key (sender + uuid) and how long to remember it. */
export type ReplayClaim = { key: string; ttlMs: number };

/** Admits or refuses one request of a validator. */
export interface RateLimiter {
  acquire(hotkey: string, now: number, replay: ReplayClaim | null): Promise<Admission>;
}

// KEYS: rate window, in-flight count, replay key ('' for none). ARGV: perWindow, windowMs, maxConcurrent,
// slotTtlMs, replayTtlMs. Returns {code, count}: 0 admitted, 1 over the window, 2 over concurrency, 3 replayed.
const ACQUIRE = `
if KEYS[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then return {3, 0} end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then return {1, n} end
local f = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
if f > tonumber(ARGV[3]) then redis.call('DECR', KEYS[2]); return {2, f} end
if KEYS[3] ~= '' then redis.call('SET', KEYS[3], '1', 'PX', ARGV[5]) end
return {0, f}`;

const RELEASE = `
local f = redis.call('DECR', KEYS[1])
if f < 0 then redis.call('SET', KEYS[1], 0, 'PX', ARGV[1]) end
return f`;

type ScriptClient = Redis & {
  minerAcquire(
    rate: string,
    inflight: string,
    replay: string,
    ...args: (string | number)[]
  ): Promise<[number, number]>;
  minerRelease(inflight: string, ttl: number): Promise<number>;
};

/** The Redis-backed limiter shared by replicas. */
export function redisRateLimiter(redis: Redis, keys: MinerKeys, limits: RateLimits): RateLimiter {
  const client = redis as ScriptClient;
  if (typeof client.minerAcquire !== "function") {
    redis.defineCommand("minerAcquire", { numberOfKeys: 3, lua: ACQUIRE });
    redis.defineCommand("minerRelease", { numberOfKeys: 1, lua: RELEASE });
  }
  return {
    async acquire(hotkey, now, replay) {
      const windowStart = now - (now % limits.windowMs);
      const inflightKey = keys.inflight(hotkey);
      const [code] = await client.minerAcquire(
        keys.rate(hotkey, windowStart),
        inflightKey,
        replay ? keys.replay(replay.key) : "",
        limits.perWindow,
        limits.windowMs,
        limits.maxConcurrent,
        limits.slotTtlMs,
        Math.max(1, Math.ceil(replay?.ttlMs ?? 1)),
      );
      if (code === 3) return replayed();
      if (code === 1) {
        const retryAfterS = Math.max(1, Math.ceil((windowStart + limits.windowMs - now) / 1000));
        return refuse(
          "rate",
          retryAfterS,
          `more than ${limits.perWindow} requests per ${limits.windowMs} ms`,
        );
      }
      if (code === 2) return refuse("concurrency", 1, `more than ${limits.maxConcurrent} requests in flight`);
      let released = false;
      return {
        ok: true,
        release: async () => {
          if (released) return;
          released = true;
          await client.minerRelease(inflightKey, limits.slotTtlMs);
        },
      };
    },
  };
}

function refuse(reason: "rate" | "concurrency", retryAfterS: number, message: string): Admission {
  return { ok: false, reason, retryAfterS, message };
}

function replayed(): Admission {
  return { ok: false, reason: "replayed", message: "this uuid was already used by this sender" };
}
