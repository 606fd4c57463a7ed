import { bytesToHex } from "@noble/hashes/utils.js";
import { computeCommitHash } from "../../../../shared/src/chain/commit-hash";
import type { NothingScoredPolicy } from "../../../../shared/src/scoring";
import { encodeTimelockedPayload } from "../../../../shared/src/timelock/payload";
import { computeRevealRound } from "../../../../shared/src/timelock/reveal-round";
import type { MinerRecord } from "../state/records";
import { buildWeights } from "./build-weights";
import type { ChainView } from "./chain-view";
import { type Action, type DecideOptions, decide, type SubmitCall } from "./decide";
import {
  type HashCommit,
  initialSetterState,
  type LastTick,
  type SetterState,
  type Submission,
  withOutcome,
} from "./setter-state";
import type { WeightSetterStore } from "./setter-store";
import {
  errorName,
  type SignedCall,
  type SubnetForWeights,
  type WeightsChainConnector,
} from "./weights-chain";

/** Everything one tick of the setter uses; built in deps.ts. */
export interface WeightSetterDeps {
  store: WeightSetterStore;
  connect: WeightsChainConnector;
  /** The validator's stored per-uid scores (the miners hash). */
  loadScores(): Promise<ReadonlyMap<number, MinerRecord>>;
  hotkeyPublicKey: Uint8Array;
  /** Timelock-encrypts to a drand quicknet round (shared/src/timelock). */
  encrypt(plaintext: Uint8Array, revealRound: number): Uint8Array;
  netuid: number;
  versionKey: bigint;
  blockSeconds: number;
  nothingScored: NothingScoredPolicy;
  decide: DecideOptions;
  lockMs: number;
  /** Eight random u16s for a v2 commit; injectable for tests. */
  randomSalt?: () => number[];
}

/** What a tick did. */
export type TickReport =
  | { kind: "locked" }
  | { kind: "lockLost"; steps: string[] }
  | { kind: "unreachable"; detail: string }
  | { kind: "done"; steps: string[]; state: SetterState }
  | { kind: "error"; message: string; steps: string[] };

/** decide -> act rounds per tick: a settle is followed by a fresh decision (e.g. confirm, then wait). */
const MAX_STEPS = 3;

/**
 * One tick of the weight setter (the weights cron): take the single-flight lock, load the state, read the
 * chain, decide, act, and save; release the lock by compare-and-delete. A new transaction is signed and
 * its bytes, nonce and hash saved BEFORE it is broadcast; whether it worked is read from the chain on a
 * later tick. Never throws: failures are recorded in the state (`lastTick`) and returned.
 */
