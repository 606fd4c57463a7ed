import {
  blendScores,
  nextScoreState,
  type ScoredTask,
  type ScoreState,
  scoreRound,
} from "../../../../shared/src/scoring";
import { STATE_LIMITS } from "../state/keys";
import type { MinerRecord, RoundSummary } from "../state/records";
import type { StateStore } from "../state/store";
import type { BatchResult } from "./messages";
import type { RoundSettings } from "./settings";

/** What finalizing a round needs. */
export type FinalizeDeps = { store: StateStore; settings: RoundSettings };

/** What finalization did. */
export type FinalizeOutcome =
  | { kind: "finalized"; summary: RoundSummary }
  | { kind: "skipped"; reason: "unknown_round" | "already_finalized" | "lost_race" };

/**
 * Finalizes a round: one read (round results, miner records, metagraph), pure scoring (copy detection
 * across all batches, honeypots, EMA per hotkey with reset on a new hotkey, blend with trust and stake),
 * one guarded write. Miners whose batch never arrived keep their previous record untouched.
 */
export async function finalizeRound(
  deps: FinalizeDeps,
  roundId: string,
  now: number,
): Promise<FinalizeOutcome> {
  const round = await deps.store.loadRound(roundId);
  if (!round) return { kind: "skipped", reason: "unknown_round" };
  if (round.finalized) return { kind: "skipped", reason: "already_finalized" };
  const { settings } = deps;
  const hotkeys = new Map<number, string>();
  const scored: ScoredTask[] = [];
  const outcomes: Record<string, number> = {};
  for (const batch of round.batches) {
    for (const miner of batch.miners) {
      hotkeys.set(miner.uid, miner.hotkey);
      for (const t of miner.tasks) {
        outcomes[t.kind] = (outcomes[t.kind] ?? 0) + 1;
        scored.push({
          uid: miner.uid,
          item: t.item,
          score: { score: t.score, quality: t.quality, latencyFactor: t.latencyFactor, success: t.success },
          fingerprint: t.fingerprint,
          latencyMs: t.latencyMs,
          receivedAt: t.receivedAt,
        });
      }
    }
  }
  const minerRounds = scoreRound(scored, { honeypotPenalty: settings.honeypotPenalty });

  // Fold the round into each scored uid's EMA state.
  const records = new Map<number, MinerRecord>(round.miners);
  const updated = new Map<number, { state: ScoreState; round: (typeof minerRounds)[number] }>();
  for (const mr of minerRounds) {
    const hotkey = hotkeys.get(mr.uid) ?? "";
    const prev = records.get(mr.uid);
    const state = nextScoreState(
      prev ? { hotkey: prev.hotkey, quality: prev.quality, trust: prev.trust, rounds: prev.rounds } : null,
      hotkey,
      mr.quality,
      mr.successRate,
      { qualityAlpha: settings.qualityAlpha, trustAlpha: settings.trustAlpha },
    );
    updated.set(mr.uid, { state, round: mr });
  }

  // Blend over every uid the current metagraph still assigns to the recorded hotkey.
  const neurons = new Map((round.metagraph?.snapshot.neurons ?? []).map((n) => [n.uid, n]));
  const blendInputs = [];
  const candidates = new Map<number, { hotkey: string; quality: number; trust: number }>();
  for (const [uid, r] of records)
    candidates.set(uid, { hotkey: r.hotkey, quality: r.quality, trust: r.trust });
  for (const [uid, u] of updated) candidates.set(uid, u.state);
  for (const [uid, c] of candidates) {
    const neuron = neurons.get(uid);
    if (neuron && neuron.hotkey !== c.hotkey) continue;
    blendInputs.push({ uid, quality: c.quality, trust: c.trust, stake: neuron?.stake ?? 0 });
  }
  const finals = blendScores(blendInputs, settings.blend);

  const writes: MinerRecord[] = [];
  for (const [uid, c] of candidates) {
    const prev = records.get(uid);
    const u = updated.get(uid);
    const final = finals.get(uid) ?? 0;
    if (!u) {
      if (prev && prev.final !== final) writes.push({ ...prev, final });
      continue;
    }
    const keepHistory = prev && prev.hotkey === c.hotkey ? prev.history : [];
    writes.push({
      uid,
      hotkey: c.hotkey,
      quality: u.state.quality,
      trust: u.state.trust,
      rounds: u.state.rounds,
      final,
      lastRound: roundId,
      lastQuality: u.round.quality,
      lastSuccessRate: u.round.successRate,
      lastCopied: u.round.copied,
      lastHoneypot: u.round.honeypot,
      updatedAt: now,
      history: [...keepHistory, [round.meta.seq, u.round.quality, u.state.quality, final, now]].slice(
        -STATE_LIMITS.historyLength,
      ) as MinerRecord["history"],
    });
  }

  const meanQuality =
    minerRounds.length > 0 ? minerRounds.reduce((s, m) => s + m.quality, 0) / minerRounds.length : 0;
  const summary: RoundSummary = {
    ...round.meta,
    finishedAt: now,
    batchesDone: round.batches.length,
    partial: round.batches.length < round.meta.expectedBatches,
    outcomes,
    meanQuality,
    copied: minerRounds.reduce((s, m) => s + m.copied, 0),
    maxSubrequestsPerInvocation: round.batches.reduce((m, b: BatchResult) => Math.max(m, b.subrequests), 0),
    top: minerRounds
      .map((m) => ({ uid: m.uid, quality: m.quality, final: finals.get(m.uid) ?? 0 }))
      .sort((a, b) => b.final - a.final || a.uid - b.uid)
      .slice(0, 10),
  };
  const committed = await deps.store.commitRound(summary, writes);
  return committed ? { kind: "finalized", summary } : { kind: "skipped", reason: "lost_race" };
}
