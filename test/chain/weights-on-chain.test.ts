import type { ApiPromise } from "@polkadot/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRuntime } from "../../local/chain/find-runtime";
import type { LocalChain } from "../../local/chain/local-chain";
import { type SubnetFixture, startSubnetChain, sudoCalls } from "../../local/chain/subnet-fixture";
import { type ChainError, chainErrorName } from "../../shared/src/chain/chain-errors";
import { computeCommitHash } from "../../shared/src/chain/commit-hash";
import { connectChain } from "../../shared/src/chain/connect";
import {
  buildCommitWeights,
  buildRevealWeights,
  buildServeAxon,
  buildSetWeights,
  type Extrinsic,
} from "../../shared/src/chain/extrinsics";
import { readMetagraph } from "../../shared/src/chain/metagraph";
import { runtimeFeatures } from "../../shared/src/chain/runtime-features";
import type { ChainAccount } from "../../shared/src/chain/signer";
import { type SubmitOutcome, submitAndWatch } from "../../shared/src/chain/submit";
import {
  convertWeightsAndUidsForEmit,
  maxWeightLimitFromU16,
  processWeightsForNetuid,
} from "../../shared/src/weights";

// The real subtensor runtime (spec 293) under chopsticks. Needs the chain spec outside the repo.
const runtime = findRuntime();
if (runtime.kind === "missing") console.warn(`[test/chain] skipped: ${runtime.howTo}`);

const VERSION = 1000n;

