/**
 * Evaluation metrics, as pure functions of predictions: accuracy and macro-F1 for classifiers, Recall_n@k and
 * MRR for response selection (Lowe et al. 2015 / Zhang et al. 2018 use R10@1, R10@2, R10@5).
 */

/** Share of predictions equal to the truth. */
export function accuracy(pred: readonly number[], truth: readonly number[]): number {
  if (pred.length === 0) return 0;
  return pred.reduce((n, p, i) => n + (p === truth[i] ? 1 : 0), 0) / pred.length;
}

/** Unweighted mean of per-class F1 over the classes that occur in truth or predictions. */
export function macroF1(pred: readonly number[], truth: readonly number[]): number {
  const classes = new Set([...pred, ...truth]);
  let sum = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    pred.forEach((p, i) => {
      const t = truth[i];
      if (p === c && t === c) tp++;
      else if (p === c) fp++;
      else if (t === c) fn++;
    });
    sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  }
  return classes.size === 0 ? 0 : sum / classes.size;
}

/** 1-based rank of the true candidate given every candidate's score (ties count against the model). */
export function rankOfTrue(scores: readonly number[], trueIndex: number): number {
  const s = scores[trueIndex] as number;
  return 1 + scores.reduce((n, x, i) => n + (i !== trueIndex && x >= s ? 1 : 0), 0);
}

/** R@k and MRR from the ranks of the true candidates. */
export function rankingMetrics(
  ranks: readonly number[],
  ks: readonly number[] = [1, 2, 5],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ks) out[`r@${k}`] = ranks.filter((r) => r <= k).length / Math.max(ranks.length, 1);
  out.mrr = ranks.reduce((s, r) => s + 1 / r, 0) / Math.max(ranks.length, 1);
  return out;
}
