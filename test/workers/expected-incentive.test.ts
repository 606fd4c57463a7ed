import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, it } from "vitest";
import { metagraphSchema } from "../../workers/validator/src/chain/metagraph";
import { createApp } from "../../workers/validator/src/http/app";
import { stateKeys } from "../../workers/validator/src/state/keys";
import type { MinerRecord } from "../../workers/validator/src/state/records";

// GET /v1/weights/preview and the dashboard inside workerd, through the real app, the real @upstash/redis
// and the local Upstash bridge over redis-server. State (the fixture metagraph of the worker-test roster
// and stored scores) is written under a fresh state prefix, so other suites' rounds are not touched.
const ready = typeof env.UPSTASH_REDIS_REST_URL === "string" && typeof env.METAGRAPH_FIXTURE === "string";
if (!ready)
  console.warn("expected-incentive worker tests skipped: needs redis-server (apt-get install redis-server)");

const prefix = `miaoai-ei-${crypto.randomUUID().slice(0, 8)}`;
const app = createApp();
const request = (path: string, statePrefix = prefix) =>
  app.fetch(new Request(`http://validator${path}`), { ...env, STATE_PREFIX: statePrefix }, {
    waitUntil() {},
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext);

// Miners 0..4 scored 5,4,3,2,1: the weight vector is 5/15, 4/15, ... 1/15.
const FINALS = [5, 4, 3, 2, 1];

async function seed(): Promise<void> {
  const metagraph = metagraphSchema.parse(JSON.parse(String(env.METAGRAPH_FIXTURE)));
  const keys = stateKeys(prefix);
  const redis = new Redis({
    url: String(env.UPSTASH_REDIS_REST_URL),
    token: String(env.UPSTASH_REDIS_REST_TOKEN),
    automaticDeserialization: false,
  });
  const records: Record<string, string> = {};
  for (const [uid, final] of FINALS.entries()) {
    const hotkey = metagraph.neurons.find((n) => n.uid === uid)?.hotkey;
    if (!hotkey) throw new Error(`fixture has no uid ${uid}`);
    const r: MinerRecord = {
      uid,
      hotkey,
      quality: final / 5,
      trust: 1,
      rounds: 3,
      final,
      lastRound: "r1",
      lastQuality: final / 5,
      lastSuccessRate: 1,
      lastCopied: 0,
      lastHoneypot: 1,
      updatedAt: Date.now(),
      history: [],
    };
    records[String(uid)] = JSON.stringify(r);
  }
  const p = redis.pipeline();
  p.hset(keys.miners, records);
  p.set(keys.metagraph, JSON.stringify({ snapshot: metagraph, fetchedAt: Date.now(), source: "fixture" }), {
    ex: 600,
  });
  p.expire(keys.miners, 600);
  await p.exec();
}

type Preview = {
  expectedIncentive: {
    source: string;
    assumption: string;
    note: string;
    validatorUid: number | null;
    dividends: number | null;
    incentiveSum: number;
    rows: { uid: number; weight: number; expectedIncentive: number; currentIncentive: number }[];
  };
};

describe.skipIf(!ready)("expected incentive of the weights the validator would set", () => {
  it("answers 503 naming why while there is no metagraph yet", async () => {
    const res = await request("/v1/weights/preview", `${prefix}-empty`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      error: { code: "no_metagraph", message: expect.stringContaining("no metagraph") },
    });
  });

  it("GET /v1/weights/preview: shares sum to ~1 over the uids and follow our weights (mirror)", async () => {
    await seed();
    const res = await request("/v1/weights/preview");
    expect(res.status).toBe(200);
    const { expectedIncentive: p } = (await res.json()) as Preview;
    expect(p).toMatchObject({ source: "fixture", assumption: "mirror", validatorUid: 20 });
    expect(p.note).toMatch(/assumed to set the same weights as ours/);
    expect(p.incentiveSum).toBeGreaterThan(0.999);
    expect(p.incentiveSum).toBeLessThanOrEqual(1.0001);
    const sum = p.rows.reduce((a, r) => a + r.expectedIncentive, 0);
    expect(sum).toBeCloseTo(1, 3);
    for (const [uid, final] of FINALS.entries()) {
      const row = p.rows[uid];
      expect(row?.weight).toBeCloseTo(final / 15, 9);
      // Everyone agrees under "mirror": the incentive is our weight, up to u16 rounding.
      expect(Math.abs((row?.expectedIncentive ?? 0) - final / 15)).toBeLessThan(1 / 65535 + 1e-9);
    }
    for (const row of p.rows.slice(FINALS.length)) expect(row.expectedIncentive).toBe(0);
    // We hold the only permit, so all validator dividends are ours.
    expect(p.dividends).toBe(1);
  });

  it("the dashboard shows the section, the assumption and the same shares", async () => {
    const res = await request("/dashboard");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("<h2>Expected incentive</h2>");
    expect(html).toContain('data-assumption="mirror"');
    expect(html).toContain("assumed to set the same weights as ours");
    const shares = [...html.matchAll(/data-expected="([0-9.e-]+)"/g)].map((m) => Number(m[1]));
    expect(shares.length).toBe(FINALS.length);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(html).toMatch(/Our expected dividends: 100\.00%/);
  });
});