describe.skipIf(runtime.kind === "missing")("weights on the real subtensor runtime", () => {
  let chain: LocalChain;
  let api: ApiPromise;
  let fx: SubnetFixture;

  const submit = (tx: Extrinsic, who: ChainAccount): Promise<SubmitOutcome> =>
    submitAndWatch(api, tx, who, { timeoutMs: 60_000, waitFor: "finalized" });
  const errorOf = (o: SubmitOutcome): ChainError | undefined =>
    o.kind === "dispatchError" || o.kind === "poolRejected" ? o.error : undefined;
  const admin = (method: string, ...args: unknown[]): Extrinsic => {
    const f = api.tx.adminUtils?.[method];
    if (!f) throw new Error(`no adminUtils.${method}`);
    return f(...args);
  };
  const storedWeights = async (uid: number): Promise<[number, number][]> =>
    (await api.query.subtensorModule?.weights?.(fx.netuid, uid))?.toJSON() as [number, number][];

  beforeAll(async () => {
    ({ chain, api, fx } = await startSubnetChain(runtime.specPath, { miners: 3, validators: 2, tempo: 10 }));
  }, 240_000);

  afterAll(async () => {
    await api?.disconnect();
    await chain?.stop();
  });

  it("detects spec 293's calls from metadata", () => {
    expect(runtimeFeatures(api)).toMatchObject({
      specVersion: 293,
      setWeights: "set_weights",
      timelockedCommit: "commit_crv3_weights",
      paymentWrapper: false,
    });
  });

  it("reads a validated metagraph: permits after an epoch, axons, hyperparameters", async () => {
    const read = await readMetagraph(api, fx.netuid);
    expect(read.kind).toBe("found");
    if (read.kind !== "found") return;
    const m = read.metagraph;
    expect(m.n).toBe(6);
    expect(m.hotkeys[fx.validators[0]?.uid ?? -1]).toBe(fx.validators[0]?.hotkey.address);
    for (const v of fx.validators) expect(m.validatorPermit[v.uid]).toBe(true);
    for (const mi of fx.miners) expect(m.validatorPermit[mi.uid]).toBe(false);
    expect(m.stake[fx.validators[0]?.uid ?? -1]).toBeGreaterThan(0n);
    expect(m.axons[fx.miners[1]?.uid ?? -1]).toMatchObject({ ip: "10.0.0.2", port: 8092, ipType: 4 });
    expect(m.hyperparams).toMatchObject({ tempo: 10, weightsRateLimit: 0, ownerUid: fx.owner.uid });
    expect(m.block).toBeGreaterThan(0);
    expect(await readMetagraph(api, 999)).toMatchObject({ kind: "noSubnet", netuid: 999 });
  });

  it("reads over HTTP JSON-RPC too, after failing over from a dead endpoint", async () => {
    const c = await connectChain({ endpoints: ["ws://127.0.0.1:9", chain.httpUrl], timeoutMs: 30_000 });
    expect(c.kind).toBe("connected");
    if (c.kind !== "connected") return;
    try {
      expect(c.endpoint).toBe(chain.httpUrl);
      const read = await readMetagraph(c.api, fx.netuid);
      expect(read.kind === "found" && read.metagraph.n).toBe(6);
    } finally {
      await c.api.disconnect();
    }
  }, 60_000);

  it("set_weights lands and reads back from SubtensorModule.Weights", async () => {
    const v = fx.validators[0];
    if (!v) throw new Error("no validator");
    const scores = fx.miners.map((_, i) => i + 1);
    const processed = processWeightsForNetuid({
      uids: fx.miners.map((m) => m.uid),
      weights: scores,
      n: 6,
      minAllowedWeights: 1,
      maxWeightLimit: maxWeightLimitFromU16(65535),
    });
    const emit = convertWeightsAndUidsForEmit(processed.uids, processed.weights);
    const out = await submit(
      buildSetWeights(api, { netuid: fx.netuid, uids: emit.uids, values: emit.values, versionKey: VERSION }),
      v.account,
    );
    expect(out.kind).toBe("inBlock");
    expect(await storedWeights(v.uid)).toEqual(emit.uids.map((u, i) => [u, emit.values[i]]));
  }, 60_000);

  it("names SettingWeightsTooFast", async () => {
    const v = fx.validators[1];
    if (!v) throw new Error("no validator");
    const args = { netuid: fx.netuid, uids: [fx.miners[0]?.uid ?? 0], values: [65535], versionKey: VERSION };
    expect((await submit(buildSetWeights(api, args), v.account)).kind).toBe("inBlock");
    expect((await sudoCalls(api, fx.sudo, [admin("sudoSetWeightsSetRateLimit", fx.netuid, 100)])).kind).toBe(
      "inBlock",
    );
    try {
      const out = await submit(buildSetWeights(api, args), v.account);
      expect(out.kind).toBe("dispatchError");
      expect(chainErrorName(errorOf(out) ?? { kind: "unknown", message: "" })).toBe(
        "SubtensorModule.SettingWeightsTooFast",
      );
    } finally {
      await sudoCalls(api, fx.sudo, [admin("sudoSetWeightsSetRateLimit", fx.netuid, 0)]);
    }
  }, 90_000);

  it("names IncorrectWeightVersionKey", async () => {
    const v = fx.validators[0];
    if (!v) throw new Error("no validator");
    await sudoCalls(api, fx.sudo, [admin("sudoSetWeightsVersionKey", fx.netuid, VERSION)]);
    const args = { netuid: fx.netuid, uids: [fx.miners[0]?.uid ?? 0], values: [65535] };
    const out = await submit(buildSetWeights(api, { ...args, versionKey: VERSION - 1n }), v.account);
    expect(errorOf(out)).toEqual({
      kind: "module",
      pallet: "SubtensorModule",
      name: "IncorrectWeightVersionKey",
    });
    expect((await submit(buildSetWeights(api, { ...args, versionKey: VERSION }), v.account)).kind).toBe(
      "inBlock",
    );
  }, 90_000);

  it("names NeuronNoValidatorPermit for a miner setting weights on others", async () => {
    const m = fx.miners[0];
    if (!m) throw new Error("no miner");
    const out = await submit(
      buildSetWeights(api, {
        netuid: fx.netuid,
        uids: fx.miners.map((x) => x.uid),
        values: [1, 2, 3],
        versionKey: VERSION,
      }),
      m.account,
    );
    expect(errorOf(out)).toMatchObject({ kind: "module", name: "NeuronNoValidatorPermit" });
  }, 60_000);

  it("refuses 127.0.0.1 up front, as the chain does (InvalidIpAddress)", async () => {
    const m = fx.miners[2];
    if (!m) throw new Error("no miner");
    const local = buildServeAxon(api, { netuid: fx.netuid, ip: "127.0.0.1", port: 8091, version: 1 });
    expect(local).toMatchObject({ kind: "invalid", error: "InvalidIpAddress" });
    const serve = api.tx.subtensorModule?.serveAxon;
    if (!serve) throw new Error("no serveAxon");
    const out = await submit(serve(fx.netuid, 1, 0x7f000001n, 8091, 4, 4, 0, 0), m.account);
    expect(errorOf(out)).toMatchObject({ name: "InvalidIpAddress" });
  }, 60_000);

  it("commit-reveal v2: CommitRevealEnabled, RevealTooEarly, then a reveal in the next epoch", async () => {
    const v = fx.validators[0];
    if (!v) throw new Error("no validator");
    expect(
      (await sudoCalls(api, fx.sudo, [admin("sudoSetCommitRevealWeightsEnabled", fx.netuid, true)])).kind,
    ).toBe("inBlock");
    const uids = fx.miners.map((m) => m.uid);
    const values = [65535, 30000, 100];
    const plain = await submit(
      buildSetWeights(api, { netuid: fx.netuid, uids, values, versionKey: VERSION }),
      v.account,
    );
    expect(errorOf(plain)).toMatchObject({ name: "CommitRevealEnabled" });

    const salt = [7, 7, 7, 1, 2, 3, 4, 5];
    const commitHash = computeCommitHash({
      hotkey: v.hotkey.publicKey,
      netuid: fx.netuid,
      uids,
      values,
      salt,
      versionKey: VERSION,
    });
    const committed = await submit(buildCommitWeights(api, { netuid: fx.netuid, commitHash }), v.account);
    expect(committed.kind).toBe("inBlock");
    if (committed.kind !== "inBlock") return;
    const reveal = () =>
      submit(
        buildRevealWeights(api, { netuid: fx.netuid, uids, values, salt, versionKey: VERSION }),
        v.account,
      );
    expect(errorOf(await reveal())).toMatchObject({ name: "RevealTooEarly" });

    // Epoch arithmetic as subtensor's: epoch(b) = (b + netuid + 1) / (tempo + 1); reveal in epoch + 1.
    const epochLen = fx.tempo + 1;
    const commitEpoch = Math.floor((committed.blockNumber + fx.netuid + 1) / epochLen);
    const firstRevealBlock = (commitEpoch + 1) * epochLen - (fx.netuid + 1);
    const head = chain.headNumber();
    if (firstRevealBlock - 1 > head) await chain.newBlocks(firstRevealBlock - 1 - head);
    const revealed = await reveal();
    expect(revealed.kind).toBe("inBlock");
    expect(await storedWeights(v.uid)).toEqual(uids.map((u, i) => [u, values[i]]));
  }, 120_000);
});
