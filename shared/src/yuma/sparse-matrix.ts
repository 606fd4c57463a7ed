/**
 * Sparse-matrix steps of the subtensor epoch, on rows of `[column, I32F32]` entries.
 *
 * Entry order and the difference between "absent" and "present with 0" are kept exactly as the runtime
 * keeps them, because later steps (liquid alpha, bond EMA) depend on both.
 * @see https://github.com/opentensor/subtensor/blob/main/pallets/subtensor/src/epoch/math.rs
 */
import { add, checkedMul, type I32F32, mul, ONE, safeDiv, saturate, sub, ZERO } from "./fixed-point";

/** One sparse row: `[column, value]` entries in storage order. */
export type SparseRow = Array<readonly [number, I32F32]>;
/** A sparse matrix: one row per uid. */
export type SparseMatrix = SparseRow[];

/** Empties the rows whose mask is true (`mask_rows_sparse`). */
export function maskRows(mask: readonly boolean[], m: SparseMatrix): SparseMatrix {
  return m.map((row, i) => (mask[i] ? [] : row));
}

/** Drops self-weights (i, i), except the subnet owner's when `exceptIndex` is set (`mask_diag_sparse*`). */
export function maskDiagonal(m: SparseMatrix, exceptIndex: number | null): SparseMatrix {
  return m.map((row, i) => row.filter(([j]) => i !== j || (exceptIndex !== null && i === exceptIndex)));
}

/** Drops entry (i, j) where `drop(first[i], second[j])` (`vec_mask_sparse_matrix`). */
export function maskByRowAndColumn(
  m: SparseMatrix,
  first: readonly number[],
  second: readonly number[],
  drop: (a: number, b: number) => boolean,
): SparseMatrix {
  return m.map((row, i) => row.filter(([j]) => !drop(first[i] ?? 0, second[j] ?? 0)));
}

/** Drops entry (i, j) where `drop(scalar, vector[j])` (`scalar_vec_mask_sparse_matrix`). */
export function maskByColumn(
  m: SparseMatrix,
  scalar: number,
  vector: readonly number[],
  drop: (a: number, b: number) => boolean,
): SparseMatrix {
  return m.map((row) => row.filter(([j]) => !drop(scalar, vector[j] ?? 0)));
}

/** Scales each row to sum 1; rows summing to 0 stay as they are. */
export function rowNormalize(m: SparseMatrix): SparseMatrix {
  return m.map((row) => {
    let s = ZERO;
    for (const [, v] of row) s += v;
    s = saturate(s);
    return s > ZERO ? row.map(([j, v]) => [j, safeDiv(v, s)] as const) : row;
  });
}

/** Scales each column to sum 1; zero columns stay (`inplace_col_normalize_sparse`). */
export function colNormalize(m: SparseMatrix, columns: number): SparseMatrix {
  const colSum: I32F32[] = new Array(columns).fill(ZERO);
  for (const row of m) for (const [j, v] of row) colSum[j] = add(colSum[j] ?? ZERO, v);
  return m.map((row) =>
    row.map(([j, v]) => {
      const s = colSum[j] ?? ZERO;
      return s === ZERO ? ([j, v] as const) : ([j, safeDiv(v, s)] as const);
    }),
  );
}

/** Scales each column so its largest entry is 1 (`inplace_col_max_upscale_sparse`). */
export function colMaxUpscale(m: SparseMatrix, columns: number): SparseMatrix {
  const colMax: I32F32[] = new Array(columns).fill(ZERO);
  for (const row of m) for (const [j, v] of row) if ((colMax[j] ?? ZERO) < v) colMax[j] = v;
  return m.map((row) =>
    row.map(([j, v]) => {
      const c = colMax[j] ?? ZERO;
      return c === ZERO ? ([j, v] as const) : ([j, safeDiv(v, c)] as const);
    }),
  );
}

/** result_j = sum_i vector_i * m_ij (`matmul_sparse`). */
export function matmul(m: SparseMatrix, vector: readonly I32F32[], columns: number): I32F32[] {
  const out: I32F32[] = new Array(columns).fill(ZERO);
  m.forEach((row, i) => {
    for (const [j, v] of row) out[j] = add(out[j] ?? ZERO, mul(vector[i] ?? ZERO, v));
  });
  return out;
}

/** result_i = sum_j vector_j * m_ij (`matmul_transpose_sparse`). */
export function matmulTranspose(m: SparseMatrix, vector: readonly I32F32[]): I32F32[] {
  return m.map((row) => {
    let acc = ZERO;
    for (const [j, v] of row) acc = add(acc, mul(vector[j] ?? ZERO, v));
    return acc;
  });
}

/** Sum of each row. */
export function rowSum(m: SparseMatrix): I32F32[] {
  return m.map((row) => {
    let s = ZERO;
    for (const [, v] of row) s += v;
    return saturate(s);
  });
}

