/**
 * Every Redis key and TTL of the validator, in one place. Keys are prefixed by network and netuid so one
 * Upstash database can serve testnet and finney validators without collisions.
 */
export type StateKeys = ReturnType<typeof stateKeys>;

/** Key builders for one validator deployment. */
export function stateKeys(prefix: string) {
  const p = `${prefix}:`;
  return {
    /** Hash uid -> MinerRecord JSON: every per-miner value lives here, one field per uid. */
    miners: `${p}miners`,
    /** String: MetagraphCache JSON. */
    metagraph: `${p}metagraph`,
    /** Hash of one round: meta, b:<batch> results, finalized. */
    round: (roundId: string) => `${p}round:${roundId}`,
    /** String: RoundMeta JSON of the round in flight (or last started). */
    currentRound: `${p}rounds:current`,
    /** String: monotonically increasing round number, for the fair rotation of miners. */
    roundSeq: `${p}rounds:seq`,
    /** String: RoundSummary JSON of the last finalized round. */
    latestRound: `${p}rounds:latest`,
    /** List of recent RoundSummary JSON, newest first, trimmed to `RECENT_ROUNDS`. */
    recentRounds: `${p}rounds:recent`,
    /** String lock held while a cron plans a round, so two overlapping crons never both start one. */
    planLock: `${p}lock:plan`,
    /** String: WeightsRecord JSON of the last weight computation. */
    weights: `${p}weights:last`,
    /** String: the weight setter's state JSON (workers/validator/src/weights/setter-state.ts). */
    weightSetter: `${p}weights:setter`,
    /** String lock (token, compare-and-delete) so only one weights cron tick touches the chain at a time. */
    weightsLock: `${p}lock:weights`,
    /** Counter per API key hash and window. */
    rateLimit: (keyHash: string, window: number) => `${p}ratelimit:${keyHash}:${window}`,
  };
}

/** TTLs and bounds, in one place. */
export const STATE_LIMITS = {
  /** A round's hash outlives the round long enough to debug it. */
  roundTtlSeconds: 24 * 3600,
  /** The plan lock expires on its own if a cron dies while holding it. */
  planLockMs: 60_000,
  /** The weights lock expires on its own if a tick dies holding it (a tick is bounded well below this). */
  weightsLockMs: 120_000,
  /** Rounds kept in the recent list. */
  recentRounds: 50,
  /** Per-miner history entries kept in its record. */
  historyLength: 32,
} as const;
