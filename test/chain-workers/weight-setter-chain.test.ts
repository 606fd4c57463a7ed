import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { QUICKNET_ROUND_1000_SIGNATURE_HEX } from "../../shared/src/timelock/drand";
import { computeRevealRound } from "../../shared/src/timelock/reveal-round";
import worker from "../../workers/validator/src/index";
import type { ChainWorkersProvided } from "./support/provided";

// The validator's own weights cron, inside workerd, against subtensor spec 293 under chopsticks (started
// in Node by support/global-setup.ts) and the local Upstash. Each scenario uses its own state prefix.
const chain = JSON.parse(String(env.CHAIN_WORKERS)) as ChainWorkersProvided;
if (chain.kind === "missing") console.warn(`[test/chain-workers] skipped: ${chain.howTo}`);
const ready = chain.kind === "ready" ? chain : null;
const hasUpstash = typeof env.UPSTASH_REDIS_REST_URL === "string";
if (!hasUpstash)
  console.warn("[test/chain-workers] skipped: redis-server is not installed (apt-get install redis-server)");

type Outcome = {
  kind: string;
  call: string;
  error?: string;
  stage?: string;
  block?: number;
  reason?: string;
};
type Status = {
  hotkey: string;
  weightSetter: {
    enabled: boolean;
    phase: string;
    pending: {
      call: string;
      nonce: number;
      txHash: string;
      weights: { uids: number[]; values: number[] };
    } | null;
    commit: {
      weights: { uids: number[]; values: number[] };
      revealRound?: number;
      commitBlock: number;
    } | null;
    lastTick: { at: number; action: string; detail: string; block: number | null } | null;
    lastOutcome: { at: number; outcome: Outcome } | null;
    lastConfirmed: { outcome: Outcome } | null;
    history: { outcome: Outcome }[];
    broadcasts: number;
  };
};
type ChainState = {
  head: number;
  weights: [number, number][];
  lastUpdate: number | null;
  nonce: number;
  pendingFromAddress: number;
  revealPeriodEpochs: number;
};

