/** Weights of the final blend; they need not sum to 1 (the weight vector is normalised anyway). */
export type BlendWeights = { quality: number; trust: number; stake: number };

/** The original Python subnet's split: 0.7 current quality, 0.1 historical trust, 0.2 stake. */
export const DEFAULT_BLEND_WEIGHTS: BlendWeights = { quality: 0.7, trust: 0.1, stake: 0.2 };

/** One uid's inputs to the blend. */
export type BlendInput = { uid: number; quality: number; trust: number; stake: number };

/**
 * Final score per uid: `wq * quality + wt * trust + ws * stake / maxStake`. Stake is scaled by the
 * largest stake among the scored miners so it lives in [0, 1] like the other two. A uid with zero
 * quality gets 0 outright: trust and stake reward a miner that works, they never pay one that does not.
 */
export function blendScores(
  inputs: readonly BlendInput[],
  weights: BlendWeights = DEFAULT_BLEND_WEIGHTS,
): Map<number, number> {
  const maxStake = inputs.reduce((m, x) => Math.max(m, Number.isFinite(x.stake) ? x.stake : 0), 0);
  const out = new Map<number, number>();
  for (const x of inputs) {
    if (!(x.quality > 0)) {
      out.set(x.uid, 0);
      continue;
    }
    const stakeShare = maxStake > 0 && x.stake > 0 ? x.stake / maxStake : 0;
    const score = weights.quality * x.quality + weights.trust * x.trust + weights.stake * stakeShare;
    out.set(x.uid, Number.isFinite(score) && score > 0 ? score : 0);
  }
  return out;
}
