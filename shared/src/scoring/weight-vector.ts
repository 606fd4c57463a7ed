/**
 * What to do when no uid has a positive score (a fresh subnet, or every miner down): `burn` puts all
 * weight on the subnet owner's uid, so emissions are recycled rather than paid to whoever happens to
 * be first; `skip` sets no weights at all this epoch.
 */
export type NothingScoredPolicy = { kind: "burn"; ownerUid: number } | { kind: "skip" };

/** The weight vector, or why there is none. */
export type WeightVector =
  | { kind: "weights"; weights: Float64Array; burned: false }
  | { kind: "weights"; weights: Float64Array; burned: true; ownerUid: number }
  | { kind: "skip"; reason: "nothing_scored" | "empty_metagraph" };

/**
 * Turns final scores into a float weight vector over uids `0..n-1` summing to 1: negative, NaN and
 * out-of-range entries are dropped, the rest normalised by their sum. If nothing is positive the
 * `nothingScored` policy decides. The chain-side conversion (max-weight clipping, u16) is the weight
 * setter's job (shared/src/weights).
 */
export function computeWeightVector(
  scores: ReadonlyMap<number, number>,
  n: number,
  nothingScored: NothingScoredPolicy,
): WeightVector {
  if (n <= 0) return { kind: "skip", reason: "empty_metagraph" };
  const weights = new Float64Array(n);
  let sum = 0;
  for (const [uid, score] of scores) {
    if (!Number.isInteger(uid) || uid < 0 || uid >= n) continue;
    if (!(Number.isFinite(score) && score > 0)) continue;
    weights[uid] = score;
    sum += score;
  }
  if (sum > 0) {
    for (let i = 0; i < n; i++) weights[i] = (weights[i] ?? 0) / sum;
    return { kind: "weights", weights, burned: false };
  }
  if (nothingScored.kind === "skip" || nothingScored.ownerUid < 0 || nothingScored.ownerUid >= n) {
    return { kind: "skip", reason: "nothing_scored" };
  }
  weights[nothingScored.ownerUid] = 1;
  return { kind: "weights", weights, burned: true, ownerUid: nothingScored.ownerUid };
}
