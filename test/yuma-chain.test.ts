import { ApiPromise, WsProvider } from "@polkadot/api";
import type { ApiDecoration, SubmittableExtrinsic } from "@polkadot/api/types";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRuntime, type LocalChain, startLocalChain } from "../local/chain";
import { type EpochInput, runEpoch, type U16Row } from "../shared/src/yuma/epoch";

// Compares the TypeScript epoch with the real subtensor runtime (spec 293 under chopsticks): a Yuma3
// subnet with 3 validators and 4 miners, over 5 epochs (the last 2 with liquid alpha), bit for bit.
const runtime = findRuntime();
if (runtime.kind === "missing") console.warn(`yuma-chain test skipped: ${runtime.howTo}`);

// This project has no generated subtensor types for @polkadot/api: storage and calls are looked up by
// name and fail loudly when the runtime lacks them.
type Codec = {
  toString(): string;
  toJSON(): unknown;
  isTrue: boolean;
  isSome: boolean;
  unwrap(): { toString(): string };
};
type Fn<R> = (...args: unknown[]) => R;
function storage(at: { query: unknown }, pallet: string, item: string): Fn<Promise<Codec>> {
  const fn = (at.query as Record<string, Record<string, Fn<Promise<Codec>>> | undefined>)[pallet]?.[item];
  if (!fn) throw new Error(`runtime has no storage ${pallet}.${item}`);
  return fn;
}
function call(api: ApiPromise, pallet: string, name: string): Fn<SubmittableExtrinsic<"promise">> {
  const fn = (
    api.tx as unknown as Record<string, Record<string, Fn<SubmittableExtrinsic<"promise">>> | undefined>
  )[pallet]?.[name];
  if (!fn) throw new Error(`runtime has no call ${pallet}.${name}`);
  return fn;
}

const TEMPO = 9;
const TAO = 1_000_000_000n;

// Two copies of @polkadot/types-codec (api 16.5.4 and chopsticks' 16.5.6) make polkadot-js think the
// signature needs no type prefix, and the runtime rejects it; sign with the prefix explicitly.
const withTypedSignatures = (p: KeyringPair): KeyringPair =>
  new Proxy(p, {
    get: (target, key) =>
      key === "sign" ? (m: Uint8Array) => target.sign(m, { withType: true }) : Reflect.get(target, key),
  });

