/**
 * Stake steps of the epoch: threshold filter and normalization, validator permits, active stake.
 * @see https://github.com/opentensor/subtensor/blob/main/pallets/subtensor/src/epoch/run_epoch.rs
 */
import { type I32F32, normalizeStake64, safeDiv, saturate, ZERO } from "./fixed-point";

/**
 * Stake as the epoch sees it: stakes below `threshold` (rao) count 0, the rest is normalized to sum 1
 * in I64F64 and narrowed to I32F32.
 */
export function normalizedStake(stakeRao: readonly bigint[], threshold: bigint): I32F32[] {
  return normalizeStake64(stakeRao.map((s) => (s < threshold ? 0n : s)));
}

/**
 * `is_topk_nonzero`: true for non-zero entries among the k largest. Ties keep the runtime's stable
 * ascending sort, so among equal stakes the lower uids lose their permit first.
 */
export function topKNonZero(values: readonly I32F32[], k: number): boolean[] {
  const result = values.map((v) => v !== ZERO);
  const n = values.length;
  if (n < k) return result;
  const order = values.map((_, i) => i);
  order.sort((a, b) => {
    const va = values[a] as I32F32;
    const vb = values[b] as I32F32;
    return va < vb ? -1 : va > vb ? 1 : a - b;
  });
  for (const idx of order.slice(0, n - k)) result[idx] = false;
  return result;
}

/** Stake of active neurons that held a permit, normalized to sum 1 (all zero stays zero). */
export function activeStake(
  stake: readonly I32F32[],
  active: readonly boolean[],
  permit: readonly boolean[],
): I32F32[] {
  const masked = stake.map((s, i) => (active[i] && permit[i] ? s : ZERO));
  return normalize(masked);
}

/** `inplace_normalize`: x / sum(x), unchanged when the sum is 0. */
export function normalize(x: readonly I32F32[]): I32F32[] {
  let s = ZERO;
  for (const v of x) s += v;
  s = saturate(s);
  return s === ZERO ? [...x] : x.map((v) => safeDiv(v, s));
}
