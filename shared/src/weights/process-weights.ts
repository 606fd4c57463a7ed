import { normalizeMaxWeight } from "./normalize-max-weight";
import type { Dtype } from "./numpy-float";
import { at, quantileLinear } from "./numpy-float";

/** The largest u16, the chain's scale for weights and normalised hyperparameters. */
export const U16_MAX = 65535;

/** Inputs of `processWeightsForNetuid`, i.e. the SDK's process_weights with hyperparameters fetched. */
export interface ProcessWeightsInput {
  /** Uids the weights are for (same length as `weights`). */
  uids: readonly number[];
  /** Raw non-negative scores; cast to float32 first, as the SDK does. */
  weights: readonly number[];
  /** Neurons on the subnet (metagraph.n). */
  n: number;
  /** The subnet's MinAllowedWeights. */
  minAllowedWeights: number;
  /** MaxWeightsLimit / 65535 (see `maxWeightLimitFromU16`). */
  maxWeightLimit: number;
  /** Lowest quantile to drop, on the u16 scale (0 = keep all). */
  excludeQuantile?: number;
}

/** Uids with their normalised float weights, and the dtype numpy would have produced them in. */
export interface ProcessedWeights {
  uids: number[];
  weights: number[];
  dtype: Dtype;
}

/** The SDK's `u16_normalized_float`: MaxWeightsLimit as stored on chain -> the float limit. */
export function maxWeightLimitFromU16(u16: number): number {
  return u16 / U16_MAX;
}

/**
 * Bit-exact port of the SDK's `process_weights_for_netuid` (numpy path, numpy >= 2). No non-zero
 * weight, or fewer neurons than MinAllowedWeights: uniform 1/n over uids 0..n-1 (float64, as the SDK's
 * int64 arithmetic yields). Fewer non-zero weights than allowed: 1e-5 everywhere plus the weights,
 * normalised in float64 over uids 0..n-1. Otherwise: drop weights below the exclusion quantile (capped so
 * that MinAllowedWeights remain), then `normalizeMaxWeight` in float32.
 */
export function processWeightsForNetuid(input: ProcessWeightsInput): ProcessedWeights {
  const { uids, n, minAllowedWeights, maxWeightLimit } = input;
  if (uids.length !== input.weights.length) {
    throw new RangeError(`uids (${uids.length}) and weights (${input.weights.length}) differ in length`);
  }
  const weights = input.weights.map(Math.fround);
  const nzIdx = weights.flatMap((w, i) => (w > 0 ? [i] : []));
  const nzUids = nzIdx.map((i) => at(uids, i));
  const nzWeights = nzIdx.map((i) => at(weights, i));
  const allUids = Array.from({ length: n }, (_, i) => i);

  if (nzWeights.length === 0 || n < minAllowedWeights) {
    return { uids: allUids, weights: allUids.map(() => 1 / n), dtype: "float64" };
  }
  if (nzWeights.length < minAllowedWeights) {
    const padded = allUids.map(() => 1e-5);
    nzIdx.forEach((pos, k) => {
      if (pos >= n) throw new RangeError(`weight position ${pos} is outside the ${n} neurons`);
      padded[pos] = at(padded, pos) + at(nzWeights, k);
    });
    return {
      uids: allUids,
      weights: normalizeMaxWeight(padded, maxWeightLimit, "float64"),
      dtype: "float64",
    };
  }

  const quantile = (input.excludeQuantile ?? 0) / U16_MAX;
  const maxExclude = Math.max(0, nzWeights.length - minAllowedWeights) / nzWeights.length;
  const lowest = quantileLinear(nzWeights, Math.min(quantile, maxExclude), "float32");
  const keep = nzWeights.flatMap((w, k) => (lowest <= w ? [k] : []));
  return {
    uids: keep.map((k) => at(nzUids, k)),
    weights: normalizeMaxWeight(
      keep.map((k) => at(nzWeights, k)),
      maxWeightLimit,
      "float32",
    ),
    dtype: "float32",
  };
}
