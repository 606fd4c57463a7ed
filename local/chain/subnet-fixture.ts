import type { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { connectChain } from "../../shared/src/chain/connect";
import { buildServeAxon, type Extrinsic } from "../../shared/src/chain/extrinsics";
import { type ChainAccount, pairAccount } from "../../shared/src/chain/signer";
import { type SubmitOutcome, submitAndWatch } from "../../shared/src/chain/submit";
import { type LocalChain, startLocalChain } from "./local-chain";

/** 1 TAO in rao. */
export const TAO = 1_000_000_000n;

/** What `setupSubnet` builds. */
export interface SubnetOptions {
  miners: number;
  validators: number;
  /** Stake added to each validator, in rao (index i for validator i; the last value repeats). Default 1000 TAO. */
  stakes?: bigint[];
  /** Blocks per epoch; small values keep tests fast. Default 10. */
  tempo?: number;
  /** WeightsSetRateLimit in blocks. Default 0. */
  weightsRateLimit?: number;
  /** MaxAllowedValidators; default = validators, so miners get no permit. */
  maxAllowedValidators?: number;
  /** Run one epoch after setup so validators hold permits. Default true. */
  runEpoch?: boolean;
  /** Prefix of the derivation paths, so several subnets get distinct keys. Default "miaoai". */
  keyPrefix?: string;
  /** First port of the miners' axons (address 10.0.0.<i+1>). Default 8091. */
  minerPortBase?: number;
}

/** A neuron the fixture registered. */
export interface FixtureNeuron {
  uid: number;
  hotkey: KeyringPair;
  /** Signs as the hotkey (set_weights, serve_axon). */
  account: ChainAccount;
}

/** The registered subnet. */
export interface SubnetFixture {
  netuid: number;
  /** Alice: sudo, funder and coldkey of every neuron. */
  sudo: ChainAccount;
  owner: FixtureNeuron;
  validators: FixtureNeuron[];
  miners: FixtureNeuron[];
  tempo: number;
}

/** A setup step the chain refused. */
export class SubnetSetupError extends Error {
  override name = "SubnetSetupError";
}

/**
 * Registers a fresh subnet on a local chain and fills it: owner, `validators` staked validators and
 * `miners` miners with axons at 10.0.0.x, all funded so their hotkeys can sign; then (by default) runs
 * an epoch so validators hold permits. Sudo knobs make it fast: no network rate limit, unlimited
 * registrations, stake threshold 0, the given tempo and weights rate limit.
 */
export async function setupSubnet(
  chain: LocalChain,
  api: ApiPromise,
  opts: SubnetOptions,
): Promise<SubnetFixture> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const prefix = opts.keyPrefix ?? "miaoai";
  const tempo = opts.tempo ?? 10;
  const sudo = pairAccount(keyring.addFromUri("//Alice"), api);
  const neuron = (path: string): FixtureNeuron => {
    const hotkey = keyring.addFromUri(`//${prefix}//${path}`);
    return { uid: -1, hotkey, account: pairAccount(hotkey, api) };
  };
  const owner = neuron("owner");
  const validators = Array.from({ length: opts.validators }, (_, i) => neuron(`validator//${i}`));
  const miners = Array.from({ length: opts.miners }, (_, i) => neuron(`miner//${i}`));
  const all = [...validators, ...miners];
  const tx = api.tx;
  const fn =
    (section: string) =>
    (method: string, ...args: unknown[]): Extrinsic =>
      need(tx[section]?.[method], `${section}.${method}`)(...args);
  const sub = fn("subtensorModule");
  const admin = fn("adminUtils");
  const hasAdmin = (m: string) => tx.adminUtils?.[m] !== undefined;
  const sudoCall = (call: Extrinsic) => fn("sudo")("sudo", call);

  const send = async (
    call: Extrinsic,
    who: ChainAccount = sudo,
  ): Promise<SubmitOutcome & { kind: "inBlock" }> => {
    const out = await submitAndWatch(api, call, who, { timeoutMs: 60_000, waitFor: "finalized" });
    if (out.kind !== "inBlock") {
      const why =
        out.kind === "timeout" ? "timeout" : `${out.error.kind}:${"name" in out.error ? out.error.name : ""}`;
      throw new SubnetSetupError(`${call.method.section}.${call.method.method} failed: ${why}`);
    }
    return out;
  };
  const batch = (calls: Extrinsic[]): Extrinsic => fn("utility")("batchAll", calls);
  const sudoAll = (calls: Extrinsic[]) => send(sudoCall(batch(calls)));

  await send(sudoCall(admin("sudoSetNetworkRateLimit", 0)));
  const before = new Set(
    (await api.query.subtensorModule?.networksAdded?.keys())?.map((k) => k.args[0]?.toString()),
  );
  await send(sub("registerNetwork", owner.hotkey.address));
  const after =
    (await api.query.subtensorModule?.networksAdded?.keys())?.map((k) => k.args[0]?.toString()) ?? [];
  const added = after.find((n) => n !== undefined && !before.has(n));
  if (added === undefined) throw new SubnetSetupError("register_network added no subnet");
  const netuid = Number(added);

  await sudoAll([
    admin("sudoSetTargetRegistrationsPerInterval", netuid, 1000),
    admin("sudoSetMaxRegistrationsPerBlock", netuid, 1000),
    admin("sudoSetTempo", netuid, tempo),
    admin("sudoSetWeightsSetRateLimit", netuid, opts.weightsRateLimit ?? 0),
    admin("sudoSetStakeThreshold", 0),
    admin("sudoSetMaxAllowedValidators", netuid, opts.maxAllowedValidators ?? Math.max(1, opts.validators)),
    ...(hasAdmin("sudoSetSubtokenEnabled") ? [admin("sudoSetSubtokenEnabled", netuid, true)] : []),
  ]);
  // start_call would wait StartCallDelay blocks; marking the first emission block lets epochs run now.
  await chain.setStorage({ SubtensorModule: { FirstEmissionBlockNumber: [[[netuid], chain.headNumber()]] } });

  await send(batch(all.map((n) => fn("balances")("transferKeepAlive", n.hotkey.address, 10n * TAO))));
  await send(batch(all.map((n) => sub("burnedRegister", netuid, n.hotkey.address))));
  for (const n of [owner, ...all]) {
    const uid = await api.query.subtensorModule?.uids?.(netuid, n.hotkey.address);
    const value = uid?.toJSON();
    if (typeof value !== "number") throw new SubnetSetupError(`${n.hotkey.address} has no uid`);
    n.uid = value;
  }
  const stakes = opts.stakes ?? [1000n * TAO];
  if (validators.length > 0) {
    await send(
      batch(
        validators.map((v, i) =>
          sub("addStake", v.hotkey.address, netuid, stakes[Math.min(i, stakes.length - 1)] ?? 0n),
        ),
      ),
    );
  }
  for (const [i, m] of miners.entries()) {
    const built = buildServeAxon(api, {
      netuid,
      ip: `10.0.0.${i + 1}`,
      port: (opts.minerPortBase ?? 8091) + i,
      version: 1_000_000,
    });
    if (built.kind !== "ok") throw new SubnetSetupError(built.detail);
    await send(built.tx, m.account);
  }
  if (opts.runEpoch ?? true) await chain.newBlocks(tempo + 2);
  return { netuid, sudo, owner, validators, miners, tempo };
}

