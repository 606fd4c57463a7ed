/**
 * Reads a subnet from subtensor into the yuma snapshot format (snapshot.ts): everything the next epoch
 * reads, at one block. Web APIs only (works over @polkadot/api's HttpProvider in workerd).
 *
 * Requests: storage is read at one block hash with whole-map reads (`entries`) and batched reads
 * (`multi`), so the count does not grow with the number of uids (about 20 JSON-RPC calls).
 * Stake is what the spec 293 epoch weighs: alpha on the subnet + root TAO x TaoWeight. Child-key stake
 * inheritance (ChildKeys/ParentKeys) is not applied: on subnets whose validators delegate stake to child
 * hotkeys, the stakes here are the hotkeys' own.
 * @see docs/chain.md, "Reading the metagraph" and "Yuma Consensus 3"
 */
import type { ApiPromise } from "@polkadot/api";
import { type MetagraphSnapshot, metagraphSnapshotSchema } from "./snapshot";

/** Outcome of `readYumaSnapshot`. */
export type YumaSnapshotRead =
  | {
      kind: "found";
      snapshot: MetagraphSnapshot;
      /** Hotkey per uid (index = uid), to find our own uid. */
      hotkeys: string[];
      /** The block the state was read at (the snapshot's `block` is the next epoch's). */
      readAt: number;
    }
  | { kind: "noSubnet"; netuid: number; readAt: number };

type Codec = { toString(): string; toJSON(): unknown; isTrue?: boolean };
type StorageKey = { args: Codec[] };
type StorageFn = ((...args: unknown[]) => Promise<Codec>) & {
  entries(...args: unknown[]): Promise<Array<[StorageKey, Codec]>>;
  multi(args: unknown[]): Promise<Codec[]>;
};

/** A storage item looked up by name: this project has no generated subtensor types. */
function storage(query: unknown, item: string): StorageFn {
  const fn = (query as Record<string, Record<string, StorageFn> | undefined>).subtensorModule?.[item];
  if (!fn) throw new Error(`runtime has no storage SubtensorModule.${item}`);
  return fn;
}

const U64_MAX = 0xffff_ffff_ffff_ffffn;

/** The first block after `head` whose on_initialize runs the subnet's epoch (subtensor's schedule). */
export function nextEpochBlock(head: number, netuid: number, tempo: number): number {
  if (tempo === 0) return head + 1;
  let e = head + 1;
  const r = (e + netuid + 1) % (tempo + 1);
  e += (tempo - r + (tempo + 1)) % (tempo + 1);
  return e;
}

/** Sparse u16 rows of a `(netuid, uid) -> Vec<(u16, u16)>` double map, index = uid. */
async function rowsOf(fn: StorageFn, netuid: number, n: number): Promise<Array<Array<[number, number]>>> {
  const rows: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const [key, value] of await fn.entries(netuid)) {
    const uid = Number(key.args[1]?.toString());
    if (Number.isInteger(uid) && uid < n)
      rows[uid] = (value.toJSON() as Array<[number, number]>).map(([u, v]) => [Number(u), Number(v)]);
  }
  return rows;
}

/**
 * Reads the subnet at the best block: stake, weights, bonds, last updates, registrations, permits,
 * owner uid and the epoch's hyperparameters. The snapshot's `block` is the next epoch's block.
 */
export async function readYumaSnapshot(api: ApiPromise, netuid: number): Promise<YumaSnapshotRead> {
  const header = await api.rpc.chain.getHeader();
  const readAt = header.number.toNumber();
  const at = await api.at(header.hash);
  const q = (item: string) => storage(at.query, item);
  const num = async (p: Promise<Codec>) => Number((await p).toString());
  if (!(await q("networksAdded")(netuid)).isTrue) return { kind: "noSubnet", netuid, readAt };

  const [n, tempo, taoWeight, alphaValues] = await Promise.all([
    num(q("subnetworkN")(netuid)),
    num(q("tempo")(netuid)),
    q("taoWeight")().then((c) => BigInt(c.toString())),
    q("alphaValues")(netuid).then((c) => c.toJSON() as [number, number]),
  ]);
  const hotkeys: string[] = Array(n).fill("");
  for (const [key, value] of await q("keys").entries(netuid)) {
    const uid = Number(key.args[1]?.toString());
    if (Number.isInteger(uid) && uid < n) hotkeys[uid] = value.toString();
  }
  const [alpha, root, weights, bonds, lastUpdate, validatorPermit, registered, ownerHotkey] =
    await Promise.all([
      q("totalHotkeyAlpha").multi(hotkeys.map((hk) => [hk, netuid])),
      q("totalHotkeyAlpha").multi(hotkeys.map((hk) => [hk, 0])),
      rowsOf(q("weights"), netuid, n),
      rowsOf(q("bonds"), netuid, n),
      q("lastUpdate")(netuid).then((c) => (c.toJSON() as number[]).map(Number)),
      q("validatorPermit")(netuid).then((c) => c.toJSON() as boolean[]),
      q("blockAtRegistration").multi(hotkeys.map((_, uid) => [netuid, uid])),
      q("subnetOwnerHotkey")(netuid).then((c) => c.toString()),
    ]);
  const [activityCutoff, kappa, bondsPenalty, bondsMovingAverage, steepness, maxValidators] =
    await Promise.all(
      [
        "activityCutoff",
        "kappa",
        "bondsPenalty",
        "bondsMovingAverage",
        "alphaSigmoidSteepness",
        "maxAllowedValidators",
      ].map((item) => num(q(item)(netuid))),
    );
  const [yuma3, liquidAlpha, stakeThreshold] = await Promise.all([
    q("yuma3On")(netuid).then((c) => c.isTrue === true),
    q("liquidAlphaOn")(netuid).then((c) => c.isTrue === true),
    q("stakeThreshold")().then((c) => c.toString()),
  ]);
  const ownerIndex = hotkeys.indexOf(ownerHotkey);
  const snapshot = metagraphSnapshotSchema.parse({
    block: nextEpochBlock(readAt, netuid, tempo),
    ownerUid: ownerIndex >= 0 ? ownerIndex : null,
    params: {
      tempo,
      activityCutoff,
      kappa,
      bondsPenalty,
      bondsMovingAverage,
      yuma3,
      liquidAlpha,
      alphaLow: alphaValues[0],
      alphaHigh: alphaValues[1],
      alphaSigmoidSteepness: steepness,
      maxAllowedValidators: maxValidators,
      stakeThreshold,
    },
    neurons: hotkeys.map((_, uid) => ({
      uid,
      // The epoch's stake weight; TaoWeight is a u64 fraction of u64::MAX.
      stake: (
        BigInt(alpha[uid]?.toString() ?? "0") +
        (BigInt(root[uid]?.toString() ?? "0") * taoWeight) / U64_MAX
      ).toString(),
      lastUpdate: lastUpdate[uid] ?? 0,
      blockAtRegistration: Number(registered[uid]?.toString() ?? "0"),
      validatorPermit: validatorPermit[uid] === true,
      weights: weights[uid] ?? [],
      bonds: bonds[uid] ?? [],
    })),
  });
  return { kind: "found", snapshot, hotkeys, readAt };
}
