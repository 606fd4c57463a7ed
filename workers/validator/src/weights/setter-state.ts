import { z } from "zod";

/**
 * The weight setter's persisted state (one JSON value in Upstash, see docs/weights.md). Every state and
 * outcome is a tagged union, so an impossible combination (a commit without its salt, a confirmation
 * without a block) cannot be written.
 */

const u16 = z.number().int().min(0).max(65_535);
const block = z.number().int().min(0);
const hex = z.string().regex(/^0x[0-9a-f]*$/);

/** u16 uids and values exactly as sent to the chain. */
export const emitWeightsSchema = z.object({ uids: z.array(u16), values: z.array(u16) });
export type EmitWeightsRecord = z.infer<typeof emitWeightsSchema>;

/** What every signed transaction carries, persisted BEFORE it is broadcast. */
const sentTx = {
  /** Blake2 hash of the signed extrinsic: how it is found in blocks and in the pool. */
  txHash: hex,
  /** The signed bytes: re-broadcasting them is idempotent (same nonce, same hash). */
  txHex: hex,
  nonce: z.number().int().min(0),
  signedAtBlock: block,
  /** Mortality: after this block it can never be included. */
  expiresAfterBlock: block,
  sentAt: z.number(),
  uid: u16,
  /** u64 as a decimal string. */
  versionKey: z.string().regex(/^\d+$/),
  weights: emitWeightsSchema,
};

/** Which call a submission made. */
export const weightCallSchema = z.enum([
  "set_weights",
  "commit_weights",
  "reveal_weights",
  "commit_crv3_weights",
  "commit_timelocked_weights",
]);
export type WeightCall = z.infer<typeof weightCallSchema>;

/** A transaction in flight, by call. */
export const submissionSchema = z.discriminatedUnion("call", [
  z.object({ call: z.literal("set_weights"), ...sentTx }),
  z.object({ call: z.literal("commit_weights"), ...sentTx, salt: z.array(u16), commitHash: hex }),
  z.object({
    call: z.literal("reveal_weights"),
    ...sentTx,
    salt: z.array(u16),
    commitHash: hex,
    commitBlock: block,
  }),
  z.object({
    call: z.enum(["commit_crv3_weights", "commit_timelocked_weights"]),
    ...sentTx,
    revealRound: z.number().int().min(1),
    /** The ciphertext as committed, to find it in the chain's commit queue. */
    commitHex: hex,
  }),
]);
export type Submission = z.infer<typeof submissionSchema>;

/** A v2 commit on chain, waiting for its reveal epoch. */
export const hashCommitSchema = z.object({
  uid: u16,
  versionKey: z.string().regex(/^\d+$/),
  weights: emitWeightsSchema,
  salt: z.array(u16),
  commitHash: hex,
  commitBlock: block,
});
export type HashCommit = z.infer<typeof hashCommitSchema>;

/** A timelocked commit on chain, waiting for the chain to decrypt and apply it. */
export const timelockedCommitSchema = z.object({
  call: z.enum(["commit_crv3_weights", "commit_timelocked_weights"]),
  uid: u16,
  versionKey: z.string().regex(/^\d+$/),
  weights: emitWeightsSchema,
  revealRound: z.number().int().min(1),
  commitHex: hex,
  commitBlock: block,
});
export type TimelockedCommit = z.infer<typeof timelockedCommitSchema>;

/** Where the setter stands between ticks. */
export const phaseSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("idle") }),
  z.object({ kind: z.literal("submitted"), submission: submissionSchema }),
  z.object({ kind: z.literal("committed"), commit: hashCommitSchema }),
  z.object({ kind: z.literal("awaitingChainReveal"), commit: timelockedCommitSchema }),
]);
export type Phase = z.infer<typeof phaseSchema>;

/** What became of a submission, known only from chain state. */
export const outcomeSchema = z.discriminatedUnion("kind", [
  /** Weights are in SubtensorModule.Weights (set, revealed by us, or revealed by the chain). */
  z.object({ kind: z.literal("confirmed"), call: weightCallSchema, block }),
  /** A commit is in the chain's commit storage; the weights are not set yet. */
  z.object({ kind: z.literal("committed"), call: weightCallSchema, block }),
  /** Refused: by the transaction pool (`1010 ... Custom(n)`) or in the block (a dispatch error). */
  z.object({
    kind: z.literal("rejected"),
    call: weightCallSchema,
    stage: z.enum(["pool", "dispatch"]),
    error: z.string(),
    block: block.optional(),
  }),
  /** Never applied: the transaction outlived its mortality, or a commit its reveal window. */
  z.object({
    kind: z.literal("expired"),
    call: weightCallSchema,
    reason: z.enum(["mortality", "reveal_window", "chain_reveal"]),
  }),
  /** Included (or its nonce used) without the expected effect on chain. */
  z.object({
    kind: z.literal("lost"),
    call: weightCallSchema,
    reason: z.enum(["nonce_used_elsewhere", "effect_missing", "commit_gone"]),
  }),
]);
export type Outcome = z.infer<typeof outcomeSchema>;

/** An outcome with when it was recorded. */
export const recordedOutcomeSchema = z.object({ at: z.number(), outcome: outcomeSchema });
export type RecordedOutcome = z.infer<typeof recordedOutcomeSchema>;

/** What the last tick did, for /v1/status. */
export const lastTickSchema = z.object({
  at: z.number(),
  block: block.nullable(),
  /** The action kind (`submit`, `wait`, `idle`, `settle`, ...) or `error`. */
  action: z.string(),
  detail: z.string(),
});
export type LastTick = z.infer<typeof lastTickSchema>;

/** Everything the setter keeps across ticks. */
export const setterStateSchema = z.object({
  phase: phaseSchema,
  lastTick: lastTickSchema.nullable(),
  lastOutcome: recordedOutcomeSchema.nullable(),
  /** The last confirmation: weights really on chain. */
  lastConfirmed: recordedOutcomeSchema.nullable(),
  /** Recent outcomes, newest first, bounded by HISTORY_LENGTH. */
  history: z.array(recordedOutcomeSchema),
  /** Transactions broadcast (first sends and re-broadcasts), for operators and tests. */
  broadcasts: z.number().int().min(0),
});
export type SetterState = z.infer<typeof setterStateSchema>;

/** Outcomes kept in the state's history. */
export const HISTORY_LENGTH = 20;

/** The state of a setter that has never run. */
export function initialSetterState(): SetterState {
  return {
    phase: { kind: "idle" },
    lastTick: null,
    lastOutcome: null,
    lastConfirmed: null,
    history: [],
    broadcasts: 0,
  };
}

/** Records an outcome (and a confirmation) and moves to `next`. Pure. */
export function withOutcome(state: SetterState, outcome: Outcome, next: Phase, at: number): SetterState {
  const recorded = { at, outcome };
  return {
    ...state,
    phase: next,
    lastOutcome: recorded,
    lastConfirmed: outcome.kind === "confirmed" ? recorded : state.lastConfirmed,
    history: [recorded, ...state.history].slice(0, HISTORY_LENGTH),
  };
}
