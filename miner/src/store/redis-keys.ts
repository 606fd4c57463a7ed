/**
 * Every Redis key the miner writes, in one place. All keys share a prefix (config `REDIS_PREFIX`, default
 * `miaoai:miner:<miner hotkey>`) so replicas of one miner share state and two miners on one Redis do not.
 */

/** Key builders for one miner's namespace. */
export function minerKeys(prefix: string) {
  return {
    /** Replay-cache key of an Epistula request (the shared guard's own key, namespaced). */
    replay: (key: string) => `${prefix}:${key}`,
    /** Requests of `hotkey` in the rate window starting at `windowStart` (ms). */
    rate: (hotkey: string, windowStart: number) => `${prefix}:rate:${hotkey}:${windowStart}`,
    /** Requests of `hotkey` in flight across all replicas. */
    inflight: (hotkey: string) => `${prefix}:inflight:${hotkey}`,
    /** Hash of outcome -> count for `hotkey`, kept forever (small: one field per outcome). */
    counters: (hotkey: string) => `${prefix}:counters:${hotkey}`,
    /** Bounded list (LPUSH + LTRIM) of served-task records, newest first. */
    servedLog: () => `${prefix}:served`,
  };
}
export type MinerKeys = ReturnType<typeof minerKeys>;
