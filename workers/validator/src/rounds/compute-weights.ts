import {
  computeWeightVector,
  type NothingScoredPolicy,
  type WeightVector,
} from "../../../../shared/src/scoring";
import type { Metagraph } from "../chain/metagraph";
import type { MinerRecord, WeightsRecord } from "../state/records";
import type { StateStore } from "../state/store";

/**
 * Stored final scores -> the float weight vector over uids `0..n-1` (pure). A record counts only while
 * the metagraph still assigns its uid to the same hotkey, so a new owner never inherits weight.
 */
export function weightsFromRecords(
  records: ReadonlyMap<number, MinerRecord>,
  metagraph: Metagraph,
  nothingScored: NothingScoredPolicy,
): WeightVector {
  const n = metagraph.neurons.reduce((m, x) => Math.max(m, x.uid + 1), 0);
  const hotkeys = new Map(metagraph.neurons.map((x) => [x.uid, x.hotkey]));
  const scores = new Map<number, number>();
  for (const [uid, r] of records) if (hotkeys.get(uid) === r.hotkey) scores.set(uid, r.final);
  return computeWeightVector(scores, n, nothingScored);
}

/**
 * The weights cron: computes the vector from stored scores and records it for /v1/status. Setting it on
 * chain is the weight setter's job (issue 5), which reads the same vector.
 */
export async function computeWeights(
  deps: { store: StateStore; nothingScored: NothingScoredPolicy },
  now: number,
): Promise<{ vector: WeightVector; record: WeightsRecord } | null> {
  const { miners, metagraph } = await deps.store.loadMiners();
  if (!metagraph) return null;
  const vector = weightsFromRecords(miners, metagraph.snapshot, deps.nothingScored);
  const record: WeightsRecord =
    vector.kind === "skip"
      ? {
          at: now,
          block: metagraph.snapshot.block,
          kind: "skip",
          burned: false,
          reason: vector.reason,
          weights: [],
        }
      : {
          at: now,
          block: metagraph.snapshot.block,
          kind: "weights",
          burned: vector.burned,
          weights: [...vector.weights].flatMap((weight, uid) => (weight > 0 ? [{ uid, weight }] : [])),
        };
  await deps.store.saveWeights(record);
  return { vector, record };
}
