import type { TaskResponse } from "../protocol";

/**
 * A canonical form of an answer, independent of the per-miner presentation (shuffled candidates, fresh
 * ids, fresh task ids), so the same answer to the same underlying item compares equal across miners.
 * `answer` is the decision only (label or ranking); `full` adds the probabilities to 6 decimals.
 */
export type AnswerFingerprint = { answer: string; full: string; distinctive: boolean };

/** Probabilities that look hand-written (all multiples of 0.05) are too common to prove copying. */
const COARSE_STEP = 0.05;
/** A ranking shorter than this has too few permutations to prove copying on its own. */
const MIN_DISTINCTIVE_RANKING = 4;

/**
 * Canonicalises a response. `canonicalIds` maps the ids shown to this miner back to the item's own
 * candidate indices. `distinctive` says whether two equal fingerprints are unlikely by chance.
 */
export function fingerprintAnswer(
  response: TaskResponse,
  canonicalIds: Readonly<Record<string, number>> = {},
): AnswerFingerprint {
  if (response.taskType === "response_selection") {
    const answer = response.ranking.map((id) => canonicalIds[id] ?? `?${id}`).join(",");
    return {
      answer: `r:${answer}`,
      full: `r:${answer}`,
      distinctive: response.ranking.length >= MIN_DISTINCTIVE_RANKING,
    };
  }
  const probabilities = response.probabilities as Record<string, number>;
  const labels = Object.keys(probabilities).sort();
  const probs = labels.map((l) => `${l}=${(probabilities[l] ?? 0).toFixed(6)}`).join(";");
  const fine = labels.some((l) => !isMultiple(probabilities[l] ?? 0, COARSE_STEP));
  return { answer: `c:${response.label}`, full: `c:${response.label}|${probs}`, distinctive: fine };
}

function isMultiple(x: number, step: number): boolean {
  const q = x / step;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** One miner's answer to one underlying item, for copy detection. */
export type ItemAnswer = { uid: number; item: string; fingerprint: AnswerFingerprint; latencyMs: number };

/**
 * Flags copying: within each item, answers with the same distinctive full fingerprint from different
 * uids form a group; the fastest (validator-measured) keeps its score and every other member is
 * flagged. Relaying another miner's answer is necessarily slower than producing it. Returns the set of
 * `${uid}:${item}` pairs flagged.
 */
export function detectCopies(answers: readonly ItemAnswer[]): Set<string> {
  const groups = new Map<string, ItemAnswer[]>();
  for (const a of answers) {
    if (!a.fingerprint.distinctive) continue;
    const key = `${a.item}\u0000${a.fingerprint.full}`;
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }
  const flagged = new Set<string>();
  for (const group of groups.values()) {
    const uids = new Set(group.map((a) => a.uid));
    if (uids.size < 2) continue;
    const original = group.reduce((best, a) =>
      a.latencyMs < best.latencyMs || (a.latencyMs === best.latencyMs && a.uid < best.uid) ? a : best,
    );
    for (const a of group) if (a.uid !== original.uid) flagged.add(`${a.uid}:${a.item}`);
  }
  return flagged;
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
