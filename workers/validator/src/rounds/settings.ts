import type {
  AllocationStrategy,
  BlendWeights,
  ClassificationWeights,
  LatencyPolicy,
  NothingScoredPolicy,
} from "../../../../shared/src/scoring";

/** Everything a round reads from config, already parsed and typed (see env.ts). */
export type RoundSettings = {
  timeoutMs: number;
  maxResponseBytes: number;
  /** Mean requests per miner per round (the evaluation budget); each miner gets 1..6. */
  tasksPerMiner: number;
  maxMinersPerRound: number;
  allocation: AllocationStrategy;
  metagraphRefreshBlocks: number;
  /** How long after the timeout a round may wait for its last batches before it is finalized partially. */
  finalizeGraceMs: number;
  qualityAlpha: number;
  trustAlpha: number;
  honeypotPenalty: number;
  blend: BlendWeights;
  latency: LatencyPolicy;
  classification: ClassificationWeights;
  nothingScored: NothingScoredPolicy;
};
