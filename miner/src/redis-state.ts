import type { Redis } from "ioredis";
import { type RateLimiter, type RateLimits, redisRateLimiter } from "./auth/rate-limiter";
import { minerKeys } from "./store/redis-keys";
import { redisServedStore, type ServedStore } from "./store/served-store";

/** The miner's shared state in Redis: replay cache with rate limits, and the served log, under one prefix. */
export interface RedisMinerState {
  rateLimiter: RateLimiter;
  store: ServedStore;
}

/**
 * Builds the Redis-backed pieces of `MinerDeps`. Replicas of one miner pass the same `prefix` (default: the
 * miner's hotkey), so a uuid claimed by one replica is refused by the others and they share rate budgets.
 */
export function redisMinerState(
  redis: Redis,
  options: { prefix: string; rateLimits: RateLimits; servedLogMax: number },
): RedisMinerState {
  const keys = minerKeys(options.prefix);
  return {
    rateLimiter: redisRateLimiter(redis, keys, options.rateLimits),
    store: redisServedStore(redis, keys, options.servedLogMax),
  };
}

/** The default Redis prefix of a miner: one namespace per miner hotkey. */
export const defaultRedisPrefix = (minerHotkey: string) => `miaoai:miner:${minerHotkey}`;
