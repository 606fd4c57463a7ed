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
  /** Writes whatever is still pending (before shutdown). */
  flush(): Promise<void>;
}

/** How long a record may wait to be written with others, and how many may wait. */
export const SERVED_WRITE_BEHIND = { flushMs: 20, maxPending: 256 };

/**
 * The Redis store, written behind: records gathered for up to `flushMs` (or `maxPending` of them) go out as
 * one pipeline (HINCRBY per validator and outcome, one LPUSH, one LTRIM). Nothing of it is on a request's
 * path, and a busy miner sends one write per tick instead of three commands per request. `record` resolves
 * once its batch is stored; `flush` runs on shutdown so a graceful stop loses nothing.
 */
export function redisServedStore(
  redis: Redis,
  keys: MinerKeys,
  maxLog: number,
  writeBehind = SERVED_WRITE_BEHIND,
): ServedStore {
  type Waiting = { entry: ServedRecord; resolve: () => void; reject: (error: Error) => void };
  let pending: Waiting[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const counts = new Map<string, number>();
    for (const { entry } of batch) {
      const key = JSON.stringify([entry.validator, entry.outcome]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const pipeline = redis.pipeline();
    for (const [key, n] of counts) {
      const [validator, outcome] = JSON.parse(key) as [string, string];
      pipeline.hincrby(keys.counters(validator), outcome, n);
    }
    // LPUSH puts its last argument at the head: oldest first keeps the log newest-first.
    pipeline.lpush(keys.servedLog(), ...batch.map((w) => JSON.stringify(w.entry)));
    pipeline.ltrim(keys.servedLog(), 0, maxLog - 1);
    try {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error)?.[0];
      if (failed) throw failed;
      for (const w of batch) w.resolve();
    } catch (error) {
      for (const w of batch) w.reject(error as Error);
    }
  };
  return {
    record(entry) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ entry, resolve, reject });
        if (pending.length >= writeBehind.maxPending) void flush();
        else timer ??= setTimeout(() => void flush(), writeBehind.flushMs);
      });
    },
    flush,
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
    async flush() {},
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
