import { U16_MAX } from "./process-weights";

/** Weights that can never be set on chain (negative, mismatched, empty). */
export class InvalidWeightsError extends Error {
  override name = "InvalidWeightsError";
}

/** What `set_weights` takes: parallel u16 vectors. */
export interface EmitWeights {
  uids: number[];
  values: number[];
}

/** Python 3's `round()` on a float64: to nearest, ties to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Port of the SDK's `convert_weights_and_uids_for_emit`: scale so the largest weight is 65535
 * (float64, round-half-to-even) and drop entries that round to 0. All-zero weights give empty vectors,
 * meaning nothing to set. Throws `InvalidWeightsError` on negative values or mismatched lengths.
 */
export function convertWeightsAndUidsForEmit(
  uids: readonly number[],
  weights: readonly number[],
): EmitWeights {
  if (weights.length === 0 || uids.length === 0) throw new InvalidWeightsError("no weights given");
  if (weights.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new InvalidWeightsError("weights must be finite and non-negative");
  }
  if (uids.some((u) => !Number.isInteger(u) || u < 0))
    throw new InvalidWeightsError("uids must be non-negative integers");
  if (uids.length !== weights.length) {
    throw new InvalidWeightsError(`uids (${uids.length}) and weights (${weights.length}) differ in length`);
  }
  const max = Math.max(...weights);
  if (max === 0) return { uids: [], values: [] };
  const out: EmitWeights = { uids: [], values: [] };
  weights.forEach((w, i) => {
    const v = roundHalfEven((w / max) * U16_MAX);
    if (v !== 0) {
      out.values.push(v);
      out.uids.push(uids[i] as number);
    }
  });
  return out;
}
