/**
 * Per-task quality in [0, 1], computed only from a response that already passed the schema and
 * `checkResponseAgainstRequest`. Formulas and reasoning: docs/scoring.md ("Task quality").
 */

/** Reciprocal rank of the true reply: 1 when ranked first, 1/2 second, ... 0 when absent. */
export function reciprocalRank(ranking: readonly string[], trueId: string): number {
  const index = ranking.indexOf(trueId);
  return index < 0 ? 0 : 1 / (index + 1);
}

/**
 * Multiclass Brier score: sum over labels of (p_label - [label is true])^2, in [0, 2]. A strictly proper
 * scoring rule: a miner maximises its expected score only by reporting its true beliefs, so stated
 * confidence cannot be inflated for free. Labels missing from `probabilities` count as 0.
 */
export function brierScore(
  probabilities: Readonly<Record<string, number>>,
  labels: readonly string[],
  truth: string,
): number {
  let sum = 0;
  for (const label of labels) {
    const p = probabilities[label] ?? 0;
    const target = label === truth ? 1 : 0;
    sum += (p - target) ** 2;
  }
  return sum;
}

/** How classification quality weighs correctness of the label against the Brier score. */
export type ClassificationWeights = {
  /** Weight of `label === truth` (0/1); the rest goes to `1 - brier / 2`. Default 0.5. */
  correctness: number;
};

/** The default classification blend (docs/scoring.md). */
export const DEFAULT_CLASSIFICATION_WEIGHTS: ClassificationWeights = { correctness: 0.5 };

/**
 * Classification quality: `w * correct + (1 - w) * (1 - brier / 2)`. The Brier half rewards calibrated
 * probabilities; the correctness half keeps the product's answer (the label) what matters most.
 */
export function classificationQuality(
  label: string,
  probabilities: Readonly<Record<string, number>>,
  labels: readonly string[],
  truth: string,
  weights: ClassificationWeights = DEFAULT_CLASSIFICATION_WEIGHTS,
): number {
  const correct = label === truth ? 1 : 0;
  const calibrated = 1 - brierScore(probabilities, labels, truth) / 2;
  return clamp01(weights.correctness * correct + (1 - weights.correctness) * calibrated);
}

/** Clamps to [0, 1]; NaN becomes 0 so a bad number can never raise a score. */
export function clamp01(x: number): number {
  if (!Number.isFinite(x)) return x === Number.POSITIVE_INFINITY ? 1 : 0;
  return Math.max(0, Math.min(x, 1));
}
