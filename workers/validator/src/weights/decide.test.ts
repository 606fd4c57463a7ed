import { describe, expect, it } from "vitest";
import type { ChainView } from "./chain-view";
import { type DecideOptions, decide } from "./decide";
import { initialSetterState, type SetterState, type Submission } from "./setter-state";

const opts: DecideOptions = { intervalBlocks: 0, commitReveal: "auto", chainRevealGraceEpochs: 2 };
const w = { uids: [1, 2], values: [65535, 100] };

function view(over: Partial<ChainView> = {}): ChainView {
  return {
    block: 100,
    netuid: 1,
    self: { kind: "registered", uid: 3, lastUpdate: 50, validatorPermit: true },
    tempo: 10,
    weightsRateLimit: 0,
    commitRevealEnabled: false,
    revealPeriodEpochs: 1,
    timelockedCall: "commit_crv3_weights",
    timelockedPayload: "weights-only",
    storedWeights: { uids: [], values: [] },
    ...over,
  };
}

const submission: Submission = {
  call: "set_weights",
  txHash: "0xaa",
  txHex: "0xbb",
  nonce: 7,
  signedAtBlock: 90,
  expiresAfterBlock: 154,
  sentAt: 0,
  uid: 3,
  versionKey: "1000",
  weights: w,
};
const submitted = (s: Submission = submission): SetterState => ({
  ...initialSetterState(),
  phase: { kind: "submitted", submission: s },
});

describe("decide: when idle", () => {
  it("submits set_weights when due and commit-reveal is off", () => {
    expect(decide(initialSetterState(), view(), 0, opts)).toEqual({
      kind: "submit",
      call: "set_weights",
      uid: 3,
    });
  });
  it("waits for WeightsSetRateLimit against LastUpdate instead of sending what the chain refuses", () => {
    expect(decide(initialSetterState(), view({ weightsRateLimit: 100 }), 0, opts)).toEqual({
      kind: "wait",
      reason: "rate_limited",
      untilBlock: 150,
    });
  });
  it("sets at most once per tempo (or the configured interval) once weights are on chain", () => {
    const v = view({
      storedWeights: w,
      self: { kind: "registered", uid: 3, lastUpdate: 95, validatorPermit: true },
    });
    expect(decide(initialSetterState(), v, 0, opts)).toEqual({
      kind: "wait",
      reason: "not_due",
      untilBlock: 105,
    });
    expect(decide(initialSetterState(), v, 0, { ...opts, intervalBlocks: 3 }).kind).toBe("submit");
  });
  it("picks the timelocked call with commit-reveal on, or the v2 hash when configured or not offered", () => {
    const cr = view({ commitRevealEnabled: true });
    expect(decide(initialSetterState(), cr, 0, opts)).toMatchObject({ call: "commit_crv3_weights" });
    expect(decide(initialSetterState(), cr, 0, { ...opts, commitReveal: "hash" })).toMatchObject({
      call: "commit_weights",
    });
    expect(decide(initialSetterState(), { ...cr, timelockedCall: null }, 0, opts)).toMatchObject({
      call: "commit_weights",
    });
  });
  it("does nothing when the hotkey holds no uid", () => {
    expect(decide(initialSetterState(), view({ self: { kind: "unregistered" } }), 0, opts)).toEqual({
      kind: "wait",
      reason: "not_registered",
    });
  });
});

describe("decide: with a pending submission (never a second one)", () => {
  it("waits while the transaction is in the pool", () => {
    expect(decide(submitted(), view({ submission: { kind: "inPool" } }), 0, opts)).toMatchObject({
      kind: "wait",
      reason: "in_pool",
    });
  });
  it("re-broadcasts the same signed bytes when it is nowhere, until it expires", () => {
    expect(decide(submitted(), view({ submission: { kind: "notFound" } }), 0, opts)).toEqual({
      kind: "rebroadcast",
      submission,
    });
    expect(
      decide(submitted(), view({ block: 155, submission: { kind: "notFound" } }), 0, opts),
    ).toMatchObject({
      kind: "settle",
      outcome: { kind: "expired", reason: "mortality" },
    });
  });
  it("confirms only when the stored weights are the submitted ones", () => {
    const included = { kind: "included", block: 91, error: null } as const;
    expect(decide(submitted(), view({ submission: included, storedWeights: w }), 0, opts)).toEqual({
      kind: "settle",
      outcome: { kind: "confirmed", call: "set_weights", block: 91 },
      next: { kind: "idle" },
    });
    expect(decide(submitted(), view({ submission: included }), 0, opts)).toMatchObject({
      outcome: { kind: "lost", reason: "effect_missing" },
    });
  });
  it("records a dispatch error by name", () => {
    const v = view({ submission: { kind: "included", block: 91, error: "SettingWeightsTooFast" } });
    expect(decide(submitted(), v, 0, opts)).toMatchObject({
      outcome: { kind: "rejected", stage: "dispatch", error: "SettingWeightsTooFast", block: 91 },
    });
  });
  it("says so when the nonce went to another transaction", () => {
    expect(decide(submitted(), view({ submission: { kind: "nonceUsed" } }), 0, opts)).toMatchObject({
      outcome: { kind: "lost", reason: "nonce_used_elsewhere" },
    });
  });
});

describe("decide: commit-reveal v2 epochs", () => {
  // netuid 1, tempo 10: epoch(b) = (b + 2) / 11; a commit at block 20 is in epoch 2, revealed in epoch 3.
  const commit = {
    uid: 3,
    versionKey: "1000",
    weights: w,
    salt: [1, 2],
    commitHash: "0x01",
    commitBlock: 20,
  };
  const state: SetterState = { ...initialSetterState(), phase: { kind: "committed", commit } };
  it("waits for the reveal epoch, reveals in it, and expires after it", () => {
    expect(decide(state, view({ block: 25, commitPresent: true }), 0, opts)).toEqual({
      kind: "wait",
      reason: "reveal_window",
      untilBlock: 31,
    });
    expect(decide(state, view({ block: 31, commitPresent: true }), 0, opts)).toEqual({
      kind: "reveal",
      commit,
    });
    expect(decide(state, view({ block: 42, commitPresent: true }), 0, opts)).toMatchObject({
      outcome: { kind: "expired", reason: "reveal_window" },
    });
  });
});
