import type { Redis } from "@upstash/redis";
import { type BatchResult, batchResultSchema } from "../rounds/messages";
import { STATE_LIMITS, type StateKeys } from "./keys";
import {
  type MetagraphCache,
  type MinerRecord,
  metagraphCacheSchema,
  minerRecordSchema,
  parseRecord,
  type RoundMeta,
  type RoundSummary,
  roundMetaSchema,
  roundSummarySchema,
  type WeightsRecord,
  weightsRecordSchema,
} from "./records";
import type { PlanContext, RoundForFinalize, StateStore } from "./store";

// Read-decide-write in one step: only the first finalization of a round writes anything.
const COMMIT_ROUND = `
if redis.call('HSETNX', KEYS[1], 'finalized', ARGV[1]) == 0 then return 0 end
if #ARGV > 3 then
  local fields = {}
  for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', KEYS[2], unpack(fields))
end
redis.call('SET', KEYS[3], ARGV[2])
redis.call('LPUSH', KEYS[4], ARGV[2])
redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[3]) - 1)
return 1`;

// A fixed-window counter that sets its own expiry on first use.
const RATE_LIMIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** The StateStore over Upstash (or the local Upstash bridge) with `@upstash/redis`. */
export class UpstashStore implements StateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: StateKeys,
  ) {}

  async loadPlanContext(lockOwner: string): Promise<PlanContext> {
    const k = this.keys;
    const p = this.redis.pipeline();
    p.set(k.planLock, lockOwner, { nx: true, px: STATE_LIMITS.planLockMs });
    p.get(k.metagraph);
    p.hgetall(k.miners);
    p.get(k.roundSeq);
    p.get(k.currentRound);
    p.get(k.latestRound);
    const [lock, metagraph, miners, seq, current, latest] =
      await p.exec<[unknown, unknown, unknown, unknown, unknown, unknown]>();
    const meta = parseRecord(roundMetaSchema, current);
    const latestSummary = parseRecord(roundSummarySchema, latest);
    return {
      locked: lock === null,
      metagraph: parseRecord(metagraphCacheSchema, metagraph),
      miners: parseMiners(miners),
      seq: Number(seq ?? 0) || 0,
      current: meta ? { meta, finalized: latestSummary?.id === meta.id } : null,
    };
  }

  async beginRound(meta: RoundMeta, metagraph: MetagraphCache | null, lockOwner: string): Promise<void> {
    const k = this.keys;
    const p = this.redis.pipeline();
    if (metagraph) p.set(k.metagraph, JSON.stringify(metagraph));
    p.hset(k.round(meta.id), { meta: JSON.stringify(meta) });
    p.expire(k.round(meta.id), STATE_LIMITS.roundTtlSeconds);
    p.set(k.currentRound, JSON.stringify(meta));
    p.set(k.roundSeq, String(meta.seq));
    // Release our plan lock only (a later cron may already hold a new one after ours expired).
    p.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      [k.planLock],
      [lockOwner],
    );
    await p.exec();
  }

  async appendResults(
    results: BatchResult[],
  ): Promise<Map<string, { done: number; expected: number | null }>> {
    const byRound = new Map<string, BatchResult[]>();
    for (const r of results) byRound.set(r.roundId, [...(byRound.get(r.roundId) ?? []), r]);
    const p = this.redis.pipeline();
    const order: string[] = [];
    for (const [roundId, list] of byRound) {
      const key = this.keys.round(roundId);
      const fields: Record<string, string> = {};
      for (const r of list) fields[`b:${r.batch}`] = JSON.stringify(r);
      // Counting fields (not incrementing) means a redelivered batch is never counted twice.
      p.hset(key, fields);
      p.hget(key, "meta");
      p.hlen(key);
      order.push(roundId);
    }
    const replies = await p.exec<unknown[]>();
    const out = new Map<string, { done: number; expected: number | null }>();
    order.forEach((roundId, i) => {
      const meta = parseRecord(roundMetaSchema, replies[i * 3 + 1]);
      // Fields of a round hash: meta, one b:<n> per stored batch, and `finalized` once it is.
      const len = Number(replies[i * 3 + 2] ?? 0);
      out.set(roundId, { done: Math.max(0, len - 1), expected: meta?.expectedBatches ?? null });
    });
    return out;
  }

  async loadRound(roundId: string): Promise<RoundForFinalize | null> {
    const k = this.keys;
    const p = this.redis.pipeline();
    p.hgetall(k.round(roundId));
    p.hgetall(k.miners);
    p.get(k.metagraph);
    const [roundRaw, miners, metagraph] = await p.exec<[unknown, unknown, unknown]>();
    const round = hashReply(roundRaw);
    if (!round) return null;
    const meta = parseRecord(roundMetaSchema, round.meta);
    if (!meta) return null;
    const batches: BatchResult[] = [];
    for (const [field, value] of Object.entries(round)) {
      if (!field.startsWith("b:")) continue;
      const parsed = parseRecord(batchResultSchema, value);
      if (parsed) batches.push(parsed);
    }
    return {
      meta,
      finalized: round.finalized != null,
      batches,
      miners: parseMiners(miners),
      metagraph: parseRecord(metagraphCacheSchema, metagraph),
    };
  }

  async commitRound(summary: RoundSummary, miners: MinerRecord[]): Promise<boolean> {
    const k = this.keys;
    const args = [String(summary.finishedAt), JSON.stringify(summary), String(STATE_LIMITS.recentRounds)];
    for (const m of miners) args.push(String(m.uid), JSON.stringify(m));
    const keys = [k.round(summary.id), k.miners, k.latestRound, k.recentRounds];
    return (await this.redis.eval(COMMIT_ROUND, keys, args)) === 1;
  }

  async loadMiners(): Promise<{ miners: Map<number, MinerRecord>; metagraph: MetagraphCache | null }> {
    const p = this.redis.pipeline();
    p.hgetall(this.keys.miners);
    p.get(this.keys.metagraph);
    const [miners, metagraph] = await p.exec<[unknown, unknown]>();
    return { miners: parseMiners(miners), metagraph: parseRecord(metagraphCacheSchema, metagraph) };
  }

  async loadOverview() {
    const k = this.keys;
    const p = this.redis.pipeline();
    p.get(k.latestRound);
    p.lrange(k.recentRounds, 0, STATE_LIMITS.recentRounds - 1);
    p.get(k.weights);
    p.get(k.currentRound);
    p.get(k.metagraph);
    const [latest, recent, weights, current, metagraph] =
      await p.exec<[unknown, unknown, unknown, unknown, unknown]>();
    return {
      latest: parseRecord(roundSummarySchema, latest),
      recent: (Array.isArray(recent) ? recent : []).flatMap((r) => parseRecord(roundSummarySchema, r) ?? []),
      weights: parseRecord(weightsRecordSchema, weights),
      currentRoundId: parseRecord(roundMetaSchema, current)?.id ?? null,
      metagraph: parseRecord(metagraphCacheSchema, metagraph),
    };
  }

  async saveWeights(record: WeightsRecord): Promise<void> {
    await this.redis.set(this.keys.weights, JSON.stringify(record));
  }

  async hitRateLimit(keyHash: string, windowMs: number, limit: number, now: number) {
    const window = Math.floor(now / windowMs);
    const count = Number(
      await this.redis.eval(RATE_LIMIT, [this.keys.rateLimit(keyHash, window)], [String(windowMs)]),
    );
    return { allowed: count <= limit, count };
  }
}

/**
 * A hash reply as an object. With automatic deserialization off, @upstash/redis hands HGETALL back as
 * Redis sends it, a flat `[field, value, ...]` array; with it on, an object. Both are accepted.
 */
export function hashReply(raw: unknown): Record<string, unknown> | null {
  if (Array.isArray(raw)) {
    if (raw.length === 0) return null;
    const out: Record<string, unknown> = {};
    for (let i = 0; i + 1 < raw.length; i += 2) out[String(raw[i])] = raw[i + 1];
    return out;
  }
  return raw && typeof raw === "object" ? (raw as Record<string, unknown>) : null;
}

function parseMiners(raw: unknown): Map<number, MinerRecord> {
  const out = new Map<number, MinerRecord>();
  const hash = hashReply(raw);
  if (!hash) return out;
  for (const value of Object.values(hash)) {
    const record = parseRecord(minerRecordSchema, value);
    if (record) out.set(record.uid, record);
  }
  return out;
}
