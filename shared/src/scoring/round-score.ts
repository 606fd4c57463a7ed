import { detectCopies } from "./copy-detection";
import { type AnswerFingerprint, honeypotConsistency } from "./fingerprint";
import type { TaskScore } from "./task-score";

/** One scored task of one miner in a round, as stored by the dispatcher. */
export type ScoredTask = {
  uid: number;
  /** The underlying item; equal across miners and across a honeypot pair. */
  item: string;
  score: TaskScore;
  fingerprint: AnswerFingerprint | null;
  latencyMs: number;
  /** Validator clock (ms since the epoch) when the answer arrived: decides who copied whom. */
  receivedAt: number;
};

/** A miner's round: mean task score after copy flags and the honeypot multiplier. */
export type MinerRound = {
  uid: number;
  quality: number;
  successRate: number;
  tasks: number;
  copied: number;
  honeypot: number;
};

/** Settings of round aggregation. */
export type RoundScoring = {
  /** Share of the round quality lost when every honeypot pair disagrees (scaled by the disagreeing fraction). */
  honeypotPenalty: number;
};

/** Default: a miner that contradicts itself on every repeated item loses half of its round. */
export const DEFAULT_ROUND_SCORING: RoundScoring = { honeypotPenalty: 0.5 };

/**
 * Aggregates every miner's tasks of a round: copied answers (see `detectCopies`) score 0, the rest keep
 * their task score; the mean is multiplied by `1 - penalty * (1 - honeypotConsistency)`.
 */
export function scoreRound(
  tasks: readonly ScoredTask[],
  settings: RoundScoring = DEFAULT_ROUND_SCORING,
): MinerRound[] {
  const copies = detectCopies(
    tasks.flatMap((t) =>
      t.fingerprint
        ? [
            {
              uid: t.uid,
              item: t.item,
              fingerprint: t.fingerprint,
              receivedAt: t.receivedAt,
              latencyMs: t.latencyMs,
            },
          ]
        : [],
    ),
  );
  const byUid = new Map<number, ScoredTask[]>();
  for (const t of tasks) {
    const list = byUid.get(t.uid);
    if (list) list.push(t);
    else byUid.set(t.uid, [t]);
  }
  const out: MinerRound[] = [];
  for (const [uid, list] of [...byUid].sort((a, b) => a[0] - b[0])) {
    let sum = 0;
    let successes = 0;
    let copied = 0;
    const byItem = new Map<string, (AnswerFingerprint | null)[]>();
    for (const t of list) {
      const isCopy = copies.has(`${uid}:${t.item}`);
      if (isCopy) copied++;
      sum += isCopy ? 0 : t.score.score;
      if (t.score.success && !isCopy) successes++;
      const seen = byItem.get(t.item);
      if (seen) seen.push(t.fingerprint);
      else byItem.set(t.item, [t.fingerprint]);
    }
    const pairs = [...byItem.values()]
      .filter((fps) => fps.length >= 2)
      .map((fps) => [fps[0] ?? null, fps[1] ?? null] as const);
    const honeypot = honeypotConsistency(pairs);
    const multiplier = 1 - settings.honeypotPenalty * (1 - honeypot);
    out.push({
      uid,
      quality: list.length > 0 ? (sum / list.length) * multiplier : 0,
      successRate: list.length > 0 ? successes / list.length : 0,
      tasks: list.length,
      copied,
      honeypot,
    });
  }
  return out;
}
