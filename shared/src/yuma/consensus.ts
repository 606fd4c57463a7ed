/**
 * Consensus: the stake-weighted median of each miner's weights, at majority `kappa`.
 *
 * Same deterministic mid-pivot partition search as the runtime (`weighted_median` /
 * `weighted_median_col_sparse`), so ties and partition edges resolve the same way.
 * @see https://github.com/opentensor/subtensor/blob/main/pallets/subtensor/src/epoch/math.rs
 */
import { add, type I32F32, safeDiv, saturate, sub, ZERO } from "./fixed-point";
import type { SparseMatrix } from "./sparse-matrix";

/**
 * Stake-weighted median over `indices`, where the stake integral of that partition is [lo, hi] and
 * `minority` = stake sum - kappa.
 */
export function weightedMedian(
  stake: readonly I32F32[],
  score: readonly I32F32[],
  indices: readonly number[],
  minority: I32F32,
  lo: I32F32,
  hi: I32F32,
): I32F32 {
  let part = indices;
  let partLo = lo;
  let partHi = hi;
  for (;;) {
    const n = part.length;
    if (n === 0) return ZERO;
    if (n === 1) return score[part[0] as number] ?? ZERO;
    const pivot = score[part[Math.floor(n / 2)] as number] ?? ZERO;
    let loStake = ZERO;
    let hiStake = ZERO;
    const lower: number[] = [];
    const upper: number[] = [];
    for (const idx of part) {
      const s = score[idx] ?? ZERO;
      if (s === pivot) continue;
      if (s < pivot) {
        loStake = add(loStake, stake[idx] ?? ZERO);
        lower.push(idx);
      } else {
        hiStake = add(hiStake, stake[idx] ?? ZERO);
        upper.push(idx);
      }
    }
    const loEdge = add(partLo, loStake);
    const hiEdge = sub(partHi, hiStake);
    if (loEdge <= minority && minority < hiEdge) return pivot;
    if (minority < loEdge && lower.length > 0) {
      part = lower;
      partHi = loEdge;
    } else if (hiEdge <= minority && upper.length > 0) {
      part = upper;
      partLo = hiEdge;
    } else return pivot;
  }
}

/**
 * Consensus per column: the stake-weighted median of column j over the rows with positive stake
 * (their stake renormalized), at majority `kappa` (a fraction, kappa_u16 / 65535).
 */
export function weightedMedianColumns(
  stake: readonly I32F32[],
  weights: SparseMatrix,
  columns: number,
  kappa: I32F32,
): I32F32[] {
  const rows: number[] = [];
  stake.forEach((s, i) => {
    if (s > ZERO) rows.push(i);
  });
  const raw = rows.map((i) => stake[i] ?? ZERO);
  let total = ZERO;
  for (const s of raw) total += s;
  total = saturate(total);
  const useStake = total === ZERO ? raw : raw.map((s) => safeDiv(s, total));
  let stakeSum = ZERO;
  for (const s of useStake) stakeSum += s;
  stakeSum = saturate(stakeSum);
  const minority = sub(stakeSum, kappa);
  const scores: I32F32[][] = Array.from({ length: columns }, () => new Array(rows.length).fill(ZERO));
  rows.forEach((i, k) => {
    for (const [j, v] of weights[i] ?? []) {
      const col = scores[j];
      if (col) col[k] = v;
    }
  });
  const idx = rows.map((_, k) => k);
  return scores.map((score) => weightedMedian(useStake, score, idx, minority, ZERO, stakeSum));
}
