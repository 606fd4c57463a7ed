import type { TimelockPayloadLayout } from "../../../../shared/src/timelock/payload";
import type { EmitWeightsRecord } from "./setter-state";

/** Where a pending transaction is, as read from the chain on a later tick. */
export type SubmissionCheck =
  /** In a block; `error` names its dispatch error (null: it succeeded). */
  | { kind: "included"; block: number; error: string | null }
  /** Still in the node's transaction pool. */
  | { kind: "inPool" }
  /** Nonce not used yet and not in the pool: dropped, or never sent (a crash before broadcast). */
  | { kind: "notFound" }
  /** The nonce was used, but not by this transaction. */
  | { kind: "nonceUsed" };

/** Who we are on the subnet. */
export type SelfOnSubnet =
  | { kind: "registered"; uid: number; lastUpdate: number; validatorPermit: boolean }
  | { kind: "unregistered" };

/**
 * Everything `decide` reads about the chain, in one snapshot taken at `block`. Read by
 * `WeightsChainSession.readView` for the state the setter is in (only what that state needs is checked).
 */
export interface ChainView {
  block: number;
  netuid: number;
  self: SelfOnSubnet;
  tempo: number;
  weightsRateLimit: number;
  commitRevealEnabled: boolean;
  revealPeriodEpochs: number;
  /** Which timelocked commit call the runtime offers (runtimeFeatures), if any. */
  timelockedCall: "commit_timelocked_weights" | "commit_crv3_weights" | null;
  /** The payload layout that runtime decodes at reveal (runtimeFeatures); null without a timelocked call. */
  timelockedPayload: TimelockPayloadLayout | null;
  /** Our row of SubtensorModule.Weights (empty when none). */
  storedWeights: EmitWeightsRecord;
  /** Only when a submission is pending. */
  submission?: SubmissionCheck;
  /** Only when a commit is pending or on chain: whether our commit is in the chain's commit storage. */
  commitPresent?: boolean;
}

/** Subtensor's epoch index of a block (legacy arithmetic, as commit-reveal uses it; docs/chain.md). */
export function epochOf(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/** First block of an epoch (inverse of `epochOf`). */
export function firstBlockOfEpoch(epoch: number, netuid: number, tempo: number): number {
  return epoch * (tempo + 1) - (netuid + 1);
}

/** Whether two u16 weight rows are the same (order as stored: by uid). */
export function sameWeights(a: EmitWeightsRecord, b: EmitWeightsRecord): boolean {
  const norm = (w: EmitWeightsRecord) =>
    w.uids
      .map((u, i) => [u, w.values[i] ?? -1] as const)
      .filter(([, v]) => v !== 0)
      .sort((x, y) => x[0] - y[0]);
  const x = norm(a);
  const y = norm(b);
  return x.length === y.length && x.every(([u, v], i) => y[i]?.[0] === u && y[i]?.[1] === v);
}
