import type { ApiPromise } from "@polkadot/api";

/** Which calls this runtime offers, read from its metadata (mainnet runs newer runtimes than spec 293). */
export interface RuntimeFeatures {
  specVersion: number;
  /** `set_mechanism_weights(netuid, mecid, ...)` on runtimes with mechanisms, else `set_weights`. */
  setWeights: "set_mechanism_weights" | "set_weights";
  /** Timelocked (commit-reveal v3) commit call, if any. */
  timelockedCommit: "commit_timelocked_weights" | "commit_crv3_weights" | null;
  /** Whether transactions carry ChargeTransactionPaymentWrapper instead of ChargeTransactionPayment. */
  paymentWrapper: boolean;
}

/** Reads the runtime's features from the connected API's metadata. */
export function runtimeFeatures(api: ApiPromise): RuntimeFeatures {
  const tx = api.tx.subtensorModule ?? {};
  return {
    specVersion: api.runtimeVersion.specVersion.toNumber(),
    setWeights: "setMechanismWeights" in tx ? "set_mechanism_weights" : "set_weights",
    timelockedCommit:
      "commitTimelockedWeights" in tx
        ? "commit_timelocked_weights"
        : "commitCrv3Weights" in tx
          ? "commit_crv3_weights"
          : null,
    paymentWrapper: api.registry.signedExtensions.includes("ChargeTransactionPaymentWrapper"),
  };
}