/** Clips each entry at its column's threshold; entries above a zero threshold vanish (`col_clip_sparse`). */
export function colClip(m: SparseMatrix, threshold: readonly I32F32[]): SparseMatrix {
  return m.map((row) => {
    const out: SparseRow = [];
    for (const [j, v] of row) {
      const t = threshold[j] ?? ZERO;
      if (t < v) {
        if (ZERO < t) out.push([j, t]);
      } else out.push([j, v]);
    }
    return out;
  });
}

/** A + ratio * (B - A), keeping positive entries in column order (`interpolate_sparse`). */
export function interpolate(a: SparseMatrix, b: SparseMatrix, columns: number, ratio: I32F32): SparseMatrix {
  if (ratio === ZERO) return a;
  if (ratio === ONE) return b;
  return a.map((rowA, i) => {
    const dense1: I32F32[] = new Array(columns).fill(ZERO);
    const dense2: I32F32[] = new Array(columns).fill(ZERO);
    for (const [j, v] of rowA) if (j < columns) dense1[j] = v;
    for (const [j, v] of b[i] ?? []) if (j < columns) dense2[j] = v;
    const out: SparseRow = [];
    for (let j = 0; j < columns; j++) {
      const v1 = dense1[j] ?? ZERO;
      const r = add(v1, mul(ratio, sub(dense2[j] ?? ZERO, v1)));
      if (ZERO < r) out.push([j, r]);
    }
    return out;
  });
}

/** Row-wise product with a vector: m_ij * vector_i (`row_hadamard_sparse`). */
export function rowHadamard(m: SparseMatrix, vector: readonly I32F32[]): SparseMatrix {
  return m.map((row, i) => row.map(([j, v]) => [j, mul(v, vector[i] ?? ZERO)] as const));
}

/** Entry-wise product with a column vector, dropping zero products (`mat_vec_mul_sparse`). */
export function mulColumns(m: SparseMatrix, vector: readonly I32F32[]): SparseMatrix {
  return m.map((row) => {
    const out: SparseRow = [];
    for (const [j, v] of row) {
      const x = vector[j];
      if (x === undefined) continue;
      const p = mul(v, x);
      if (p !== ZERO) out.push([j, p]);
    }
    return out;
  });
}

/** Element-wise product of two vectors; an overflowing product counts 0 (`vec_mul`). */
export function vecMul(a: readonly I32F32[], b: readonly I32F32[]): I32F32[] {
  return a.map((x, i) => checkedMul(x, b[i] ?? ZERO) ?? ZERO);
}

/** alpha * new + (1 - alpha) * old with one alpha, keeping positive entries (`mat_ema_sparse`). */
export function emaFixedAlpha(next: SparseMatrix, old: SparseMatrix, alpha: I32F32): SparseMatrix {
  const n = next.length; // the runtime assumes a square matrix here
  const oneMinusAlpha = sub(ONE, alpha);
  return next.map((rowNew, i) => {
    const dense: I32F32[] = new Array(n).fill(ZERO);
    for (const [j, v] of rowNew) dense[j] = add(dense[j] ?? ZERO, mul(alpha, v));
    for (const [j, v] of old[i] ?? []) dense[j] = add(dense[j] ?? ZERO, mul(oneMinusAlpha, v));
    const out: SparseRow = [];
    dense.forEach((v, j) => {
      if (v > ZERO) out.push([j, v]);
    });
    return out;
  });
}

/**
 * Yuma3 bond update with a per-entry alpha (`mat_ema_alpha_sparse`): old bonds decay by (1 - alpha) and
 * each validator buys alpha * weight, capped at 1. Only columns present in the new row survive: a bond
 * whose weight entry is absent is dropped, as in the runtime of spec 293.
 */
export function emaPerEntryAlpha(
  next: SparseMatrix,
  old: SparseMatrix,
  alpha: ReadonlyArray<readonly I32F32[]>,
): SparseMatrix {
  return next.map((rowNew, i) => {
    const alphaRow = alpha[i] ?? [];
    const decayed: I32F32[] = new Array(alphaRow.length).fill(ZERO);
    for (const [j, v] of old[i] ?? []) {
      const a = alphaRow[j];
      if (a !== undefined && j < decayed.length) decayed[j] = mul(sub(ONE, a), v);
    }
    const out: SparseRow = [];
    for (const [j, v] of rowNew) {
      const a = alphaRow[j];
      const d = decayed[j];
      if (a === undefined || d === undefined) continue;
      let purchase = mul(a, v);
      if (purchase < ZERO) purchase = ZERO;
      let r = add(d, purchase);
      if (r > ONE) r = ONE;
      if (r > ZERO) out.push([j, r]);
    }
    return out;
  });
}
