import { clamp01 } from "./task-quality";

/** How validator-measured latency discounts quality (docs/scoring.md, "Latency"). */
export type LatencyPolicy = {
  /** Fraction of the timeout answered with no discount at all. Default 0.1. */
  graceFraction: number;
  /** The factor at exactly the timeout; answers after the timeout are timeouts and score 0. Default 0.5. */
  floor: number;
};

/** Default latency policy: full credit under 10% of the timeout, linearly down to 0.5 at the timeout. */
export const DEFAULT_LATENCY_POLICY: LatencyPolicy = { graceFraction: 0.1, floor: 0.5 };

/**
 * Latency factor in [floor, 1]: 1 up to `graceFraction * timeout`, then linear down to `floor` at the
 * timeout. Measured by the validator from send to last body byte; a miner's own timing is never trusted.
 */
export function latencyFactor(
  latencyMs: number,
  timeoutMs: number,
  policy: LatencyPolicy = DEFAULT_LATENCY_POLICY,
): number {
  if (!(timeoutMs > 0)) return policy.floor;
  const grace = policy.graceFraction * timeoutMs;
  if (latencyMs <= grace) return 1;
  const t = clamp01((latencyMs - grace) / (timeoutMs - grace));
  return 1 - (1 - policy.floor) * t;
}
