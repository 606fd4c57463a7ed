import { ApiPromise, HttpProvider, WsProvider } from "@polkadot/api";
import type { ProviderInterface } from "@polkadot/rpc-provider/types";

/** Options of `connectChain`. */
export interface ConnectOptions {
  /** Tried in order: ws(s):// uses a WebSocket, http(s):// plain JSON-RPC over fetch. */
  endpoints: readonly string[];
  /** Per endpoint, for the API to become ready (metadata fetched). */
  timeoutMs: number;
  /**
   * Whether @polkadot/api waits for wasm crypto. workerd forbids compiling wasm at run time, so the API
   * never becomes ready there unless this is false (docs/workers.md). Default: false inside workerd.
   */
  initWasm?: boolean;
}

/** Outcome of `connectChain`. */
export type ConnectResult =
  | { kind: "connected"; api: ApiPromise; endpoint: string }
  | { kind: "unreachable"; attempts: { endpoint: string; error: string }[] };

/**
 * Runtimes from about Aug 2025 replace ChargeTransactionPayment with this extension (a compact tip).
 * @polkadot/api only uses a user extension when the chain's metadata lists it, so declaring it always is safe.
 */
export const SUBTENSOR_SIGNED_EXTENSIONS = {
  ChargeTransactionPaymentWrapper: { extrinsic: { tip: "Compact<Balance>" }, payload: {} },
} as const;

/** True inside Cloudflare's workerd. */
function inWorkerd(): boolean {
  return typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers";
}

function providerFor(endpoint: string): ProviderInterface {
  if (/^wss?:\/\//.test(endpoint)) return new WsProvider(endpoint, false);
  if (/^https?:\/\//.test(endpoint)) return new HttpProvider(endpoint);
  throw new Error(`endpoint must start with ws://, wss://, http:// or https://: ${endpoint}`);
}

/**
 * Connects to the first endpoint that answers within `timeoutMs`, trying the others in order (failover).
 * The caller owns the returned API and must `disconnect()` it.
 */
export async function connectChain(opts: ConnectOptions): Promise<ConnectResult> {
  const attempts: { endpoint: string; error: string }[] = [];
  for (const endpoint of opts.endpoints) {
    let provider: ProviderInterface | undefined;
    let api: ApiPromise | undefined;
    try {
      provider = providerFor(endpoint);
      if (provider instanceof WsProvider) await withTimeout(provider.connect(), opts.timeoutMs, "connect");
      api = new ApiPromise({
        provider,
        initWasm: opts.initWasm ?? !inWorkerd(),
        noInitWarn: true,
        signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS,
      });
      api.on("error", () => {}); // surfaced by isReadyOrError below; avoid unhandled noise
      await withTimeout(api.isReadyOrError, opts.timeoutMs, "metadata");
      return { kind: "connected", api, endpoint };
    } catch (e) {
      attempts.push({ endpoint, error: describeFailure(e) });
      await (api ? api.disconnect() : provider?.disconnect())?.catch(() => {});
    }
  }
  return { kind: "unreachable", attempts };
}

/** What went wrong, in words: the WebSocket rejects with an error *event*, which prints as "[object Object]". */
export function describeFailure(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === "object" && e !== null) {
    const { message, error, type } = e as { message?: unknown; error?: unknown; type?: unknown };
    if (typeof message === "string" && message !== "") return message;
    if (error instanceof Error) return error.message;
    if (typeof type === "string") return `WebSocket ${type} (no further detail)`;
  }
  return String(e);
}

async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
