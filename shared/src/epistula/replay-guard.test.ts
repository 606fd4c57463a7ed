import { describe, expect, it } from "vitest";
import { memoryReplayGuard, redisReplayGuard, replayKey, upstashSetNxPx } from "./replay-guard";

describe("replay guards", () => {
  it("keys are per sender and uuid", () => {
    expect(replayKey("5Sender", "u-1")).toBe("epistula:replay:5Sender:u-1");
  });

  it("memory guard: first claim wins until the TTL passes", async () => {
    let t = 1_000;
    const guard = memoryReplayGuard({ now: () => t });
    expect(await guard.claim("a", 100)).toBe(true);
    expect(await guard.claim("a", 100)).toBe(false);
    expect(await guard.claim("b", 100)).toBe(true);
    t += 99;
    expect(await guard.claim("a", 100)).toBe(false);
    t += 1;
    expect(await guard.claim("a", 100)).toBe(true);
  });

  it("memory guard stays bounded, dropping the oldest keys", async () => {
    const guard = memoryReplayGuard({ maxEntries: 3, now: () => 0 });
    for (const key of ["k1", "k2", "k3", "k4"]) expect(await guard.claim(key, 1_000)).toBe(true);
    expect(await guard.claim("k4", 1_000)).toBe(false);
    expect(await guard.claim("k2", 1_000)).toBe(false);
    // k1 was evicted to make room for k4, so it can be claimed again (the documented cost of the bound).
    expect(await guard.claim("k1", 1_000)).toBe(true);
  });

  it("redis guard rounds the TTL up to whole positive milliseconds", async () => {
    const calls: [string, number][] = [];
    const guard = redisReplayGuard(async (key, ttl) => {
      calls.push([key, ttl]);
      return true;
    });
    await guard.claim("k", 10.2);
    await guard.claim("k", 0);
    expect(calls).toEqual([
      ["k", 11],
      ["k", 1],
    ]);
  });

  it("upstash adapter sends SET key 1 {nx, px} and reads OK as a first claim", async () => {
    const seen: unknown[] = [];
    const replies: unknown[] = ["OK", null];
    const setNxPx = upstashSetNxPx({
      async set(key, value, options) {
        seen.push([key, value, options]);
        return replies.shift();
      },
    });
    expect(await setNxPx("k", 500)).toBe(true);
    expect(await setNxPx("k", 500)).toBe(false);
    expect(seen).toEqual([
      ["k", "1", { nx: true, px: 500 }],
      ["k", "1", { nx: true, px: 500 }],
    ]);
  });
});
