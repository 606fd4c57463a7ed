import { Redis as Upstash } from "@upstash/redis";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisServerInstalled } from "../local/redis-server";
import { type LocalUpstash, startLocalUpstash } from "../local/upstash-bridge";
import {
  ioredisSetNxPx,
  type ReplayGuard,
  redisReplayGuard,
  replayKey,
  upstashSetNxPx,
} from "../shared/src/epistula/replay-guard";
import { signRequest } from "../shared/src/epistula/sign";
import { verifyRequest } from "../shared/src/epistula/verify";
import type { Hotkey } from "../shared/src/keys/hotkey";
import { hotkeyPairFromUri } from "../shared/src/keys/hotkey-pair";
import { sr25519Js } from "../shared/src/keys/sr25519-js";

// Real redis-server (Debian) behind the local Upstash REST bridge; ioredis talks to Redis directly.
const hasRedis = redisServerInstalled();
if (!hasRedis)
  console.warn("skipping Redis replay-guard tests: install redis-server or set MIAOAI_REDIS_SERVER");

let local: LocalUpstash;
let ioredis: Redis;
let guards: [string, ReplayGuard][];

beforeAll(async () => {
  if (!hasRedis) return;
  local = await startLocalUpstash();
  ioredis = new Redis(local.redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await ioredis.connect();
  const upstash = new Upstash({ url: local.url, token: local.token, automaticDeserialization: false });
  guards = [
    ["ioredis", redisReplayGuard(ioredisSetNxPx(ioredis))],
    ["upstash", redisReplayGuard(upstashSetNxPx(upstash))],
  ];
});

afterAll(async () => {
  ioredis?.disconnect();
  await local?.stop();
});

describe.skipIf(!hasRedis)("Redis replay guard (SET NX PX)", () => {
  it("first claim wins, the key carries the TTL, and it frees after expiry", async () => {
    for (const [name, guard] of guards) {
      const key = `test:${name}:${crypto.randomUUID()}`;
      expect(await guard.claim(key, 300), name).toBe(true);
      expect(await guard.claim(key, 300), name).toBe(false);
      const pttl = await ioredis.pttl(key);
      expect(pttl, name).toBeGreaterThan(0);
      expect(pttl, name).toBeLessThanOrEqual(300);
      await new Promise((r) => setTimeout(r, 350));
      expect(await guard.claim(key, 300), name).toBe(true);
    }
  });

  it("ioredis and upstash share one cache: a uuid claimed through one is replayed through the other", async () => {
    const [[, viaIoredis], [, viaUpstash]] = guards as [[string, ReplayGuard], [string, ReplayGuard]];
    const key = `test:shared:${crypto.randomUUID()}`;
    expect(await viaUpstash.claim(key, 5_000)).toBe(true);
    expect(await viaIoredis.claim(key, 5_000)).toBe(false);
  });

  it("verifyRequest refuses a replay and records the uuid under epistula:replay:<signedBy>:<uuid>", async () => {
    const alice = hotkeyPairFromUri("//Alice");
    const bob = hotkeyPairFromUri("//Bob").ss58 as Hotkey;
    for (const [name, replay] of guards) {
      const now = Date.now();
      const headers = signRequest({ body: "x", signer: alice, signedFor: bob, sr25519: sr25519Js, now });
      const verify = () =>
        verifyRequest({ headers, body: "x", receiver: bob, sr25519: sr25519Js, now, replay });
      expect(await verify(), name).toMatchObject({ ok: true });
      expect(await verify(), name).toMatchObject({ ok: false, reason: "replayed" });
      const key = replayKey(alice.ss58, headers["Epistula-Uuid"] as string);
      const pttl = await ioredis.pttl(key);
      // The TTL covers the whole acceptance window (8 s past + 2 s future) plus 1 s of skew.
      expect(pttl, name).toBeGreaterThan(10_000);
      expect(pttl, name).toBeLessThanOrEqual(11_000);
    }
  });

  it("a forged request leaves no key behind", async () => {
    const bob = hotkeyPairFromUri("//Bob").ss58 as Hotkey;
    const alice = hotkeyPairFromUri("//Alice");
    const now = Date.now();
    const headers = signRequest({ body: "x", signer: alice, signedFor: bob, sr25519: sr25519Js, now });
    const [, replay] = guards[0] as [string, ReplayGuard];
    const result = await verifyRequest({
      headers,
      body: "y",
      receiver: bob,
      sr25519: sr25519Js,
      now,
      replay,
    });
    expect(result).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await ioredis.exists(replayKey(alice.ss58, headers["Epistula-Uuid"] as string))).toBe(0);
  });
});
