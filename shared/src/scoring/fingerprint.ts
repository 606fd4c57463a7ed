import type { TaskResponse } from "../protocol";

/**
 * A canonical form of an answer, independent of the per-miner presentation (shuffled candidates, fresh
 * ids, fresh task ids, per-miner wording), so the same answer to the same underlying item compares equal
 * across miners. `answer` is the decision only (label or canonical ranking); `full` adds the exact
 * probabilities (docs/scoring.md, "Copy detection").
 */
export type AnswerFingerprint = { answer: string; full: string; distinctive: boolean };

/** Probabilities that look hand-written (all multiples of 0.05) are too common to prove copying. */
const COARSE_STEP = 0.05;
/**
 * A ranking over fewer candidates than this proves nothing: good miners agree on the true reply, so only
 * the order of the rest tells them apart, and fewer than 7! = 5040 such orders collide too often.
 */
export const MIN_DISTINCTIVE_RANKING = 8;

/**
 * Canonicalises a response. `canonicalIds` maps the candidate ids shown to this miner to the item's own
 * candidate indices (the task bank's `candidateKeys`: equal for every miner whatever its wording and ids).
 * `distinctive` says whether two equal fingerprints from different miners are unlikely by chance: a
 * ranking of at least {@link MIN_DISTINCTIVE_RANKING} canonical candidates, or probabilities that are not
 * all coarse.
 */
export function fingerprintAnswer(
  response: TaskResponse,
  canonicalIds: Readonly<Record<string, number>> = {},
): AnswerFingerprint {
  if (response.taskType === "response_selection") {
    const keys = response.ranking.map((id) => canonicalIds[id]);
    const answer = `r:${keys.map((k, i) => k ?? `?${response.ranking[i]}`).join(",")}`;
    const canonical = keys.every((k) => k !== undefined);
    return { answer, full: answer, distinctive: canonical && keys.length >= MIN_DISTINCTIVE_RANKING };
  }
  const probabilities = response.probabilities as Record<string, number>;
  const labels = Object.keys(probabilities).sort();
  // Exact doubles: String() of a number round-trips it, so only bit-identical probabilities compare equal.
  const probs = labels.map((l) => `${l}=${String(probabilities[l] ?? 0)}`).join(";");
  const fine = labels.some((l) => !isMultiple(probabilities[l] ?? 0, COARSE_STEP));
  return { answer: `c:${response.label}`, full: `c:${response.label}|${probs}`, distinctive: fine };
}

function isMultiple(x: number, step: number): boolean {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/**
 * Honeypot consistency: a miner shown the same item twice (re-shuffled, fresh ids) must make the same
 * decision both times. Returns the fraction of checkable pairs (both answered) that agree; 1 when none
 * is checkable, since a missing answer already scores 0 on its own.
 */
export function honeypotConsistency(
  pairs: readonly (readonly [AnswerFingerprint | null, AnswerFingerprint | null])[],
): number {
  let checked = 0;
  let consistent = 0;
  for (const [a, b] of pairs) {
    if (a === null || b === null) continue;
    checked++;
    if (a.answer === b.answer) consistent++;
  }
  return checked === 0 ? 1 : consistent / checked;
}
