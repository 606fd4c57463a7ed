import { Redis } from "@upstash/redis";
import {
  denseWeights,
  expectedIncentive,
  type OthersAssumption,
} from "../../../../shared/src/yuma/expected-incentive";
import { parseChainSourceEnv, subtensorEndpoints } from "../chain/chain-source-config";
import type { Deps } from "../deps";
import { weightsFromRecords } from "../rounds/compute-weights";
import { chainYumaSnapshot, fixtureYumaSnapshot, type YumaSnapshotOutcome } from "./yuma-snapshot-source";

/** One uid of the preview. */
export type ExpectedIncentiveRow = {
  uid: number;
  /** The float weight we would set now (sums to 1). */
  weight: number;
  /** Expected Incentive share next epoch with that weight vector. */
  expectedIncentive: number;
  /** Incentive share with the weights stored for us now. */
  currentIncentive: number;
};

/** `GET /v1/weights/preview` and the dashboard's "Expected incentive" section. */
export type ExpectedIncentiveView =
  | {
      kind: "ok";
      source: "chain" | "fixture";
      assumption: OthersAssumption;
      /** What the numbers assume, in a sentence the dashboard shows. */
      note: string;
      /** Block of the simulated epoch; the state was read at `readAt`. */
      epochBlock: number;
      readAt: number;
      validatorUid: number | null;
      burned: boolean;
      /** Our expected Dividends share with the new weights, and with the stored ones (null: no uid). */
      dividends: number | null;
      currentDividends: number | null;
      /** Sum of expected incentive over all uids (~1 when any weight counts). */
      incentiveSum: number;
      rows: ExpectedIncentiveRow[];
    }
  | {
      kind: "unavailable";
      reason:
        | "no_metagraph"
        | "nothing_scored"
        | "empty_metagraph"
        | "chain_unreachable"
        | "no_subnet"
        | "chain_error";
      detail: string;
    };

const NOTES: Record<OthersAssumption, string> = {
  snapshot:
    "Other validators' weights and bonds are the ones stored on chain now; only ours are replaced by the weights we would set.",
  mirror:
    "Other validators' weights are unknown, so they are assumed to set the same weights as ours (our weights stand for consensus); bonds start at zero.",
};

const redisClients = new WeakMap<Deps, Redis>();

// The chain snapshot cache is this module's only Redis use; one client per deps (per isolate).
function redisFor(deps: Deps): Redis {
  let r = redisClients.get(deps);
  if (!r) {
    r = new Redis({
      url: deps.config.upstash.url,
      token: deps.config.upstash.token,
      automaticDeserialization: false,
      enableTelemetry: false,
    });
    redisClients.set(deps, r);
  }
  return r;
}

/** Redis key of the cached chain snapshot (next to the validator's other keys, state/keys.ts). */
export function yumaSnapshotKey(statePrefix: string): string {
  return `${statePrefix}:yuma:snapshot`;
}

/**
 * Expected incentive of the weight vector the validator would set now (rounds/compute-weights.ts): the
 * Yuma epoch on the chain's snapshot (METAGRAPH_SOURCE=chain, cached in Upstash) or on the fixture
 * metagraph with zero bonds. Never throws on chain trouble: returns `unavailable` with a reason.
 */
export async function expectedIncentiveView(
  deps: Deps,
  env: Record<string, unknown>,
): Promise<ExpectedIncentiveView> {
  const { miners, metagraph } = await deps.store.loadMiners();
  if (!metagraph)
    return {
      kind: "unavailable",
      reason: "no_metagraph",
      detail: "no metagraph read yet (no round planned)",
    };
  const vector = weightsFromRecords(miners, metagraph.snapshot, deps.config.round.nothingScored);
  if (vector.kind === "skip")
    return { kind: "unavailable", reason: vector.reason, detail: "no weights to set" };

  const cfg = deps.config.metagraph;
  const outcome: YumaSnapshotOutcome =
    cfg.source === "chain"
      ? await chainYumaSnapshot({
          redis: redisFor(deps),
          key: yumaSnapshotKey(deps.config.statePrefix),
          endpoints: subtensorEndpoints(cfg.subtensorUrl),
          netuid: deps.config.netuid,
          timeoutMs: parseChainSourceEnv(env).timeoutMs,
        })
      : { kind: "ok", cached: false, view: fixtureYumaSnapshot(metagraph.snapshot) };
  if (outcome.kind !== "ok") return outcome;
  const { snapshot, hotkeys, source, readAt } = outcome.view;
  const n = snapshot.neurons.length;
  const own = hotkeys.indexOf(deps.signer.ss58);
  // Uids the metagraph cache knows but the snapshot does not (a registration in between) are dropped.
  const weights = denseWeights(vector.weights).filter(([uid]) => uid < n);
  const r = expectedIncentive({ snapshot, validatorUid: own >= 0 ? own : null, weights });
  const weightOf = new Map(weights);
  return {
    kind: "ok",
    source,
    assumption: r.assumption,
    note: NOTES[r.assumption] + (own < 0 ? " Our hotkey holds no uid here, so no dividends are shown." : ""),
    epochBlock: r.block,
    readAt,
    validatorUid: own >= 0 ? own : null,
    burned: vector.burned,
    dividends: r.expected.dividends,
    currentDividends: r.current.dividends,
    incentiveSum: r.expected.incentive.reduce((a, b) => a + b, 0),
    rows: r.expected.incentive.map((expectedShare, uid) => ({
      uid,
      weight: weightOf.get(uid) ?? 0,
      expectedIncentive: expectedShare,
      currentIncentive: r.current.incentive[uid] ?? 0,
    })),
  };
}
