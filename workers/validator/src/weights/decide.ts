import { type ChainView, epochOf, firstBlockOfEpoch, sameWeights } from "./chain-view";
import type { HashCommit, Outcome, Phase, SetterState, Submission } from "./setter-state";

/** How the setter chooses; from config (weights-config.ts). */
export interface DecideOptions {
  /** Blocks between weight settings; 0 means once per tempo. The chain's rate limit applies on top. */
  intervalBlocks: number;
  /** With commit-reveal on: `auto` = timelocked when the runtime offers it, else v2 hash; `hash` = always v2. */
  commitReveal: "auto" | "hash";
  /** Epochs after a timelocked commit's reveal epoch before it is declared not revealed. */
  chainRevealGraceEpochs: number;
}

/** The calls that start a new weight submission. */
export type SubmitCall =
  | "set_weights"
  | "commit_weights"
  | "commit_crv3_weights"
  | "commit_timelocked_weights";

/** Why the setter does nothing this tick. */
export type WaitReason =
  | { reason: "rate_limited"; untilBlock: number }
  | { reason: "not_due"; untilBlock: number }
  | { reason: "in_pool"; txHash: string }
  | { reason: "reveal_window"; untilBlock: number }
  | { reason: "chain_reveal"; revealRound: number; revealEpochStartsAt: number }
  | { reason: "not_registered" };

/** What one step of a tick should do. `settle` records an outcome and moves on; the rest touch the chain. */
export type Action =
  | { kind: "settle"; outcome: Outcome; next: Phase }
  | ({ kind: "wait" } & WaitReason)
  | { kind: "submit"; call: SubmitCall; uid: number }
  | { kind: "reveal"; commit: HashCommit }
  | { kind: "rebroadcast"; submission: Submission };

/**
 * The weight setter's decision, a pure function of its stored state and one chain snapshot
 * (docs/weights.md has the diagram). A pending submission is always resolved from chain state before
 * anything new is sent, so a tick that died after broadcasting never causes a second submission.
 */
export function decide(state: SetterState, view: ChainView, _now: number, opts: DecideOptions): Action {
  switch (state.phase.kind) {
    case "submitted":
      return decideSubmitted(state.phase.submission, view);
    case "committed":
      return decideCommitted(state.phase.commit, view);
    case "awaitingChainReveal": {
      const c = state.phase.commit;
      if (sameWeights(view.storedWeights, c.weights) && view.self.kind === "registered") {
        return settle({ kind: "confirmed", call: c.call, block: view.self.lastUpdate });
      }
      const revealEpoch = epochOf(c.commitBlock, view.netuid, view.tempo) + view.revealPeriodEpochs;
      if (epochOf(view.block, view.netuid, view.tempo) > revealEpoch + opts.chainRevealGraceEpochs) {
        return settle({ kind: "expired", call: c.call, reason: "chain_reveal" });
      }
      return {
        kind: "wait",
        reason: "chain_reveal",
        revealRound: c.revealRound,
        revealEpochStartsAt: firstBlockOfEpoch(revealEpoch, view.netuid, view.tempo),
      };
    }
    case "idle":
      return decideIdle(view, opts);
  }
}

function settle(outcome: Outcome, next: Phase = { kind: "idle" }): Action {
  return { kind: "settle", outcome, next };
}

function decideSubmitted(s: Submission, view: ChainView): Action {
  const check = view.submission ?? { kind: "notFound" };
  switch (check.kind) {
    case "inPool":
      return { kind: "wait", reason: "in_pool", txHash: s.txHash };
    case "notFound":
      // Unused nonce and not in the pool: the same signed bytes can only ever land once, so sending them
      // again is safe until they expire; after that a fresh submission is.
      if (view.block > s.expiresAfterBlock)
        return settle({ kind: "expired", call: s.call, reason: "mortality" });
      return { kind: "rebroadcast", submission: s };
    case "nonceUsed":
      return settle({ kind: "lost", call: s.call, reason: "nonce_used_elsewhere" });
    case "included":
      break;
  }
  const { block, error } = check;
  if (error !== null) return settle({ kind: "rejected", call: s.call, stage: "dispatch", error, block });
  switch (s.call) {
    case "set_weights":
    case "reveal_weights":
      return sameWeights(view.storedWeights, s.weights)
        ? settle({ kind: "confirmed", call: s.call, block })
        : settle({ kind: "lost", call: s.call, reason: "effect_missing" });
    case "commit_weights":
      if (!view.commitPresent) return settle({ kind: "lost", call: s.call, reason: "effect_missing" });
      return settle(
        { kind: "committed", call: s.call, block },
        {
          kind: "committed",
          commit: {
            uid: s.uid,
            versionKey: s.versionKey,
            weights: s.weights,
            salt: s.salt,
            commitHash: s.commitHash,
            commitBlock: block,
          },
        },
      );
    case "commit_crv3_weights":
    case "commit_timelocked_weights":
      // The chain may already have revealed it (its epoch passed with the pulse present).
      if (!view.commitPresent && sameWeights(view.storedWeights, s.weights)) {
        return settle({ kind: "confirmed", call: s.call, block });
      }
      if (!view.commitPresent) return settle({ kind: "lost", call: s.call, reason: "effect_missing" });
      return settle(
        { kind: "committed", call: s.call, block },
        {
          kind: "awaitingChainReveal",
          commit: {
            call: s.call,
            uid: s.uid,
            versionKey: s.versionKey,
            weights: s.weights,
            revealRound: s.revealRound,
            commitHex: s.commitHex,
            commitBlock: block,
          },
        },
      );
  }
}

function decideCommitted(c: HashCommit, view: ChainView): Action {
  const revealEpoch = epochOf(c.commitBlock, view.netuid, view.tempo) + view.revealPeriodEpochs;
  const epoch = epochOf(view.block, view.netuid, view.tempo);
  if (epoch > revealEpoch)
    return settle({ kind: "expired", call: "commit_weights", reason: "reveal_window" });
  if (!view.commitPresent) return settle({ kind: "lost", call: "commit_weights", reason: "commit_gone" });
  if (epoch < revealEpoch) {
    return {
      kind: "wait",
      reason: "reveal_window",
      untilBlock: firstBlockOfEpoch(revealEpoch, view.netuid, view.tempo),
    };
  }
  return { kind: "reveal", commit: c };
}

function decideIdle(view: ChainView, opts: DecideOptions): Action {
  if (view.self.kind === "unregistered") return { kind: "wait", reason: "not_registered" };
  const { uid, lastUpdate } = view.self;
  // SettingWeightsTooFast is checked by the chain against LastUpdate; never send what it must refuse.
  if (view.block - lastUpdate < view.weightsRateLimit) {
    return { kind: "wait", reason: "rate_limited", untilBlock: lastUpdate + view.weightsRateLimit };
  }
  const interval = opts.intervalBlocks > 0 ? opts.intervalBlocks : view.tempo;
  const hasWeights = view.storedWeights.uids.length > 0;
  if (hasWeights && view.block - lastUpdate < interval) {
    return { kind: "wait", reason: "not_due", untilBlock: lastUpdate + interval };
  }
  if (!view.commitRevealEnabled) return { kind: "submit", call: "set_weights", uid };
  if (opts.commitReveal === "auto" && view.timelockedCall)
    return { kind: "submit", call: view.timelockedCall, uid };
  return { kind: "submit", call: "commit_weights", uid };
}
