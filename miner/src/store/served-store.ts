import type { Redis } from "ioredis";
import { z } from "zod";
import type { MinerKeys } from "./redis-keys";

/**
 * What the miner remembers about the work it did, in Redis so it survives a restart and is shared by
 * replicas: per-validator counters by outcome, and a bounded log of served tasks (newest first, LTRIM'd).
 */

/** One served (or refused, after authentication) task. */
export const servedRecordSchema = z.object({
  at: z.number(),
  validator: z.string(),
  taskId: z.string().nullable(),
  taskType: z.string(),
  requestSha256: z.string(),
  latencyMs: z.number(),
  outcome: z.string(),
});
export type ServedRecord = z.infer<typeof servedRecordSchema>;

/** Persistence of counters and the served-task log. */
export interface ServedStore {
  /** Counts the outcome for the validator and appends the record to the bounded log. */
  record(entry: ServedRecord): Promise<void>;
  /** Outcome -> count for one validator. */
  counters(validator: string): Promise<Record<string, number>>;
  /** The newest `n` records, newest first. */
  recent(n: number): Promise<ServedRecord[]>;
}

/** The Redis store: one pipeline (HINCRBY + LPUSH + LTRIM) per record. */
export function redisServedStore(redis: Redis, keys: MinerKeys, maxLog: number): ServedStore {
  return {
    async record(entry) {
      await redis
        .pipeline()
        .hincrby(keys.counters(entry.validator), entry.outcome, 1)
        .lpush(keys.servedLog(), JSON.stringify(entry))
        .ltrim(keys.servedLog(), 0, maxLog - 1)
        .exec();
    },
    async counters(validator) {
      const raw = await redis.hgetall(keys.counters(validator));
      return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Number(v)]));
    },
    async recent(n) {
      const raw = await redis.lrange(keys.servedLog(), 0, Math.max(0, n - 1));
      return raw.flatMap((line) => {
        const parsed = servedRecordSchema.safeParse(safeJson(line));
        return parsed.success ? [parsed.data] : [];
      });
    },
  };
}

/** An in-memory store with the same bounds, for tests and Redis-less dev runs. */
export function memoryServedStore(maxLog: number): ServedStore {
  const counters = new Map<string, Record<string, number>>();
  const log: ServedRecord[] = [];
  return {
    async record(entry) {
      const c = counters.get(entry.validator) ?? {};
      c[entry.outcome] = (c[entry.outcome] ?? 0) + 1;
      counters.set(entry.validator, c);
      log.unshift(entry);
      log.length = Math.min(log.length, maxLog);
    },
    async counters(validator) {
      return { ...(counters.get(validator) ?? {}) };
    },
    async recent(n) {
      return log.slice(0, n);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
