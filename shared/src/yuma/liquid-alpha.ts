/**
 * Liquid alpha: a per validator-miner EMA rate for Yuma3 bonds, from a sigmoid of how far the
 * validator's weight is above consensus (buying) or its bond above its weight (selling).
 * @see https://github.com/opentensor/subtensor/blob/main/pallets/subtensor/src/epoch/run_epoch.rs
 */
import {
  add,
  clamp,
  fromInt,
  HALF,
  type I32F32,
  mul,
  ONE,
  safeExp,
  saturatingDiv,
  sub,
  ZERO,
} from "./fixed-point";
import type { SparseMatrix } from "./sparse-matrix";

/** Liquid alpha bounds and steepness as fixed-point numbers. */
export interface LiquidAlphaParams {
  /** alpha_low / 65535. */
  low: I32F32;
  /** alpha_high / 65535. */
  high: I32F32;
  /** AlphaSigmoidSteepness (an i16) as I32F32. */
  steepness: I32F32;
}

/**
 * `alpha_sigmoid`: low + sigmoid(steepness/100 * (diff - 0.5)) * (high - low), clamped to [low, high],
 * where diff = clamp(weight - consensus) if weight >= bond, else clamp(bond - weight).
 */
export function alphaSigmoid(consensus: I32F32, weight: I32F32, bond: I32F32, p: LiquidAlphaParams): I32F32 {
  const diffBuy = clamp(sub(weight, consensus), ZERO, ONE);
  const diffSell = clamp(sub(bond, weight), ZERO, ONE);
  const diff = weight >= bond ? diffBuy : diffSell;
  const exponent = mul(saturatingDiv(p.steepness, fromInt(-100)), sub(diff, HALF));
  const sigmoid = saturatingDiv(ONE, add(ONE, safeExp(exponent)));
  const alpha = add(p.low, mul(sigmoid, sub(p.high, p.low)));
  return clamp(alpha, p.low, p.high);
}

/** Value at column j of a row sorted by column, read the way the runtime's forward-only cursor reads it. */
function cursorReader(row: ReadonlyArray<readonly [number, I32F32]>): (j: number) => I32F32 {
  let pos = 0;
  return (j) => {
    while (pos < row.length) {
      const entry = row[pos] as readonly [number, I32F32];
      if (entry[0] < j) {
        pos++;
        continue;
      }
      return entry[0] === j ? entry[1] : ZERO;
    }
    return ZERO;
  };
}

/**
 * The dense alpha matrix (`compute_liquid_alpha_values_sparse`). Weights and bonds are read with a
 * forward cursor, so rows are expected in column order, as the runtime expects.
 */
export function liquidAlphaMatrix(
  weights: SparseMatrix,
  bonds: SparseMatrix,
  consensus: readonly I32F32[],
  p: LiquidAlphaParams,
): I32F32[][] {
  const cache = new Map<string, I32F32>();
  return weights.map((wRow, i) => {
    const w = cursorReader(wRow);
    const b = cursorReader(bonds[i] ?? []);
    return consensus.map((c, j) => {
      const wj = w(j);
      const bj = b(j);
      const key = `${c}:${wj}:${bj}`;
      let a = cache.get(key);
      if (a === undefined) {
        a = alphaSigmoid(c, wj, bj, p);
        cache.set(key, a);
      }
      return a;
    });
  });
}
