import type { Redis } from "ioredis";
import type { MinerKeys } from "../store/redis-keys";

/**
 * Per-validator admission: at most `perWindow` requests per `windowMs` (fixed windows) and at most
 * `maxConcurrent` in flight, counted in Redis so every replica behind one axon shares the budget. One Lua
 * script does both checks in a single round trip; the in-flight count has a TTL so a crashed replica cannot
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

/** Admission outcome: a slot to release when done, or why not and when to retry. */
export type Admission =
  | { ok: true; release: () => Promise<void> }
  | { ok: false; reason: "rate" | "concurrency"; retryAfterS: number; message: string };

/** Admits or refuses one request of a validator. */
export interface RateLimiter {
  acquire(hotkey: string, now: number): Promise<Admission>;
}

const ACQUIRE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then return {1, n} end
local f = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
if f > tonumber(ARGV[3]) then redis.call('DECR', KEYS[2]); return {2, f} end
return {0, f}`;

const RELEASE = `
local f = redis.call('DECR', KEYS[1])
if f < 0 then redis.call('SET', KEYS[1], 0, 'PX', ARGV[1]) end
return f`;

type ScriptClient = Redis & {
  minerAcquire(rate: string, inflight: string, ...args: (string | number)[]): Promise<[number, number]>;
  minerRelease(inflight: string, ttl: number): Promise<number>;
};

/** The Redis-backed limiter shared by replicas. */
export function redisRateLimiter(redis: Redis, keys: MinerKeys, limits: RateLimits): RateLimiter {
  const client = redis as ScriptClient;
  if (typeof client.minerAcquire !== "function") {
    redis.defineCommand("minerAcquire", { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand("minerRelease", { numberOfKeys: 1, lua: RELEASE });
  }
  return {
    async acquire(hotkey, now) {
      const windowStart = now - (now % limits.windowMs);
      const inflightKey = keys.inflight(hotkey);
      const [code] = await client.minerAcquire(
        keys.rate(hotkey, windowStart),
        inflightKey,
        limits.perWindow,
        limits.windowMs,
        limits.maxConcurrent,
        limits.slotTtlMs,
      );
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

/** A single-process limiter with the same semantics, for unit tests and Redis-less dev runs. */
export function memoryRateLimiter(limits: RateLimits): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const inflight = new Map<string, number>();
  return {
    async acquire(hotkey, now) {
      const start = now - (now % limits.windowMs);
      const w = windows.get(hotkey);
      const current = w && w.start === start ? w : { start, count: 0 };
      current.count++;
      windows.set(hotkey, current);
      if (current.count > limits.perWindow) {
        const retryAfterS = Math.max(1, Math.ceil((start + limits.windowMs - now) / 1000));
        return refuse(
          "rate",
          retryAfterS,
          `more than ${limits.perWindow} requests per ${limits.windowMs} ms`,
        );
      }
      const f = (inflight.get(hotkey) ?? 0) + 1;
      if (f > limits.maxConcurrent)
        return refuse("concurrency", 1, `more than ${limits.maxConcurrent} requests in flight`);
      inflight.set(hotkey, f);
      let released = false;
      return {
        ok: true,
        release: async () => {
          if (released) return;
          released = true;
          inflight.set(hotkey, Math.max(0, (inflight.get(hotkey) ?? 1) - 1));
        },
      };
    },
  };
}

function refuse(reason: "rate" | "concurrency", retryAfterS: number, message: string): Admission {
  return { ok: false, reason, retryAfterS, message };
}
