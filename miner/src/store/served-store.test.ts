import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../../local/redis-server";
import { minerKeys } from "./redis-keys";
import { redisServedStore, type ServedRecord } from "./served-store";

let server: RedisServer;
let redis: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});
afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

const entry = (i: number, validator = "5Fvalidator", outcome = "ok"): ServedRecord => ({
  at: 1_700_000_000_000 + i,
  validator,
  taskId: `t-${i}`,
  taskType: "sentiment",
  requestSha256: "ab".repeat(32),
  latencyMs: 1.5,
  outcome,
});

/** Counts the pipelines the store sends. */
function countingPipelines(client: Redis) {
  let pipelines = 0;
  const original = client.pipeline.bind(client);
  const proxy = Object.create(client) as Redis;
  proxy.pipeline = ((...args: Parameters<Redis["pipeline"]>) => {
    pipelines++;
    return original(...args);
  }) as Redis["pipeline"];
  return { redis: proxy, pipelines: () => pipelines };
}

describe("the served log, written behind", () => {
  it("stores a burst of records in a few pipelines: counts per validator and outcome, newest first, bounded", async () => {
    const keys = minerKeys(`served-${Math.random().toString(36).slice(2)}`);
    const counted = countingPipelines(redis);
    const store = redisServedStore(counted.redis, keys, 50, { flushMs: 20, maxPending: 256 });
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        store.record(entry(i, i % 3 === 0 ? "5Fother" : "5Fvalidator", i % 10 === 0 ? "timeout" : "ok")),
      ),
    );
    expect(counted.pipelines()).toBe(2); // 256 at once, then the remaining 44 on the timer
    const validator = await store.counters("5Fvalidator");
    const other = await store.counters("5Fother");
    expect((validator.ok ?? 0) + (validator.timeout ?? 0)).toBe(200);
    expect((other.ok ?? 0) + (other.timeout ?? 0)).toBe(100);
    expect((validator.timeout ?? 0) + (other.timeout ?? 0)).toBe(30);
    const recent = await store.recent(1000);
    expect(recent).toHaveLength(50);
    expect(recent.map((r) => r.taskId)).toEqual(Array.from({ length: 50 }, (_, i) => `t-${299 - i}`));
  });

  it("flush writes what is pending at once (a graceful stop loses nothing)", async () => {
    const keys = minerKeys(`served-${Math.random().toString(36).slice(2)}`);
    const store = redisServedStore(redis, keys, 10, { flushMs: 60_000, maxPending: 1_000 });
    const written = store.record(entry(1));
    expect(await store.recent(10)).toHaveLength(0);
    await store.flush();
    await written;
    expect((await store.recent(10)).map((r) => r.taskId)).toEqual(["t-1"]);
    await store.flush(); // nothing pending: a no-op
  });

  it("rejects the records of a batch Redis refused, instead of hanging", async () => {
    const broken = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    broken.disconnect();
    const store = redisServedStore(broken, minerKeys("served-broken"), 10, { flushMs: 1, maxPending: 10 });
    await expect(store.record(entry(1))).rejects.toThrow();
  });
});
