import type { NothingScoredPolicy } from "../../../../shared/src/scoring";
import {
  convertWeightsAndUidsForEmit,
  type EmitWeights,
  maxWeightLimitFromU16,
  processWeightsForNetuid,
} from "../../../../shared/src/weights";
import type { Metagraph } from "../chain/metagraph";
import { weightsFromRecords } from "../rounds/compute-weights";
import type { MinerRecord } from "../state/records";
import type { SubnetForWeights } from "./weights-chain";

/** The u16 weights to send, or why there are none. */
export type BuiltWeights =
  | { kind: "weights"; weights: EmitWeights; burned: boolean }
  | { kind: "none"; reason: "nothing_scored" | "empty_metagraph" | "all_zero" };

/**
 * Stored scores -> the u16 vectors the chain takes, exactly as the Python SDK would: the float vector of
 * compute-weights.ts (scores of uids whose hotkey is unchanged, normalised; the nothing-scored policy when
 * none is positive), then process_weights_for_netuid with the subnet's MinAllowedWeights and
 * MaxWeightsLimit, then convert_weights_and_uids_for_emit. Pure.
 *
 * Burn policy: when nothing is scored and the policy is `burn`, all weight goes to the uid of the subnet
 * owner's hotkey as the chain reports it (SubnetOwnerHotkey), falling back to the configured OWNER_UID
 * only when that hotkey holds no uid. No other uid is ever preferred.
 */
export function buildWeights(
  records: ReadonlyMap<number, MinerRecord>,
  subnet: SubnetForWeights,
  at: { netuid: number; block: number },
  nothingScored: NothingScoredPolicy,
): BuiltWeights {
  const metagraph: Metagraph = {
    netuid: at.netuid,
    block: at.block,
    neurons: subnet.hotkeys.map((hotkey, uid) => ({
      uid,
      hotkey,
      stake: 0,
      validatorPermit: false,
      axon: null,
    })),
  };
  const policy: NothingScoredPolicy =
    nothingScored.kind === "burn"
      ? { kind: "burn", ownerUid: subnet.ownerUid ?? nothingScored.ownerUid }
      : nothingScored;
  const vector = weightsFromRecords(records, metagraph, policy);
  if (vector.kind === "skip") return { kind: "none", reason: vector.reason };
  const processed = processWeightsForNetuid({
    uids: Array.from({ length: subnet.n }, (_, i) => i),
    weights: Array.from(vector.weights),
    n: subnet.n,
    minAllowedWeights: subnet.minAllowedWeights,
    maxWeightLimit: maxWeightLimitFromU16(subnet.maxWeightsLimit),
  });
  const weights = convertWeightsAndUidsForEmit(processed.uids, processed.weights);
  if (weights.uids.length === 0) return { kind: "none", reason: "all_zero" };
  return { kind: "weights", weights, burned: vector.burned };
}
