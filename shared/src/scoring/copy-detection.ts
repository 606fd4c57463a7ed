import type { AnswerFingerprint } from "./fingerprint";

/**
 * One miner's answer to one underlying item, for copy detection. `receivedAt` is the validator's own clock
 * (ms since the epoch) when the answer's last byte arrived, recorded by the dispatcher; `latencyMs` is the
 * validator-measured round trip. Nothing here comes from the miner.
 */
export type ItemAnswer = {
  uid: number;
  item: string;
  fingerprint: AnswerFingerprint;
  receivedAt: number;
  latencyMs: number;
};

/**
 * Flags copying (docs/scoring.md, "Copy detection"). Within each item, distinctive answers with the same
 * canonical `full` fingerprint from two or more uids form a group. The answer that ARRIVED first at the
 * validator is the original (ties: lower latency, then lower uid): a relay can only send an answer after
 * its source has produced it, while a copier dispatched in a later batch can still show a smaller round
 * trip. Every other uid in the group is flagged. Returns the flagged `${uid}:${item}` pairs.
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
    if (new Set(group.map((a) => a.uid)).size < 2) continue;
    const original = group.reduce((first, a) => (arrivedBefore(a, first) ? a : first));
    for (const a of group) {
      if (a.uid !== original.uid) flagged.add(`${a.uid}:${a.item}`);
    }
  }
  return flagged;
}

/** Arrival order: earlier `receivedAt`, then lower latency, then lower uid (a total order). */
export function arrivedBefore(a: ItemAnswer, b: ItemAnswer): boolean {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt;
  if (a.latencyMs !== b.latencyMs) return a.latencyMs < b.latencyMs;
  return a.uid < b.uid;
}
