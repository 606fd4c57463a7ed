import type { ApiPromise } from "@polkadot/api";
import type { TimelockPayloadLayout } from "../timelock/payload";

/** A runtime's timelocked commit call. */
export type TimelockedCommitCall = "commit_timelocked_weights" | "commit_crv3_weights";

/** Which calls this runtime offers, read from its metadata (mainnet runs newer runtimes than spec 293). */
export interface RuntimeFeatures {
  specVersion: number;
  /** `set_mechanism_weights(netuid, mecid, ...)` on runtimes with mechanisms, else `set_weights`. */
  setWeights: "set_mechanism_weights" | "set_weights";
  /** Timelocked (commit-reveal v3) commit call, if any. */
  timelockedCommit: TimelockedCommitCall | null;
  /** The payload layout the runtime decodes at reveal time (timelockedPayloadLayout), if it has the call. */
  timelockedPayload: TimelockPayloadLayout | null;
  /** Whether transactions carry ChargeTransactionPaymentWrapper instead of ChargeTransactionPayment. */
  paymentWrapper: boolean;
}

/**
 * The timelocked payload layout of a runtime, keyed by its timelocked call. The payload type is not in the
 * metadata, so the call stands for it: runtimes with only `commit_crv3_weights` (spec 293 .. 300) decode
 * `weights-only` and drop anything else at reveal; `commit_timelocked_weights` arrived (spec 301) with the
 * `hotkey` field, checked against the committer.
 */
export function timelockedPayloadLayout(call: TimelockedCommitCall | null): TimelockPayloadLayout | null {
  if (call === "commit_timelocked_weights") return "with-hotkey";
  if (call === "commit_crv3_weights") return "weights-only";
  return null;
}

/** Reads the runtime's features from the connected API's metadata. */
export function runtimeFeatures(api: ApiPromise): RuntimeFeatures {
  const tx = api.tx.subtensorModule ?? {};
  const timelockedCommit: TimelockedCommitCall | null =
    "commitTimelockedWeights" in tx
      ? "commit_timelocked_weights"
      : "commitCrv3Weights" in tx
        ? "commit_crv3_weights"
        : null;
  return {
    specVersion: api.runtimeVersion.specVersion.toNumber(),
    setWeights: "setMechanismWeights" in tx ? "set_mechanism_weights" : "set_weights",
    timelockedCommit,
    timelockedPayload: timelockedPayloadLayout(timelockedCommit),
    paymentWrapper: api.registry.signedExtensions.includes("ChargeTransactionPaymentWrapper"),
  };
}
