/**
 * Which drand round a commit-reveal v3 commit should be encrypted to: the round that will be out shortly
 * after the subnet's reveal epoch starts. Legacy epoch arithmetic, as the Python SDK computes it.
 * @see /work/shared/docs/chain.md ("reveal_round")
 */
import { QUICKNET_GENESIS_SECONDS, QUICKNET_PERIOD_SECONDS } from "./drand";

/** What the reveal round depends on. */
export interface RevealRoundInput {
  /** Current block. */
  block: number;
  /** Subnet id. */
  netuid: number;
  /** Subnet tempo (blocks). */
  tempo: number;
  /** RevealPeriodEpochs of the subnet. */
  revealPeriodEpochs: number;
  /** Seconds per block (12 on mainnet). */
  blockTimeSeconds: number;
  /** Now, unix seconds. */
  nowSeconds: number;
}

/**
 * epoch = (block + netuid + 1) / (tempo + 1); first reveal block = (epoch + period) * (tempo + 1) - (netuid + 1);
 * round = max(1, floor((now + (first reveal block + 3 - block) * block time - genesis) / 3)).
 */
export function computeRevealRound(x: RevealRoundInput): number {
  for (const [k, v] of Object.entries(x)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`${k} must be a non-negative number, got ${v}`);
  }
  const tempoPlusOne = x.tempo + 1;
  const netuidPlusOne = x.netuid + 1;
  const epoch = Math.floor((x.block + netuidPlusOne) / tempoPlusOne);
  const revealEpoch = epoch + x.revealPeriodEpochs;
  const firstRevealBlock = revealEpoch * tempoPlusOne - netuidPlusOne;
  const seconds = Math.max(0, firstRevealBlock + 3 - x.block) * x.blockTimeSeconds;
  const round = Math.floor((x.nowSeconds + seconds - QUICKNET_GENESIS_SECONDS) / QUICKNET_PERIOD_SECONDS);
  return Math.max(1, round);
}
