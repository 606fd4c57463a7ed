import { at, caster, cumsum, type Dtype, pairwiseSum, sortAscending } from "./numpy-float";

/** The SDK's epsilon "for numerical stability after normalization". */
const EPSILON = 1e-7;

/**
 * Scales `x` to sum to 1 with no entry above `limit`, exactly as the Bittensor SDK's
 * `normalize_max_weight` (bittensor/utils/weight_utils.py) does with numpy >= 2: entries above a cutoff
 * are clipped to it, then everything is renormalised. `limit` is a Python float; numpy casts it to the
 * array's dtype where it meets an array value. If the sum is 0 or n*limit <= 1, the answer is uniform.
 */
export function normalizeMaxWeight(x: readonly number[], limit: number, dtype: Dtype = "float32"): number[] {
  const c = caster(dtype);
  const n = x.length;
  if (n === 0) throw new RangeError("normalizeMaxWeight needs at least one value");
  const xs = x.map(c);
  const xSum = pairwiseSum(xs, dtype);
  if (xSum === 0 || n * limit <= 1) return xs.map(() => c(1 / n));

  const values = sortAscending(xs);
  const valuesSum = pairwiseSum(values, dtype);
  const estimation = values.map((v) => c(v / valuesSum));
  const limitD = c(limit);
  if (Math.max(...estimation) <= limitD) return xs.map((v) => c(v / xSum));

  const cs = cumsum(estimation, dtype);
  const eps = c(EPSILON);
  let nValues = 0;
  for (let i = 0; i < n; i++) {
    const e = at(estimation, i);
    const estSum = c((n - i - 1) * e);
    if (c(e / c(c(estSum + at(cs, i)) + eps)) < limitD) nValues++;
  }
  // numpy's cs[n_values - 1] wraps to the last element when n_values is 0.
  const csAt = at(cs, nValues === 0 ? n - 1 : nValues - 1);
  const numerator = c(c(limitD * csAt) - eps);
  // n - n_values mixes a Python int with numpy's int64 count: the denominator, and with it the cutoff,
  // are float64 even for float32 input; the clipped value is cast back to the dtype on assignment.
  const denominator = 1 - limit * (n - nValues);
  const cutoff = (numerator / denominator) * valuesSum;
  const clipped = xs.map((v) => (v > cutoff ? c(cutoff) : v));
  const clippedSum = pairwiseSum(clipped, dtype);
  return clipped.map((v) => c(v / clippedSum));
}
