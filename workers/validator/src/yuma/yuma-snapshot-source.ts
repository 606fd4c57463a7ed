import type { Redis } from "@upstash/redis";
import { z } from "zod";
import { connectChain } from "../../../../shared/src/chain/connect";
import { readYumaSnapshot } from "../../../../shared/src/yuma/chain-snapshot";
import { type MetagraphSnapshot, metagraphSnapshotSchema } from "../../../../shared/src/yuma/snapshot";
import type { Metagraph } from "../chain/metagraph";

/** A yuma snapshot with the hotkey per uid (to find our uid) and where it came from. */
export type YumaSnapshotView = {
  source: "chain" | "fixture";
  snapshot: MetagraphSnapshot;
  hotkeys: string[];
  /** Block the state was read at (chain) or the fixture's block. */
  readAt: number;
};

/** Outcome of reading the snapshot: the chain may be unreachable or lack the subnet. */
export type YumaSnapshotOutcome =
  | { kind: "ok"; view: YumaSnapshotView; cached: boolean }
  | { kind: "unavailable"; reason: "chain_unreachable" | "no_subnet" | "chain_error"; detail: string };

const RAO_PER_TAO = 1e9;

/**
 * The validator's (fixture) metagraph as a yuma snapshot: stake TAO -> rao, permits as given, no weights
 * and no bonds (unknown), Yuma3 on, other hyperparameters at spec 293 defaults. Uids missing from the
 * fixture become zero-stake neurons so uids are 0..n-1.
 */
export function fixtureYumaSnapshot(m: Metagraph): YumaSnapshotView {
  const n = m.neurons.reduce((max, x) => Math.max(max, x.uid + 1), 0);
  const byUid = new Map(m.neurons.map((x) => [x.uid, x]));
  const neurons = Array.from({ length: n }, (_, uid) => {
    const x = byUid.get(uid);
    return {
      uid,
      stake: x ? BigInt(Math.round(x.stake * RAO_PER_TAO)).toString() : "0",
      lastUpdate: x?.validatorPermit ? m.block : 0,
      validatorPermit: x?.validatorPermit ?? false,
    };
  });
  return {
    source: "fixture",
    snapshot: metagraphSnapshotSchema.parse({ block: m.block + 1, params: { yuma3: true }, neurons }),
    hotkeys: Array.from({ length: n }, (_, uid) => byUid.get(uid)?.hotkey ?? ""),
    readAt: m.block,
  };
}

const cachedSchema = z.object({
  snapshot: metagraphSnapshotSchema,
  hotkeys: z.array(z.string()),
  readAt: z.number().int(),
});

/** How long a chain snapshot is reused: about 10 blocks, well under any tempo. */
export const YUMA_SNAPSHOT_TTL_SECONDS = 120;

/** What the chain snapshot source needs. */
export type ChainYumaSnapshotOptions = {
  redis: Redis;
  /** Redis key of the cached snapshot. */
  key: string;
  endpoints: readonly string[];
  netuid: number;
  timeoutMs: number;
};

/**
 * The chain's snapshot, cached in Upstash for `YUMA_SNAPSHOT_TTL_SECONDS`: one Upstash GET per request,
 * and a chain connection (metadata + ~20 JSON-RPC calls) at most once per TTL. Never throws.
 */
export async function chainYumaSnapshot(o: ChainYumaSnapshotOptions): Promise<YumaSnapshotOutcome> {
  try {
    const raw = await o.redis.get<string>(o.key);
    if (typeof raw === "string") {
      const hit = cachedSchema.safeParse(JSON.parse(raw));
      if (hit.success) return { kind: "ok", cached: true, view: { source: "chain", ...hit.data } };
    }
  } catch {
    // A bad cache entry is re-read from the chain below.
  }
  const connected = await connectChain({ endpoints: o.endpoints, timeoutMs: o.timeoutMs, initWasm: false });
  if (connected.kind !== "connected")
    return {
      kind: "unavailable",
      reason: "chain_unreachable",
      detail: `no subtensor endpoint answered (${connected.attempts.length} tried)`,
    };
  try {
    const read = await readYumaSnapshot(connected.api, o.netuid);
    if (read.kind === "noSubnet")
      return {
        kind: "unavailable",
        reason: "no_subnet",
        detail: `no subnet ${o.netuid} at block ${read.readAt}`,
      };
    const view: YumaSnapshotView = {
      source: "chain",
      snapshot: read.snapshot,
      hotkeys: read.hotkeys,
      readAt: read.readAt,
    };
    const { source: _source, ...cached } = view;
    await o.redis.set(o.key, JSON.stringify(cached), { ex: YUMA_SNAPSHOT_TTL_SECONDS });
    return { kind: "ok", cached: false, view };
  } catch (error) {
    return {
      kind: "unavailable",
      reason: "chain_error",
      detail: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await connected.api.disconnect().catch(() => {});
  }
}
