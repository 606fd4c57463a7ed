import type { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import {
  type ChainError,
  decodeChainError,
  type ErrorRegistry,
} from "../../../../shared/src/chain/chain-errors";
import { connectChain } from "../../../../shared/src/chain/connect";
import {
  buildCommitWeights,
  buildRevealWeights,
  buildSetWeights,
  type Extrinsic,
} from "../../../../shared/src/chain/extrinsics";
import { readMetagraph } from "../../../../shared/src/chain/metagraph";
import { runtimeFeatures } from "../../../../shared/src/chain/runtime-features";
import { type ChainAccount, pairAccount } from "../../../../shared/src/chain/signer";
import type { HotkeyPair } from "../../../../shared/src/keys/hotkey-pair";
import { type ChainView, epochOf, type SubmissionCheck } from "./chain-view";
import type { Phase, Submission } from "./setter-state";

/** What building weights needs from the subnet, read with the view. */
export interface SubnetForWeights {
  n: number;
  hotkeys: string[];
  minAllowedWeights: number;
  /** MaxWeightsLimit on the u16 scale. */
  maxWeightsLimit: number;
  ownerUid: number | null;
}

/** A call to sign, with its arguments. */
export type SignedCall =
  | { call: "set_weights"; uids: number[]; values: number[]; versionKey: bigint }
  | { call: "commit_weights"; commitHash: Uint8Array }
  | { call: "reveal_weights"; uids: number[]; values: number[]; salt: number[]; versionKey: bigint }
  | { call: "commit_crv3_weights" | "commit_timelocked_weights"; commit: Uint8Array; revealRound: number };

/** A signed transaction, not yet broadcast. */
export interface SignedTx {
  txHash: `0x${string}`;
  txHex: `0x${string}`;
  nonce: number;
  signedAtBlock: number;
  expiresAfterBlock: number;
}

/** What the pool said to a broadcast. */
export type BroadcastResult =
  | { kind: "accepted" }
  | { kind: "alreadyKnown" }
  | { kind: "rejected"; error: ChainError };

/** One tick's connection to the chain, as the weight setter uses it. */
export interface WeightsChainSession {
  /** Reads the snapshot `decide` needs for `phase`, plus what building weights needs. */
  readView(phase: Phase): Promise<{ view: ChainView; subnet: SubnetForWeights }>;
  /** The next nonce of our hotkey (pool included). */
  nextNonce(): Promise<number>;
  /** Signs (through pairAccount) a mortal transaction without sending it. */
  sign(call: SignedCall, nonce: number): Promise<SignedTx>;
  /** Hands signed bytes to the pool; never throws for the pool's refusals. */
  broadcast(txHex: string): Promise<BroadcastResult>;
  close(): Promise<void>;
}

/** Opens a session per tick; `unreachable` names the endpoints that failed. */
export type WeightsChainConnector = () => Promise<
  { kind: "connected"; session: WeightsChainSession } | { kind: "unreachable"; detail: string }
>;

/** Mortality of setter transactions in blocks (~13 minutes at 12 s): a lost one expires before the next tick. */
export const MORTAL_PERIOD = 64;
/** Most blocks scanned to find where a pending transaction landed. */
const MAX_SCAN_BLOCKS = MORTAL_PERIOD + 8;
/** Most epochs searched for a timelocked commit. */
const MAX_COMMIT_EPOCHS = 4;

/** The connector over @polkadot/api: endpoints with failover (connectChain), our hotkey, one netuid. */
export function polkadotWeightsChain(opts: {
  endpoints: readonly string[];
  timeoutMs: number;
  netuid: number;
  hotkey: HotkeyPair;
}): WeightsChainConnector {
  return async () => {
    const c = await connectChain({ endpoints: opts.endpoints, timeoutMs: opts.timeoutMs });
    if (c.kind === "unreachable") {
      return { kind: "unreachable", detail: c.attempts.map((a) => `${a.endpoint}: ${a.error}`).join("; ") };
    }
    return { kind: "connected", session: new PolkadotSession(c.api, opts.netuid, opts.hotkey) };
  };
}

// biome-ignore lint/suspicious/noExplicitAny: storage and calls are decorated from metadata at run time
type Any = any;

class PolkadotSession implements WeightsChainSession {
  private readonly account: ChainAccount;
  private readonly address: string;

  constructor(
    private readonly api: ApiPromise,
    private readonly netuid: number,
    hotkey: HotkeyPair,
  ) {
    const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromPair({
      publicKey: hotkey.publicKey,
      secretKey: hotkey.secretKey,
    });
    this.account = pairAccount(pair, api);
    this.address = pair.address;
  }

  async readView(phase: Phase): Promise<{ view: ChainView; subnet: SubnetForWeights }> {
    const read = await readMetagraph(this.api, this.netuid);
    if (read.kind === "noSubnet") throw new Error(`subnet ${this.netuid} does not exist`);
    const m = read.metagraph;
    const at: Any = await this.api.at(await this.api.rpc.chain.getBlockHash(m.block));
    const sub = at.query.subtensorModule;
    const uid = m.hotkeys.indexOf(this.address as never);
    const self: ChainView["self"] =
      uid < 0
        ? { kind: "unregistered" }
        : {
            kind: "registered",
            uid,
            lastUpdate: m.lastUpdate[uid] ?? 0,
            validatorPermit: m.validatorPermit[uid] ?? false,
          };
    const row = uid < 0 ? [] : ((await sub.weights(this.netuid, uid)).toJSON() as [number, number][]);
    const features = runtimeFeatures(this.api);
    const view: ChainView = {
      block: m.block,
      netuid: this.netuid,
      self,
      tempo: m.hyperparams.tempo,
      weightsRateLimit: m.hyperparams.weightsRateLimit,
      commitRevealEnabled: m.hyperparams.commitRevealWeightsEnabled,
      revealPeriodEpochs: m.hyperparams.commitRevealPeriod,
      timelockedCall: features.timelockedCommit,
      timelockedPayload: features.timelockedPayload,
      storedWeights: { uids: row.map(([u]) => u), values: row.map(([, v]) => v) },
    };
    if (phase.kind === "submitted")
      view.submission = await this.checkSubmission(at, phase.submission, m.block);
    const commit = commitToFind(phase);
    if (commit) view.commitPresent = await this.findCommit(at, commit, m.block, view.tempo);
    return {
      view,
      subnet: {
        n: m.n,
        hotkeys: m.hotkeys,
        minAllowedWeights: m.hyperparams.minAllowedWeights,
        maxWeightsLimit: m.hyperparams.maxWeightsLimit,
        ownerUid: m.hyperparams.ownerUid,
      },
    };
  }

  async nextNonce(): Promise<number> {
    return (await this.api.rpc.system.accountNextIndex(this.address)).toNumber();
  }

  async sign(call: SignedCall, nonce: number): Promise<SignedTx> {
    const tx = this.build(call);
    const head = (await this.api.rpc.chain.getHeader()).number.toNumber();
    await tx.signAsync(this.address, { signer: this.account.signer, nonce, era: MORTAL_PERIOD });
    return {
      txHash: tx.hash.toHex(),
      txHex: tx.toHex(),
      nonce,
      signedAtBlock: head,
      expiresAfterBlock: head + MORTAL_PERIOD,
    };
  }

  async broadcast(txHex: string): Promise<BroadcastResult> {
    try {
      await this.api.rpc.author.submitExtrinsic(txHex);
      return { kind: "accepted" };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/already imported|temporarily banned/i.test(message)) return { kind: "alreadyKnown" };
      return { kind: "rejected", error: decodeChainError(e) };
    }
  }

  async close(): Promise<void> {
    await this.api.disconnect();
  }

  private build(c: SignedCall): Extrinsic {
    const netuid = this.netuid;
    const pallet: Any = this.api.tx.subtensorModule;
    switch (c.call) {
      case "set_weights":
        return buildSetWeights(this.api, {
          netuid,
          uids: c.uids,
          values: c.values,
          versionKey: c.versionKey,
        });
      case "commit_weights":
        return buildCommitWeights(this.api, { netuid, commitHash: c.commitHash });
      case "reveal_weights":
        return buildRevealWeights(this.api, { netuid, ...c });
      // Hex, not a Uint8Array: @polkadot/types reads a Uint8Array given for `Bytes` as already
      // length-prefixed and would cut the ciphertext to whatever its first byte says.
      case "commit_crv3_weights":
        return pallet.commitCrv3Weights(netuid, u8aToHex(c.commit), c.revealRound);
      case "commit_timelocked_weights":
        // Newer runtimes check the payload version against CommitRevealWeightsVersion (default 4).
        return pallet.commitTimelockedWeights(netuid, u8aToHex(c.commit), c.revealRound, 4);
    }
  }

  /** Where a submission is: its nonce on chain, then its block (scanned by hash) or the pool. */
  private async checkSubmission(at: Any, s: Submission, head: number): Promise<SubmissionCheck> {
    const nonce = Number((await at.query.system.account(this.address)).nonce.toString());
    if (nonce <= s.nonce) {
      const pool = await this.api.rpc.author.pendingExtrinsics();
      return pool.some((x) => x.hash.toHex() === s.txHash) ? { kind: "inPool" } : { kind: "notFound" };
    }
    const last = Math.min(head, s.expiresAfterBlock + 1, s.signedAtBlock + MAX_SCAN_BLOCKS);
    for (let n = s.signedAtBlock; n <= last; n++) {
      const hash = await this.api.rpc.chain.getBlockHash(n);
      const block = await this.api.rpc.chain.getBlock(hash);
      const index = block.block.extrinsics.findIndex((x) => x.hash.toHex() === s.txHash);
      if (index < 0) continue;
      const events = ((await (await this.api.at(hash)).query.system?.events?.()) ?? []) as unknown as Any[];
      for (const { phase, event } of events) {
        if (!phase.isApplyExtrinsic || phase.asApplyExtrinsic.toNumber() !== index) continue;
        if (event.section === "system" && event.method === "ExtrinsicFailed") {
          const err = decodeChainError(event.data[0], this.api.registry as unknown as ErrorRegistry);
          return { kind: "included", block: n, error: errorName(err) };
        }
      }
      return { kind: "included", block: n, error: null };
    }
    return { kind: "nonceUsed" };
  }

  private async findCommit(at: Any, c: CommitToFind, head: number, tempo: number): Promise<boolean> {
    const sub = at.query.subtensorModule;
    if (c.kind === "hash") {
      const entries = ((await sub.weightCommits(this.netuid, this.address)).toJSON() ?? []) as unknown[][];
      return entries.some((e) => String(e[0]).toLowerCase() === c.commitHash);
    }
    const storage = sub.timelockedWeightCommits ?? sub.crv3WeightCommits;
    if (!storage) return false;
    const last = epochOf(head, this.netuid, tempo);
    const first = Math.max(epochOf(c.fromBlock, this.netuid, tempo), last - MAX_COMMIT_EPOCHS);
    for (let epoch = first; epoch <= last; epoch++) {
      const entries = ((await storage(this.netuid, epoch)).toJSON() ?? []) as unknown[][];
      if (entries.some((e) => e[0] === this.address && String(e[1]).toLowerCase() === c.commitHex))
        return true;
    }
    return false;
  }
}

type CommitToFind =
  | { kind: "hash"; commitHash: string }
  | { kind: "timelocked"; commitHex: string; fromBlock: number };

function commitToFind(phase: Phase): CommitToFind | null {
  if (phase.kind === "committed") return { kind: "hash", commitHash: phase.commit.commitHash };
  if (phase.kind === "awaitingChainReveal") {
    return { kind: "timelocked", commitHex: phase.commit.commitHex, fromBlock: phase.commit.commitBlock };
  }
  if (phase.kind !== "submitted") return null;
  const s = phase.submission;
  if (s.call === "commit_weights") return { kind: "hash", commitHash: s.commitHash };
  if (s.call === "commit_crv3_weights" || s.call === "commit_timelocked_weights") {
    return { kind: "timelocked", commitHex: s.commitHex, fromBlock: s.signedAtBlock };
  }
  return null;
}

/** The short name of a chain error as the setter records it ("SettingWeightsTooFast"). */
export function errorName(e: ChainError): string {
  return e.kind === "unknown" ? `unknown: ${e.message.slice(0, 200)}` : e.name;
}
