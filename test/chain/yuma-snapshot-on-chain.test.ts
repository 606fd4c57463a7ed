import type { ApiPromise } from "@polkadot/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRuntime } from "../../local/chain/find-runtime";
import type { LocalChain } from "../../local/chain/local-chain";
import { type SubnetFixture, startSubnetChain, sudoCalls, TAO } from "../../local/chain/subnet-fixture";
import { connectChain } from "../../shared/src/chain/connect";
import { buildSetWeights, type Extrinsic } from "../../shared/src/chain/extrinsics";
import { submitAndWatch } from "../../shared/src/chain/submit";
import { nextEpochBlock, readYumaSnapshot } from "../../shared/src/yuma/chain-snapshot";
import { runEpoch } from "../../shared/src/yuma/epoch";
import { expectedIncentive } from "../../shared/src/yuma/expected-incentive";
import { snapshotToEpochInput } from "../../shared/src/yuma/snapshot";

// readYumaSnapshot against the real spec 293 runtime (chopsticks), over HTTP JSON-RPC as the Worker reads:
// the epoch run on the snapshot read one block before the subnet's epoch reproduces the Incentive,
// Dividends and Bonds the chain stores at that epoch, over two epochs (the second with bonds to read).
const runtime = findRuntime();
if (runtime.kind === "missing") console.warn(`[test/chain yuma snapshot] skipped: ${runtime.howTo}`);

describe.skipIf(runtime.kind === "missing")("readYumaSnapshot on the real subtensor runtime", () => {
  let chain: LocalChain;
  let api: ApiPromise;
  let http: ApiPromise;
  let fx: SubnetFixture;

  const admin = (method: string, ...args: unknown[]): Extrinsic => {
    const f = api.tx.adminUtils?.[method];
    if (!f) throw new Error(`no adminUtils.${method}`);
    return f(...args);
  };
  const vec = async (item: string): Promise<number[]> => {
    const f = api.query.subtensorModule?.[item];
    if (!f) throw new Error(`no SubtensorModule.${item}`);
    return ((await f(fx.netuid)).toJSON() as number[]).map(Number);
  };

  beforeAll(async () => {
    if (runtime.kind === "missing") return;
    ({ chain, api, fx } = await startSubnetChain(runtime.specPath, {
      miners: 3,
      validators: 3,
      stakes: [3000n * TAO, 1500n * TAO, 500n * TAO],
      tempo: 9,
      keyPrefix: "miaoai-yuma-snapshot",
    }));
    const out = await sudoCalls(api, fx.sudo, [
      admin("sudoSetYuma3Enabled", fx.netuid, true),
      admin("sudoSetCommitRevealWeightsEnabled", fx.netuid, false),
    ]);
    if (out.kind !== "inBlock") throw new Error(`sudo failed: ${out.kind}`);
    const h = await connectChain({ endpoints: [chain.httpUrl], timeoutMs: 30_000, initWasm: false });
    if (h.kind !== "connected") throw new Error("no HTTP endpoint");
    http = h.api;
  }, 300_000);

  afterAll(async () => {
    await http?.disconnect();
    await api?.disconnect();
    await chain?.stop();
  });

  it("reproduces the chain's next epoch (Incentive, Dividends, Bonds) over two epochs", async () => {
    const m = fx.miners.map((x) => x.uid);
    const plans: Array<Array<[number[], number[]]>> = [
      [
        [[m[0], m[1]] as number[], [65535, 30000]],
        [[m[0], m[1], m[2]] as number[], [50000, 65535, 10000]],
        [[m[2]] as number[], [65535]],
      ],
      [
        [[m[0], m[2]] as number[], [65535, 20000]],
        [[m[0], m[1]] as number[], [65535, 65535]],
        [[m[1], m[2]] as number[], [40000, 65535]],
      ],
    ];
    for (const [epoch, plan] of plans.entries()) {
      for (const [i, v] of fx.validators.entries()) {
        const [uids, values] = plan[i] as [number[], number[]];
        const tx = buildSetWeights(api, { netuid: fx.netuid, uids, values, versionKey: 0n });
        const out = await submitAndWatch(api, tx, v.account, { timeoutMs: 60_000, waitFor: "finalized" });
        expect(out.kind).toBe("inBlock");
      }
      const e = nextEpochBlock(chain.headNumber(), fx.netuid, fx.tempo);
      if (e - 1 > chain.headNumber()) await chain.newBlocks(e - 1 - chain.headNumber());
      const read = await readYumaSnapshot(http, fx.netuid);
      expect(read.kind).toBe("found");
      if (read.kind !== "found") return;
      const s = read.snapshot;
      expect({ epoch, block: s.block, readAt: read.readAt }).toEqual({ epoch, block: e, readAt: e - 1 });
      expect(s.params).toMatchObject({ tempo: 9, yuma3: true });
      expect(s.ownerUid).toBe(fx.owner.uid);
      for (const [i, v] of fx.validators.entries()) {
        const [uids, values] = plan[i] as [number[], number[]];
        expect(read.hotkeys[v.uid]).toBe(v.hotkey.address);
        expect(s.neurons[v.uid]?.validatorPermit).toBe(true);
        expect(s.neurons[v.uid]?.weights).toEqual(uids.map((u, j) => [u, values[j]]));
      }
      if (epoch > 0) expect(s.neurons.some((n) => n.bonds.length > 0)).toBe(true);

      const ours = runEpoch(snapshotToEpochInput(s));
      // Our expected incentive with the weights already set = what the chain computes.
      const v0 = fx.validators[0]?.uid as number;
      const [uids0, values0] = plan[0] as [number[], number[]];
      const expected = expectedIncentive({
        snapshot: s,
        validatorUid: v0,
        weights: uids0.map((u, j) => [u, values0[j] as number] as [number, number]),
      });
      expect(expected.assumption).toBe("snapshot");

      await chain.newBlocks(1);
      const incentive = await vec("incentive");
      const dividends = await vec("dividends");
      const bonds = await Promise.all(
        s.neurons.map(
          async (n) =>
            (await api.query.subtensorModule?.bonds?.(fx.netuid, n.uid))?.toJSON() as Array<[number, number]>,
        ),
      );
      expect({ epoch, incentive: ours.incentive }).toEqual({ epoch, incentive });
      expect({ epoch, dividends: ours.dividends }).toEqual({ epoch, dividends });
      expect({ epoch, bonds: ours.bonds }).toEqual({ epoch, bonds });
      expect(expected.expected.incentiveU16).toEqual(incentive);
      expect(expected.expected.dividends).toBe((dividends[v0] ?? 0) / 65535);
      expect(incentive.filter((x) => x > 0).length).toBeGreaterThanOrEqual(2);
    }
  }, 300_000);
});