/** Wraps calls in sudo(batch_all(...)) from Alice; for tests that tweak hyperparameters. */
export async function sudoCalls(
  api: ApiPromise,
  sudo: ChainAccount,
  calls: Extrinsic[],
): Promise<SubmitOutcome> {
  const call = calls.length === 1 ? calls[0] : need(api.tx.utility?.batchAll, "utility.batchAll")(calls);
  return submitAndWatch(api, need(api.tx.sudo?.sudo, "sudo.sudo")(call as Extrinsic), sudo, {
    timeoutMs: 60_000,
    waitFor: "finalized",
  });
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new SubnetSetupError(`runtime has no ${what}`);
  return v;
}

/**
 * What every chain suite starts with: the runtime under chopsticks, an @polkadot/api connection to it and a
 * fresh subnet filled by `setupSubnet`. The chain is stopped again if connecting or the setup fails.
 */
export async function startSubnetChain(
  specPath: string,
  subnet: SubnetOptions,
): Promise<{ chain: LocalChain; api: ApiPromise; fx: SubnetFixture }> {
  const chain = await startLocalChain({ specPath });
  try {
    const c = await connectChain({ endpoints: [chain.wsUrl], timeoutMs: 30_000 });
    if (c.kind !== "connected") throw new Error(`local chain unreachable: ${JSON.stringify(c.attempts)}`);
    return { chain, api: c.api, fx: await setupSubnet(chain, c.api, subnet) };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
