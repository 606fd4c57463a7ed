import type { ApiPromise } from "@polkadot/api";
import { type ChainError, decodeChainError, type ErrorRegistry } from "./chain-errors";
import type { Extrinsic } from "./extrinsics";
import type { ChainAccount } from "./signer";

/** The parts of @polkadot's ISubmittableResult read here (structural, see signer.ts on duplicate copies). */
interface StatusResult {
  status: {
    type: string;
    isInBlock: boolean;
    isFinalized: boolean;
    isInvalid: boolean;
    isDropped: boolean;
    isUsurped: boolean;
    asInBlock: { toHex(): string };
    asFinalized: { toHex(): string };
  };
  dispatchError?: unknown;
}

/** What became of a submitted extrinsic. */
export type SubmitOutcome =
  | { kind: "inBlock"; blockHash: string; blockNumber: number }
  | { kind: "dispatchError"; error: ChainError; blockHash: string; blockNumber: number }
  | { kind: "poolRejected"; error: ChainError }
  | { kind: "timeout"; afterMs: number };

/** Options of `submitAndWatch`. */
export interface SubmitOptions {
  /** Gives up (and stops watching) after this long; the transaction may still land later. */
  timeoutMs: number;
  /** Resolve on inclusion (default) or on finality. */
  waitFor?: "inBlock" | "finalized";
  /** Explicit nonce; default asks the node for the next one (pending pool included). */
  nonce?: number;
}

/**
 * Signs `tx` as `account`, submits it and watches it: the block it landed in, or its dispatch error by
 * name, or the pool's rejection by name, or a timeout. Never throws for chain-side failures.
 */
export async function submitAndWatch(
  api: ApiPromise,
  tx: Extrinsic,
  account: ChainAccount,
  opts: SubmitOptions,
): Promise<SubmitOutcome> {
  const want = opts.waitFor ?? "inBlock";
  let unsub: (() => void) | undefined;
  let settled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await new Promise<SubmitOutcome>((resolveOnce) => {
      const resolve = (o: SubmitOutcome) => {
        settled = true;
        resolveOnce(o);
      };
      timer = setTimeout(() => resolve({ kind: "timeout", afterMs: opts.timeoutMs }), opts.timeoutMs);
      const onStatus = (r: StatusResult) => {
        const hash = r.status.isInBlock
          ? r.status.asInBlock
          : r.status.isFinalized
            ? r.status.asFinalized
            : undefined;
        if (r.status.isInvalid || r.status.isDropped || r.status.isUsurped) {
          resolve({ kind: "poolRejected", error: { kind: "pool", name: r.status.type } });
          return;
        }
        if (!hash || (want === "finalized" && !r.status.isFinalized)) return;
        const blockHash = hash.toHex();
        void blockNumberOf(api, blockHash).then((blockNumber) => {
          if (r.dispatchError) {
            resolve({
              kind: "dispatchError",
              error: decodeChainError(r.dispatchError, api.registry as unknown as ErrorRegistry),
              blockHash,
              blockNumber,
            });
          } else {
            resolve({ kind: "inBlock", blockHash, blockNumber });
          }
        });
      };
      const sent = tx.signAndSend(
        account.address,
        { signer: account.signer, nonce: opts.nonce ?? -1 },
        onStatus as never,
      ) as unknown as Promise<() => void>;
      sent.then(
        (u) => {
          // The subscription may answer before signAndSend resolves; then stop it at once.
          if (settled) u();
          else unsub = u;
        },
        (e: unknown) => resolve({ kind: "poolRejected", error: decodeChainError(e) }),
      );
    });
  } finally {
    clearTimeout(timer);
    unsub?.();
  }
}

async function blockNumberOf(api: ApiPromise, blockHash: string): Promise<number> {
  const header = await api.rpc.chain.getHeader(blockHash);
  return header.number.toNumber();
}
