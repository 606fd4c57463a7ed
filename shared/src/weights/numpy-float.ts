/**
 * Floating-point arithmetic as numpy performs it, so that ports of numpy code match bit for bit.
 * JavaScript numbers are float64; float32 results are reproduced by rounding every operation with
 * Math.fround (exact for + - * /: a float64 result rounded to float32 equals the float32 operation).
 */

/** The numpy dtype a computation runs in. */
export type Dtype = "float32" | "float64";

/** Rounds a float64 to the dtype: Math.fround for float32, identity for float64. */
export function caster(dtype: Dtype): (x: number) => number {
  return dtype === "float32" ? Math.fround : (x) => x;
}

/**
 * `arr.sum()`: numpy's pairwise summation (8 accumulators for blocks up to 128 values, halves above),
 * accumulating in the dtype. Summing in another order changes the last bits.
 */
export function pairwiseSum(values: readonly number[], dtype: Dtype): number {
  const c = caster(dtype);
  const sum = (start: number, n: number): number => {
    if (n < 8) {
      let res = 0;
      for (let i = 0; i < n; i++) res = c(res + at(values, start + i));
      return res;
    }
    if (n <= 128) {
      const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => at(values, start + j));
      let i = 8;
      for (; i < n - (n % 8); i += 8) {
        for (let j = 0; j < 8; j++) r[j] = c(at(r, j) + at(values, start + i + j));
      }
      const [r0, r1, r2, r3, r4, r5, r6, r7] = r as [
        number,
        number,
        number,
        number,
        number,
        number,
        number,
        number,
      ];
      let res = c(c(c(r0 + r1) + c(r2 + r3)) + c(c(r4 + r5) + c(r6 + r7)));
      for (; i < n; i++) res = c(res + at(values, start + i));
      return res;
    }
    let n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return c(sum(start, n2) + sum(start + n2, n - n2));
  };
  return c(0 + sum(0, values.length));
}

/** `np.cumsum`: a plain running sum in the dtype (no pairwise trick). */
export function cumsum(values: readonly number[], dtype: Dtype): number[] {
  const c = caster(dtype);
  let acc = 0;
  return values.map((v) => {
    acc = c(acc + v);
    return acc;
  });
}

/** `np.sort` for finite values: ascending, a copy. */
export function sortAscending(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/**
 * `np.quantile(values, q)` with the default "linear" method and `q` a Python float, as numpy 2.x does it:
 * the virtual index (n-1)*q is float64, and the interpolation runs in the array's dtype with the weak
 * float gamma cast to it (numpy's `_lerp`, which interpolates from the upper end when gamma >= 0.5).
 */
export function quantileLinear(values: readonly number[], q: number, dtype: Dtype): number {
  if (values.length === 0) throw new RangeError("quantile of an empty array");
  const c = caster(dtype);
  const sorted = sortAscending(values);
  const n = sorted.length;
  const virtualIndex = (n - 1) * q;
  let prev = Math.floor(virtualIndex);
  let next = prev + 1;
  if (virtualIndex >= n - 1) {
    prev = -1;
    next = -1;
  }
  const gamma = virtualIndex - prev;
  const a = at(sorted, prev < 0 ? n + prev : prev);
  const b = at(sorted, next < 0 ? n + next : next);
  const diff = c(b - a);
  return gamma >= 0.5 ? c(b - c(diff * c(1 - gamma))) : c(a + c(diff * c(gamma)));
}

/** Indexed read that fails loudly instead of yielding undefined. */
export function at(values: readonly number[], i: number): number {
  const v = values[i];
  if (v === undefined) throw new RangeError(`index ${i} out of range (length ${values.length})`);
  return v;
}
