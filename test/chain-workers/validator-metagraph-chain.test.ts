import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { parseAxonOverrides } from "../../workers/validator/src/chain/axon-overrides";
import { chainMetagraphSource } from "../../workers/validator/src/chain/chain-metagraph-source";
import { axonUrl, type MetagraphSource } from "../../workers/validator/src/chain/metagraph";
import { getDeps } from "../../workers/validator/src/deps";
import { finalizeRound } from "../../workers/validator/src/rounds/finalize-round";
import type { DispatchMessage } from "../../workers/validator/src/rounds/messages";
import { planRound } from "../../workers/validator/src/rounds/plan-round";
import { stateKeys } from "../../workers/validator/src/state/keys";
import { UpstashStore } from "../../workers/validator/src/state/upstash-store";
import { randomId } from "../../workers/validator/src/tasks/task-item";
import type { ChainWorkersProvided } from "./support/provided";

// The validator's METAGRAPH_SOURCE=chain inside workerd: @polkadot/api (no wasm) against subtensor spec
// 293 under chopsticks (the suite's Node chain host: a subnet with an owner, 2 validators and 3 miners
// whose axons announce 10.0.0.1..3:8091..8093), converted to the validator's metagraph, rewritten by
// AXON_ADDRESS_OVERRIDES, and cached in the local Upstash by the round planner.
const chain = JSON.parse(String(env.CHAIN_WORKERS)) as ChainWorkersProvided;
if (chain.kind === "missing") console.warn(`[validator metagraph on chain] skipped: ${chain.howTo}`);
const ready = chain.kind === "ready" ? chain : null;
const hasUpstash = typeof env.UPSTASH_REDIS_REST_URL === "string";
if (!hasUpstash) console.warn("[validator metagraph on chain] skipped: needs redis-server");

describe.skipIf(!ready || !hasUpstash)("the validator's chain metagraph source", () => {
  const c = ready as Extract<ChainWorkersProvided, { kind: "ready" }>;

  it("is the Worker's source when METAGRAPH_SOURCE=chain, and reads the subnet", async () => {
    const source = getDeps(env as never).metagraphSource;
    expect(source.name).toBe(`chain ${new URL(c.wsUrl).protocol}//${new URL(c.wsUrl).host}`);
    const m = await source.read();
    expect(m.netuid).toBe(c.netuid);
    expect(m.block).toBeGreaterThan(0);
    const byUid = new Map(m.neurons.map((n) => [n.uid, n]));
    for (const [i, uid] of c.minerUids.entries()) {
      const n = byUid.get(uid);
      expect(n?.hotkey).toBe(c.minerHotkeys[i]);
      expect(n?.axon).toEqual({ ip: `10.0.0.${i + 1}`, port: 8091 + i });
    }
    for (const uid of c.validatorUids) {
      const n = byUid.get(uid);
      expect(n?.axon).toBeNull(); // never served
      expect(n?.validatorPermit).toBe(true);
      expect(n?.stake).toBeGreaterThan(100); // TAO, from rao
    }
  });

  it("rewrites announced axons with AXON_ADDRESS_OVERRIDES, over WebSocket and HTTP", async () => {
    const overrides = parseAxonOverrides("10.0.0.1=127.0.0.1, 10.0.0.2:8092=127.0.0.1:9999");
    for (const endpoint of [c.wsUrl, c.httpUrl]) {
      const m = await chainMetagraphSource({
        endpoints: ["ws://127.0.0.1:1", endpoint], // the first fails over to the real one
        netuid: c.netuid,
        timeoutMs: 20_000,
        overrides,
      }).read();
      const urls = c.minerUids.map((uid) => {
        const n = m.neurons.find((x) => x.uid === uid);
        return n ? axonUrl(n) : undefined;
      });
      expect(urls).toEqual(["http://127.0.0.1:8091", "http://127.0.0.1:9999", "http://10.0.0.3:8093"]);
    }
  });

  it("says which endpoints failed, and names a missing subnet", async () => {
    const none = chainMetagraphSource({
      endpoints: ["ws://127.0.0.1:1"],
      netuid: c.netuid,
      timeoutMs: 2_000,
      overrides: new Map(),
    });
    await expect(none.read()).rejects.toThrow(/ChainUnreachable|no subtensor endpoint answered/);
    const wrong = chainMetagraphSource({
      endpoints: [c.wsUrl],
      netuid: 999,
      timeoutMs: 20_000,
      overrides: new Map(),
    });
    await expect(wrong.read()).rejects.toThrow(/no subnet 999/);
  });

  it("is read once per refresh: the planner caches the snapshot in Upstash", async () => {
    const base = getDeps(env as never);
    let reads = 0;
    const counting: MetagraphSource = {
      name: base.metagraphSource.name,
      read: () => {
        reads++;
        return base.metagraphSource.read();
      },
    };
    const store = new UpstashStore(
      new Redis({
        url: String(env.UPSTASH_REDIS_REST_URL),
        token: String(env.UPSTASH_REDIS_REST_TOKEN),
        automaticDeserialization: false,
        enableTelemetry: false,
      }),
      stateKeys(`miaoai-chain-mg-${randomId(8)}`),
    );
    const settings = { ...base.config.round, metagraphRefreshBlocks: 1_000 };
    const finalize = (roundId: string, now: number) => finalizeRound({ store, settings }, roundId, now);
    const plan = async (now: number) => {
      const sent: DispatchMessage[] = [];
      const out = await planRound(
        {
          store,
          metagraphSource: counting,
          taskSource: base.taskSource,
          dispatch: { sendBatch: async (ms) => void sent.push(...[...ms].map((m) => m.body)) },
          settings,
          selfHotkey: base.signer.ss58,
          finalizeRound: finalize,
        },
        now,
      );
      return { out, sent };
    };
    const first = await plan(Date.now());
    expect(first.out).toMatchObject({ kind: "started", miners: c.minerUids.length });
    const urls = first.sent.flatMap((m) => m.miners.map((x) => x.url)).sort();
    expect(urls).toEqual(["http://10.0.0.1:8091", "http://10.0.0.2:8092", "http://10.0.0.3:8093"]);
    if (first.out.kind !== "started") throw new Error("not started");
    // No miner is called here; finalize the round (partial) so the next one may start.
    await finalize(first.out.roundId, Date.now() + 3_600_000);
    const second = await plan(Date.now() + 60_000);
    expect(second.out.kind).toBe("started");
    expect(reads).toBe(1);
    const ctx = await store.loadPlanContext(randomId(12));
    expect(ctx.metagraph?.source).toBe(base.metagraphSource.name);
    expect(ctx.metagraph?.snapshot.netuid).toBe(c.netuid);
  });
});