export async function runWeightSetterTick(deps: WeightSetterDeps, now: number): Promise<TickReport> {
  const token = crypto.randomUUID();
  if (!(await deps.store.acquireLock(token, deps.lockMs))) return { kind: "locked" };
  const steps: string[] = [];
  let state = initialSetterState();
  try {
    state = (await deps.store.load()) ?? state;
    const conn = await deps.connect();
    if (conn.kind === "unreachable") {
      await deps.store.save(token, tick(state, now, null, "error", `chain unreachable: ${conn.detail}`));
      return { kind: "unreachable", detail: conn.detail };
    }
    const session = conn.session;
    try {
      for (let i = 0; i < MAX_STEPS; i++) {
        const { view, subnet } = await session.readView(state.phase);
        const action = decide(state, view, now, deps.decide);
        steps.push(describe(action));
        if (action.kind === "settle") {
          state = tick(
            withOutcome(state, action.outcome, action.next, now),
            now,
            view.block,
            "settle",
            steps.at(-1) ?? "",
          );
          if (!(await deps.store.save(token, state))) return { kind: "lockLost", steps };
          continue;
        }
        if (action.kind === "wait") {
          state = tick(state, now, view.block, "wait", steps.at(-1) ?? "");
          break;
        }
        if (action.kind === "rebroadcast") {
          // A refusal here is not final (the transaction may be landing right now, or its nonce used):
          // the pending state stays until the chain shows the nonce used or the transaction expired.
          const sent = await session.broadcast(action.submission.txHex);
          const detail = sent.kind === "rejected" ? `refused ${errorName(sent.error)}` : sent.kind;
          state = { ...state, broadcasts: state.broadcasts + (sent.kind === "accepted" ? 1 : 0) };
          state = tick(state, now, view.block, "rebroadcast", `${steps.at(-1)}: ${detail}`);
          break;
        }
        const prepared =
          action.kind === "reveal"
            ? prepareReveal(action.commit)
            : prepareSubmit(deps, action, view, subnet, await deps.loadScores(), now);
        if (prepared.kind === "none") {
          state = tick(state, now, view.block, "idle", `no weights to set: ${prepared.reason}`);
          break;
        }
        const signed = await session.sign(prepared.call, await session.nextNonce());
        const submission = { ...prepared.record, ...signed, sentAt: now } as Submission;
        state = tick(
          { ...state, phase: { kind: "submitted", submission } },
          now,
          view.block,
          "submit",
          steps.at(-1) ?? "",
        );
        // Persisted before the broadcast: a crash from here on is resolved by reading the chain next tick.
        if (!(await deps.store.save(token, state))) return { kind: "lockLost", steps };
        const sent = await session.broadcast(signed.txHex);
        state = { ...state, broadcasts: state.broadcasts + 1 };
        if (sent.kind === "rejected") {
          const outcome = {
            kind: "rejected",
            call: submission.call,
            stage: "pool",
            error: errorName(sent.error),
          } as const;
          state = withOutcome(state, outcome, { kind: "idle" }, now);
        }
        break;
      }
      if (!(await deps.store.save(token, state))) return { kind: "lockLost", steps };
      return { kind: "done", steps, state };
    } finally {
      await session.close().catch(() => {});
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    await deps.store.save(token, tick(state, now, null, "error", message)).catch(() => false);
    return { kind: "error", message, steps };
  } finally {
    await deps.store.releaseLock(token).catch(() => false);
  }
}

function tick(
  state: SetterState,
  at: number,
  block: number | null,
  action: string,
  detail: string,
): SetterState {
  const lastTick: LastTick = { at, block, action, detail };
  return { ...state, lastTick };
}

/** A one-line description of an action, for logs and /v1/status. */
export function describe(a: Action): string {
  switch (a.kind) {
    case "settle": {
      const o = a.outcome;
      const what =
        o.kind === "rejected"
          ? `rejected ${o.error}`
          : o.kind === "expired" || o.kind === "lost"
            ? `${o.kind} ${o.reason}`
            : `${o.kind} at ${o.block}`;
      return `${o.call}: ${what}`;
    }
    case "wait":
      return `wait: ${a.reason}${"untilBlock" in a ? ` until block ${a.untilBlock}` : ""}${a.reason === "chain_reveal" ? ` (round ${a.revealRound}, epoch from block ${a.revealEpochStartsAt})` : ""}`;
    case "submit":
      return `submit ${a.call} as uid ${a.uid}`;
    case "reveal":
      return `reveal_weights committed at block ${a.commit.commitBlock}`;
    case "rebroadcast":
      return `rebroadcast ${a.submission.call} ${a.submission.txHash}`;
  }
}

/** A submission without what signing and sending add (distributed over the union). */
type SubmissionFields = Submission extends infer S
  ? S extends Submission
    ? Omit<S, "txHash" | "txHex" | "nonce" | "signedAtBlock" | "expiresAfterBlock" | "sentAt">
    : never
  : never;

type Prepared =
  | { kind: "none"; reason: string }
  | {
      kind: "call";
      call: SignedCall;
      record: SubmissionFields;
    };

function prepareReveal(c: HashCommit): Prepared {
  return {
    kind: "call",
    call: {
      call: "reveal_weights",
      uids: c.weights.uids,
      values: c.weights.values,
      salt: c.salt,
      versionKey: BigInt(c.versionKey),
    },
    record: {
      call: "reveal_weights",
      uid: c.uid,
      versionKey: c.versionKey,
      weights: c.weights,
      salt: c.salt,
      commitHash: c.commitHash,
      commitBlock: c.commitBlock,
    },
  };
}

function prepareSubmit(
  deps: WeightSetterDeps,
  action: { call: SubmitCall; uid: number },
  view: ChainView,
  subnet: SubnetForWeights,
  scores: ReadonlyMap<number, MinerRecord>,
  now: number,
): Prepared {
  const built = buildWeights(scores, subnet, { netuid: deps.netuid, block: view.block }, deps.nothingScored);
  if (built.kind === "none") return { kind: "none", reason: built.reason };
  const { uids, values } = built.weights;
  const base = { uid: action.uid, versionKey: deps.versionKey.toString(), weights: { uids, values } };
  switch (action.call) {
    case "set_weights":
      return {
        kind: "call",
        call: { call: "set_weights", uids, values, versionKey: deps.versionKey },
        record: { call: "set_weights", ...base },
      };
    case "commit_weights": {
      const salt = (deps.randomSalt ?? randomSalt)();
      const hash = computeCommitHash({
        hotkey: deps.hotkeyPublicKey,
        netuid: deps.netuid,
        uids,
        values,
        salt,
        versionKey: deps.versionKey,
      });
      return {
        kind: "call",
        call: { call: "commit_weights", commitHash: hash },
        record: { call: "commit_weights", ...base, salt, commitHash: `0x${bytesToHex(hash)}` },
      };
    }
    case "commit_crv3_weights":
    case "commit_timelocked_weights": {
      const revealRound = computeRevealRound({
        block: view.block,
        netuid: deps.netuid,
        tempo: view.tempo,
        revealPeriodEpochs: view.revealPeriodEpochs,
        blockTimeSeconds: deps.blockSeconds,
        nowSeconds: Math.floor(now / 1000),
      });
      // The layout the running runtime decodes (spec 293: no hotkey); a mismatch is dropped at reveal.
      const layout = view.timelockedPayload;
      if (!layout)
        throw new Error(`${action.call} chosen but the runtime reports no timelocked payload layout`);
      const payload = encodeTimelockedPayload({
        layout,
        hotkeyPublicKey: deps.hotkeyPublicKey,
        uids,
        values,
        versionKey: deps.versionKey,
      });
      const commit = deps.encrypt(payload, revealRound);
      return {
        kind: "call",
        call: { call: action.call, commit, revealRound },
        record: { call: action.call, ...base, revealRound, commitHex: `0x${bytesToHex(commit)}` },
      };
    }
  }
}

function randomSalt(): number[] {
  return Array.from(crypto.getRandomValues(new Uint16Array(8)));
}