describe.skipIf(runtime.kind === "missing")("Yuma3 epoch: TypeScript vs the spec 293 runtime", () => {
  let chain: LocalChain;
  let api: ApiPromise;
  let netuid = 0;
  const kr = new Keyring({ type: "sr25519" });
  let alice: KeyringPair;
  const validators: KeyringPair[] = [];
  const miners: KeyringPair[] = [];

  // Nonces tracked here: right after an instant block, the node's next-index can still be the old one.
  const nonces = new Map<string, number>();
  async function nextNonce(address: string): Promise<number> {
    let n = nonces.get(address);
    if (n === undefined)
      n = Number(((await storage(api, "system", "account")(address)).toJSON() as { nonce: number }).nonce);
    nonces.set(address, n + 1);
    return n;
  }

  async function send(tx: SubmittableExtrinsic<"promise">, signer: KeyringPair) {
    const nonce = await nextNonce(signer.address);
    const what = `${tx.method.section}.${tx.method.method} (nonce ${nonce})`;
    return new Promise<Array<{ method: string; data: { toJSON(): unknown } }>>((resolve, reject) => {
      // A transaction the pool drops, or never puts in a block, fails here by name instead of hanging the hook.
      const timer = setTimeout(() => reject(new Error(`${what}: not in a block after 60 s`)), 60_000);
      const settle =
        <T>(f: (x: T) => void) =>
        (x: T) => {
          clearTimeout(timer);
          f(x);
        };
      resolve = settle(resolve);
      reject = settle(reject);
      tx.signAndSend(signer, { nonce }, ({ status, events, dispatchError }) => {
        if (status.isInvalid || status.isDropped || status.isUsurped) {
          reject(new Error(`${what}: the pool says ${status.type}`));
        } else if (dispatchError) {
          if (dispatchError.isModule) {
            const d = api.registry.findMetaError(dispatchError.asModule);
            reject(new Error(`${d.section}.${d.name}`));
          } else reject(new Error(dispatchError.toString()));
        } else if (status.isInBlock) {
          const failed = events.find((e) => e.event.method === "ExtrinsicFailed");
          if (failed) reject(new Error(`extrinsic failed: ${JSON.stringify(failed.event.data.toJSON())}`));
          else resolve(events.map((e) => e.event));
        }
      }).catch(reject);
    });
  }
  const sudo = (inner: SubmittableExtrinsic<"promise">) => send(call(api, "sudo", "sudo")(inner), alice);

  async function readInput(at: ApiDecoration<"promise">, block: number): Promise<EpochInput> {
    const q = (item: string) => storage(at, "subtensorModule", item);
    const n = Number((await q("subnetworkN")(netuid)).toString());
    const taoWeight = BigInt((await q("taoWeight")()).toString());
    const uids = [...Array(n).keys()];
    const hotkeys = await Promise.all(uids.map(async (u) => (await q("keys")(netuid, u)).toString()));
    const stake = await Promise.all(
      hotkeys.map(async (hk) => {
        const alpha = BigInt((await q("totalHotkeyAlpha")(hk, netuid)).toString());
        const root = BigInt((await q("totalHotkeyAlpha")(hk, 0)).toString());
        // tao_weight is a u64 fraction of u64::MAX; these hotkeys hold no root stake, so this is exact.
        return alpha + (root * taoWeight) / 0xffff_ffff_ffff_ffffn;
      }),
    );
    const rows = async (item: "weights" | "bonds") =>
      Promise.all(uids.map(async (u) => (await q(item)(netuid, u)).toJSON() as unknown as U16Row));
    const lastUpdate = ((await q("lastUpdate")(netuid)).toJSON() as number[]).map(Number);
    const blockAtRegistration = await Promise.all(
      uids.map(async (u) => Number((await q("blockAtRegistration")(netuid, u)).toString())),
    );
    const validatorPermit = (await q("validatorPermit")(netuid)).toJSON() as boolean[];
    const ownerHotkey = (await q("subnetOwnerHotkey")(netuid)).toString();
    const ownerUidOpt = await q("uids")(netuid, ownerHotkey);
    const alphaValues = (await q("alphaValues")(netuid)).toJSON() as [number, number];
    const num = async (x: Promise<{ toString(): string }>) => Number((await x).toString());
    return {
      block,
      stake,
      weights: await rows("weights"),
      bonds: await rows("bonds"),
      lastUpdate,
      blockAtRegistration,
      validatorPermit,
      ownerUid: ownerUidOpt.isSome ? Number(ownerUidOpt.unwrap().toString()) : null,
      params: {
        tempo: await num(q("tempo")(netuid)),
        activityCutoff: await num(q("activityCutoff")(netuid)),
        kappa: await num(q("kappa")(netuid)),
        bondsPenalty: await num(q("bondsPenalty")(netuid)),
        bondsMovingAverage: await num(q("bondsMovingAverage")(netuid)),
        yuma3: (await q("yuma3On")(netuid)).isTrue,
        liquidAlpha: (await q("liquidAlphaOn")(netuid)).isTrue,
        alphaLow: alphaValues[0],
        alphaHigh: alphaValues[1],
        alphaSigmoidSteepness: await num(q("alphaSigmoidSteepness")(netuid)),
        maxAllowedValidators: await num(q("maxAllowedValidators")(netuid)),
        stakeThreshold: BigInt((await q("stakeThreshold")()).toString()),
      },
    };
  }

  async function readOutput(at: ApiDecoration<"promise">, n: number) {
    const q = (item: string) => storage(at, "subtensorModule", item);
    const vec = async (item: "incentive" | "dividends" | "consensus" | "validatorTrust" | "trust") =>
      ((await q(item)(netuid)).toJSON() as number[]).map(Number);
    return {
      incentive: await vec("incentive"),
      dividends: await vec("dividends"),
      consensus: await vec("consensus"),
      validatorTrust: await vec("validatorTrust"),
      trust: await vec("trust"),
      validatorPermit: (await q("validatorPermit")(netuid)).toJSON() as boolean[],
      bonds: await Promise.all(
        [...Array(n).keys()].map(
          async (u) => (await q("bonds")(netuid, u)).toJSON() as Array<[number, number]>,
        ),
      ),
    };
  }

  /** Builds blocks up to the one before the next epoch; returns that epoch's block number. */
  async function advanceToBeforeEpoch(): Promise<number> {
    let head = chain.headNumber();
    let e = head + 1;
    while ((e + netuid + 1) % (TEMPO + 1) !== TEMPO) e++;
    if (e - 1 > head) head = await chain.newBlocks(e - 1 - head);
    return e;
  }

  beforeAll(async () => {
    if (runtime.kind === "missing") return;
    chain = await startLocalChain({ specPath: runtime.specPath });
    await cryptoWaitReady();
    api = await ApiPromise.create({ provider: new WsProvider(chain.wsUrl), noInitWarn: true });
    alice = withTypedSignatures(kr.addFromUri("//Alice"));
    for (const name of ["V1", "V2", "V3"])
      validators.push(withTypedSignatures(kr.addFromUri(`//MiaoYuma${name}`)));
    for (const name of ["M1", "M2", "M3", "M4"])
      miners.push(withTypedSignatures(kr.addFromUri(`//MiaoYuma${name}`)));

    await sudo(call(api, "adminUtils", "sudoSetNetworkRateLimit")(0));
    const events = await send(call(api, "subtensorModule", "registerNetwork")(alice.address), alice);
    const added = events.find((e) => e.method === "NetworkAdded");
    if (!added) throw new Error("register_network emitted no NetworkAdded event");
    netuid = Number((added.data.toJSON() as [number, number])[0]);
    const admin = (name: string) => call(api, "adminUtils", name);
    await sudo(admin("sudoSetSubtokenEnabled")(netuid, true));
    await sudo(admin("sudoSetTempo")(netuid, TEMPO));
    await sudo(admin("sudoSetYuma3Enabled")(netuid, true));
    await sudo(admin("sudoSetCommitRevealWeightsEnabled")(netuid, false));
    await sudo(admin("sudoSetWeightsSetRateLimit")(netuid, 0));
    await sudo(admin("sudoSetMaxRegistrationsPerBlock")(netuid, 64));
    await sudo(admin("sudoSetTargetRegistrationsPerInterval")(netuid, 64));
    for (const hk of [...validators, ...miners]) {
      await send(call(api, "subtensorModule", "burnedRegister")(netuid, hk.address), alice);
    }
    const stakes = [3000n, 1500n, 500n];
    for (const [i, v] of validators.entries()) {
      await send(call(api, "balances", "transferKeepAlive")(v.address, TAO), alice);
      await send(
        call(api, "subtensorModule", "addStake")(v.address, netuid, (stakes[i] as bigint) * TAO),
        alice,
      );
    }
    // One epoch so that permits follow stake.
    const e = await advanceToBeforeEpoch();
    await chain.newBlocks(1);
    expect(chain.headNumber()).toBe(e);
  }, 480_000);

  afterAll(async () => {
    await api?.disconnect();
    await chain?.stop();
  });

  it("matches Incentive, Dividends, Consensus, Trust and Bonds over 5 epochs (2 with liquid alpha)", async () => {
    const uidOf = async (kp: KeyringPair) =>
      Number((await storage(api, "subtensorModule", "uids")(netuid, kp.address)).unwrap().toString());
    const m = await Promise.all(miners.map(uidOf));
    // A validator's plan: [uids, u16 weights], or null to not set weights that epoch.
    const weightPlans: Array<Array<[number[], number[]] | null>> = [
      // epoch 1: V1 and V2 mostly agree, V3 disagrees
      [
        [
          [m[0] as number, m[1] as number],
          [65535, 30000],
        ],
        [
          [m[0] as number, m[1] as number, m[2] as number],
          [50000, 65535, 10000],
        ],
        [
          [m[2] as number, m[3] as number],
          [65535, 65535],
        ],
      ],
      // epoch 2: V3 moves toward consensus, V1 adds a miner
      [
        [
          [m[0] as number, m[1] as number, m[3] as number],
          [65535, 30000, 5000],
        ],
        [
          [m[0] as number, m[1] as number, m[2] as number],
          [50000, 65535, 10000],
        ],
        [
          [m[0] as number, m[1] as number],
          [40000, 65535],
        ],
      ],
      // epoch 3: V2 does not set weights again
      [
        [
          [m[0] as number, m[1] as number],
          [65535, 65535],
        ],
        null,
        [
          [m[0] as number, m[2] as number],
          [65535, 20000],
        ],
      ],
      // epochs 4 and 5: liquid alpha on (per-entry EMA rates)
      [
        [
          [m[0] as number, m[1] as number, m[2] as number],
          [65535, 20000, 30000],
        ],
        [
          [m[1] as number, m[2] as number],
          [65535, 65535],
        ],
        [
          [m[0] as number, m[3] as number],
          [65535, 40000],
        ],
      ],
      [
        [
          [m[0] as number, m[1] as number],
          [65535, 40000],
        ],
        [
          [m[0] as number, m[1] as number],
          [30000, 65535],
        ],
        null,
      ],
    ];
    for (const [epoch, plan] of weightPlans.entries()) {
      if (epoch === 3) await sudo(call(api, "adminUtils", "sudoSetLiquidAlphaEnabled")(netuid, true));
      for (const [i, v] of validators.entries()) {
        const w = plan[i];
        if (!w) continue;
        await send(call(api, "subtensorModule", "setWeights")(netuid, w[0], w[1], 0), v);
      }
      const e = await advanceToBeforeEpoch();
      const before = await api.at(await api.rpc.chain.getBlockHash(e - 1));
      const input = await readInput(before, e);
      await chain.newBlocks(1);
      const after = await api.at(await api.rpc.chain.getBlockHash(e));
      const chainOut = await readOutput(after, input.stake.length);
      const ours = runEpoch(input);
      const label = `epoch ${epoch + 1} (block ${e})`;
      expect({ label, incentive: ours.incentive }).toEqual({ label, incentive: chainOut.incentive });
      expect({ label, dividends: ours.dividends }).toEqual({ label, dividends: chainOut.dividends });
      expect({ label, consensus: ours.consensus }).toEqual({ label, consensus: chainOut.consensus });
      expect({ label, vtrust: ours.validatorTrust }).toEqual({ label, vtrust: chainOut.validatorTrust });
      expect({ label, trust: ours.trust }).toEqual({ label, trust: chainOut.trust });
      expect({ label, permits: ours.validatorPermit }).toEqual({ label, permits: chainOut.validatorPermit });
      expect({ label, bonds: ours.bonds }).toEqual({ label, bonds: chainOut.bonds });
      if (process.env.YUMA_CHAIN_DEBUG)
        console.log(
          label,
          JSON.stringify({
            input: {
              ...input,
              stake: input.stake.map(String),
              params: { ...input.params, stakeThreshold: String(input.params.stakeThreshold) },
            },
            chainOut,
          }),
        );
      // Something was actually computed.
      expect(input.params.liquidAlpha).toBe(epoch >= 3);
      expect(chainOut.incentive.filter((x) => x > 0).length).toBeGreaterThanOrEqual(2);
      expect(chainOut.dividends.filter((x) => x > 0).length).toBeGreaterThanOrEqual(2);
      expect(chainOut.bonds.some((row) => row.length > 0)).toBe(true);
    }
  }, 480_000);
});