async function control<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${ready?.controlUrl}${path}`, { method: "POST", body: JSON.stringify(body) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`control ${path}: ${json.error}`);
  return json;
}

/** A validator deployment: its own env (hotkey, state prefix, setter vars) over the suite's bindings. */
function deployment(name: string, vars: Record<string, string>) {
  const prefix = `${String(env.STATE_PREFIX)}-${name}`;
  const make = () => ({ ...env, ...vars, STATE_PREFIX: prefix });
  return {
    prefix,
    // A fresh env object per tick: the Worker rebuilds its deps, as after an isolate restart.
    tick: async (scheduledTime = Date.now()) => {
      await worker.scheduled(
        createScheduledController({ cron: String(env.WEIGHTS_CRON), scheduledTime }),
        make() as never,
      );
      await control("/idle");
    },
    status: async (): Promise<Status> => {
      const res = await worker.fetch(new Request("http://validator/v1/status"), make() as never);
      expect(res.status).toBe(200);
      return (await res.json()) as Status;
    },
  };
}

const redis = () =>
  new Redis({ url: String(env.UPSTASH_REDIS_REST_URL), token: String(env.UPSTASH_REDIS_REST_TOKEN) });

/** A stored miner score record, as rounds write it. */
const minerRecord = (uid: number, hotkey: string | undefined, final: number) =>
  JSON.stringify({
    uid,
    hotkey,
    quality: 0.5,
    trust: 0.5,
    rounds: 3,
    final,
    lastRound: "r",
    lastQuality: 0.5,
    lastSuccessRate: 1,
    lastCopied: 0,
    lastHoneypot: 0,
    updatedAt: 0,
    history: [],
  });

const pairs = (w: { uids: number[]; values: number[] }) => w.uids.map((u, i) => [u, w.values[i]]);
const setStorage = (item: string, value: unknown) =>
  control("/storage", { values: { SubtensorModule: { [item]: [[[ready?.netuid], value]] } } });

describe.skipIf(!ready || !hasUpstash)("the weights cron on the real runtime (workerd + chopsticks)", () => {
  const c = ready as Extract<ChainWorkersProvided, { kind: "ready" }>;
  const stateOf = (uid: number, address: string) => control<ChainState>("/state", { uid, address });

  it("sets weights from stored scores and confirms them on the next tick, from chain state", async () => {
    const v = deployment("plain", {
      VALIDATOR_HOTKEY_SEED: c.validatorUris[0] ?? "",
      WEIGHTS_INTERVAL_BLOCKS: "1",
    });
    const uid = c.validatorUids[0] ?? -1;
    // Scores as rounds would have stored them: miner 2 best, miner 0 worst.
    const records = Object.fromEntries(
      c.minerUids.map((m, i) => [String(m), minerRecord(m, c.minerHotkeys[i], i + 1)]),
    );
    await redis().hset(`${v.prefix}:miners`, records);

    await v.tick();
    const submitted = await v.status();
    expect(submitted.weightSetter.enabled).toBe(true);
    expect(submitted.weightSetter.phase).toBe("submitted");
    const pending = submitted.weightSetter.pending;
    expect(pending?.call).toBe("set_weights");
    // Success is not claimed before the chain is read again.
    expect(submitted.weightSetter.lastConfirmed).toBeNull();
    const best = c.minerUids[2] ?? -1;
    expect(pending?.weights.values[pending.weights.uids.indexOf(best)]).toBe(65535);

    await v.tick();
    const confirmed = await v.status();
    expect(confirmed.weightSetter.lastOutcome?.outcome).toMatchObject({
      kind: "confirmed",
      call: "set_weights",
    });
    expect(confirmed.weightSetter.phase).toBe("idle");
    const chainState = await stateOf(uid, confirmed.hotkey);
    expect(chainState.weights).toEqual(pairs(pending?.weights ?? { uids: [], values: [] }));
    expect(confirmed.weightSetter.lastConfirmed?.outcome.block).toBe(chainState.lastUpdate);
  });

  it("a tick that died after broadcasting is confirmed by the next one without a second submission", async () => {
    const v = deployment("plain", {
      VALIDATOR_HOTKEY_SEED: c.validatorUris[0] ?? "",
      WEIGHTS_INTERVAL_BLOCKS: "1",
    });
    const uid = c.validatorUids[0] ?? -1;
    await control("/blocks", { n: 2 }); // due again (interval 1 block)
    const before = await stateOf(uid, (await v.status()).hotkey);
    const broadcastsBefore = (await v.status()).weightSetter.broadcasts;
    await control("/mode", { mode: "Manual" });
    try {
      await v.tick(); // signs, persists, broadcasts; the transaction waits in the pool
      const s1 = await v.status();
      expect(s1.weightSetter.phase).toBe("submitted");
      const { hotkey } = s1;
      expect((await stateOf(uid, hotkey)).pendingFromAddress).toBe(1);

      // The crash: a dead tick's lock still held, and nothing of it left in memory (fresh env per tick).
      await redis().set(`${v.prefix}:lock:weights`, "crashed-tick", { px: 1500 });
      await v.tick();
      expect((await v.status()).weightSetter.lastTick?.at).toBe(s1.weightSetter.lastTick?.at); // locked out
      await new Promise((r) => setTimeout(r, 1600)); // the lock expires

      await v.tick(); // sees the transaction in the pool: waits, sends nothing
      const s2 = await v.status();
      expect(s2.weightSetter.lastTick?.detail).toMatch(/in_pool/);
      expect((await stateOf(uid, hotkey)).pendingFromAddress).toBe(1);

      await control("/blocks", { n: 1 });
      await v.tick();
      const s3 = await v.status();
      expect(s3.weightSetter.lastOutcome?.outcome).toMatchObject({ kind: "confirmed", call: "set_weights" });
      const after = await stateOf(uid, hotkey);
      expect(after.nonce).toBe(before.nonce + 1);
      const sent = await control<{ found: { block: number; call: string }[] }>("/extrinsics", {
        address: hotkey,
        from: before.head + 1,
      });
      // Exactly one extrinsic from the hotkey since: the one set_weights, in the block made above.
      expect(sent.found).toEqual([{ block: after.head, call: "subtensorModule.setWeights" }]);
      expect(s3.weightSetter.broadcasts).toBe(broadcastsBefore + 1);
    } finally {
      await control("/mode", { mode: "Instant" });
    }
  });

  it("surfaces SettingWeightsTooFast by name when the rate limit rises under a pending transaction", async () => {
    const v = deployment("fast", { VALIDATOR_HOTKEY_SEED: c.validatorUris[1] ?? "" });
    await control("/mode", { mode: "Manual" });
    try {
      await v.tick();
      expect((await v.status()).weightSetter.pending?.call).toBe("set_weights");
      await setStorage("WeightsSetRateLimit", 1000);
      await control("/blocks", { n: 1 });
    } finally {
      await control("/mode", { mode: "Instant" });
    }
    await v.tick();
    const s = await v.status();
    expect(s.weightSetter.lastOutcome?.outcome).toMatchObject({
      kind: "rejected",
      call: "set_weights",
      stage: "dispatch",
      error: "SettingWeightsTooFast",
    });
    // And it does not send what the chain must refuse: it waits for the rate limit.
    expect(s.weightSetter.lastTick?.detail).toMatch(/rate_limited/);
    expect(s.weightSetter.phase).toBe("idle");
    // Restored through sudo (0 written with dev_setStorage reads back as the default, 100).
    await control("/sudo", { calls: [{ method: "sudoSetWeightsSetRateLimit", args: [c.netuid, 0] }] });
  });

  it("surfaces IncorrectWeightVersionKey by name", async () => {
    const v = deployment("version", {
      VALIDATOR_HOTKEY_SEED: c.validatorUris[1] ?? "",
      WEIGHTS_VERSION_KEY: "5",
    });
    await control("/sudo", { calls: [{ method: "sudoSetWeightsVersionKey", args: [c.netuid, 10] }] });
    try {
      await v.tick();
      await v.tick();
      const s = await v.status();
      expect(s.weightSetter.history.map((h) => h.outcome)).toContainEqual(
        expect.objectContaining({ kind: "rejected", error: "IncorrectWeightVersionKey" }),
      );
      expect(s.weightSetter.lastConfirmed).toBeNull();
    } finally {
      await control("/sudo", { calls: [{ method: "sudoSetWeightsVersionKey", args: [c.netuid, 0] }] });
    }
  });

  it("surfaces NeuronNoValidatorPermit by name for a hotkey without a permit (burn to the owner uid)", async () => {
    const v = deployment("permit", { VALIDATOR_HOTKEY_SEED: c.minerUris[0] ?? "" });
    await v.tick();
    const pending = (await v.status()).weightSetter.pending;
    // Nothing scored under this prefix: the documented burn policy, all weight on the owner's uid.
    expect(pending?.weights).toEqual({ uids: [c.ownerUid], values: [65535] });
    await v.tick();
    const s = await v.status();
    expect(s.weightSetter.history.map((h) => h.outcome)).toContainEqual(
      expect.objectContaining({ kind: "rejected", call: "set_weights", error: "NeuronNoValidatorPermit" }),
    );
  });

  it("surfaces CommitRevealEnabled, then commits (v2 hash) and reveals in the reveal epoch, all by cron", async () => {
    const v = deployment("crv2", {
      VALIDATOR_HOTKEY_SEED: c.validatorUris[1] ?? "",
      WEIGHTS_COMMIT_REVEAL: "hash",
    });
    const uid = c.validatorUids[1] ?? -1;
    await control("/mode", { mode: "Manual" });
    try {
      await v.tick(); // commit-reveal still off: set_weights waits in the pool
      expect((await v.status()).weightSetter.pending?.call).toBe("set_weights");
      await setStorage("CommitRevealWeightsEnabled", true);
      await control("/blocks", { n: 1 });
    } finally {
      await control("/mode", { mode: "Instant" });
    }
    await v.tick(); // settles the rejection, then commits the hash (commit-reveal is on now)
    let s = await v.status();
    expect(s.weightSetter.history.map((h) => h.outcome)).toContainEqual(
      expect.objectContaining({ kind: "rejected", call: "set_weights", error: "CommitRevealEnabled" }),
    );
    expect(s.weightSetter.pending?.call).toBe("commit_weights");
    const committedWeights = s.weightSetter.pending?.weights;

    await v.tick(); // the commit is in WeightCommits: wait for the reveal epoch
    s = await v.status();
    expect(s.weightSetter.phase).toBe("committed");
    expect(s.weightSetter.lastOutcome?.outcome).toMatchObject({ kind: "committed", call: "commit_weights" });
    const until = Number(/until block (\d+)/.exec(s.weightSetter.lastTick?.detail ?? "")?.[1]);
    expect(until).toBeGreaterThan(0);
    const { head } = await control<{ head: number }>("/head");
    if (until > head) await control("/blocks", { n: until - head });

    await v.tick(); // reveal_weights
    expect((await v.status()).weightSetter.pending?.call).toBe("reveal_weights");
    await v.tick(); // confirmed from Weights
    s = await v.status();
    expect(s.weightSetter.lastOutcome?.outcome).toMatchObject({ kind: "confirmed", call: "reveal_weights" });
    expect((await stateOf(uid, s.hotkey)).weights).toEqual(
      pairs(committedWeights ?? { uids: [], values: [] }),
    );
  });

  it("commits timelocked weights (commit_crv3_weights) to the reveal round, and waits for the chain to reveal", async () => {
    const v = deployment("tlock", { VALIDATOR_HOTKEY_SEED: c.validatorUris[0] ?? "" });
    // Scores unlike the plain test's (miner 0 best here), so the reveal shows up as a change of row.
    await redis().hset(
      `${v.prefix}:miners`,
      Object.fromEntries(
        c.minerUids.map((m, i) => [String(m), minerRecord(m, c.minerHotkeys[i], c.minerUids.length - i)]),
      ),
    );
    await control("/sudo", {
      calls: [{ method: "sudoSetCommitRevealWeightsEnabled", args: [c.netuid, true] }],
    });
    const uid = c.validatorUids[0] ?? -1;
    const hotkey = (await v.status()).hotkey;
    const st = await stateOf(uid, hotkey);
    // The cron's scheduled time is the tick's clock: pick it so the reveal round is 1000, whose
    // published quicknet signature we have.
    const input = {
      block: st.head,
      netuid: c.netuid,
      tempo: c.tempo,
      revealPeriodEpochs: st.revealPeriodEpochs,
      blockTimeSeconds: 1,
    };
    let nowSeconds = 1_692_803_367 + 3000;
    while (computeRevealRound({ ...input, nowSeconds }) > 1000) nowSeconds--;
    expect(computeRevealRound({ ...input, nowSeconds })).toBe(1000);

    await v.tick(nowSeconds * 1000);
    let s = await v.status();
    expect(s.weightSetter.pending?.call).toBe("commit_crv3_weights");
    const committed = s.weightSetter.pending?.weights;
    expect(committed?.uids.length).toBeGreaterThan(1);
    await v.tick(nowSeconds * 1000);
    s = await v.status();
    expect(s.weightSetter.phase).toBe("awaitingChainReveal");
    expect(s.weightSetter.commit?.revealRound).toBe(1000);
    expect(s.weightSetter.lastTick?.detail).toMatch(/chain_reveal/);
  });

  // Spec 293 decrypts CRV3WeightCommits in the last block of the commit's epoch (RevealPeriodEpochs 1) and
  // decodes `{uids, values, version_key}` (no hotkey: runtimeFeatures' `weights-only` layout).
  it("the chain reveals the cron's timelocked commit once the drand pulse is in", async () => {
    const v = deployment("tlock", { VALIDATOR_HOTKEY_SEED: c.validatorUris[0] ?? "" });
    const uid = c.validatorUids[0] ?? -1;
    let s = await v.status();
    const hotkey = s.hotkey;
    const committed = s.weightSetter.commit?.weights;
    expect(s.weightSetter.phase).toBe("awaitingChainReveal");
    expect(committed?.uids.length).toBeGreaterThan(0);
    // Before the reveal the row still holds what the plain set_weights test left (other weights).
    expect((await stateOf(uid, hotkey)).weights).not.toEqual(pairs(committed ?? { uids: [], values: [] }));
    const nowSeconds = Date.now() / 1000;
    expect(
      (
        await control<{ stored: boolean }>("/pulse", {
          round: 1000,
          signatureHex: QUICKNET_ROUND_1000_SIGNATURE_HEX,
        })
      ).stored,
    ).toBe(true);
    let weights: [number, number][] = [];
    for (
      let i = 0;
      i < 4 * (c.tempo + 1) &&
      JSON.stringify(weights) !== JSON.stringify(pairs(committed ?? { uids: [], values: [] }));
      i++
    ) {
      await control("/blocks", { n: 1 });
      weights = (await stateOf(uid, hotkey)).weights;
    }
    expect(weights).toEqual(pairs(committed ?? { uids: [], values: [] }));

    await v.tick(nowSeconds * 1000);
    s = await v.status();
    expect(s.weightSetter.lastOutcome?.outcome).toMatchObject({
      kind: "confirmed",
      call: "commit_crv3_weights",
    });
  });
});
