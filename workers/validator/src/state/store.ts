import type { BatchResult } from "../rounds/messages";
import type { MetagraphCache, MinerRecord, RoundMeta, RoundSummary, WeightsRecord } from "./records";

/** What a cron needs to plan a round; read in one request. */
export type PlanContext = {
  /** False when another cron holds the plan lock: skip this tick. */
  locked: boolean;
  metagraph: MetagraphCache | null;
  miners: Map<number, MinerRecord>;
  seq: number;
  current: { meta: RoundMeta; finalized: boolean } | null;
};

/** A round with all stored batch results, read for finalization in one request. */
export type RoundForFinalize = {
  meta: RoundMeta;
  finalized: boolean;
  batches: BatchResult[];
  miners: Map<number, MinerRecord>;
  metagraph: MetagraphCache | null;
};

/**
 * The validator's state. Every method is ONE request to the store (a pipeline or a script), so the
 * Upstash requests of a round grow with batches of results, not with miners (docs/scoring.md, "State").
 */
export interface StateStore {
  loadPlanContext(lockOwner: string): Promise<PlanContext>;
  beginRound(meta: RoundMeta, metagraph: MetagraphCache | null, lockOwner: string): Promise<void>;
  /** Stores batch results; returns, per round, how many batches are now stored and how many are expected. */
  appendResults(results: BatchResult[]): Promise<Map<string, { done: number; expected: number | null }>>;
  loadRound(roundId: string): Promise<RoundForFinalize | null>;
  /** Writes the round's outcome once: false when the round was already finalized (by a racing invocation). */
  commitRound(summary: RoundSummary, miners: MinerRecord[]): Promise<boolean>;
  loadMiners(): Promise<{ miners: Map<number, MinerRecord>; metagraph: MetagraphCache | null }>;
  loadOverview(): Promise<{
    latest: RoundSummary | null;
    recent: RoundSummary[];
    weights: WeightsRecord | null;
    currentRoundId: string | null;
    metagraph: MetagraphCache | null;
  }>;
  saveWeights(record: WeightsRecord): Promise<void>;
  /** Counts one call against a fixed window; `allowed` false once `limit` is passed. */
  hitRateLimit(
    keyHash: string,
    windowMs: number,
    limit: number,
    now: number,
  ): Promise<{ allowed: boolean; count: number }>;
}
