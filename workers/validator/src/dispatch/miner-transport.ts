import { readBodyBounded, signRequest, verifyResponse } from "../../../../shared/src/epistula";
import type { Hotkey } from "../../../../shared/src/keys/hotkey";
import type { HotkeyPair } from "../../../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../../../shared/src/keys/sr25519";
import { parseTaskResponse, type TaskRequest } from "../../../../shared/src/protocol";
import type { DispatchOutcome } from "../../../../shared/src/scoring";

/** Where one request goes: the miner's uid, hotkey (who must sign the answer) and axon base URL. */
export type MinerTarget = { uid: number; hotkey: string; url: string };

/** Per-request bounds. */
export type SendOptions = { timeoutMs: number; maxResponseBytes: number };

/** Sends one task to one miner and says what happened; never throws for anything the miner does. */
export interface MinerTransport {
  send(target: MinerTarget, request: TaskRequest, options: SendOptions): Promise<DispatchOutcome>;
}

/** What the Epistula transport needs; `fetch` is injected so invocations can count their subrequests. */
export type EpistulaTransportOptions = {
  fetch: typeof fetch;
  signer: HotkeyPair;
  sr25519: Sr25519;
  /** Path of the miner's task route, appended to the axon URL; `:taskType` becomes the request's task type. */
  taskPath: string;
  now?: () => number;
};

/**
 * Epistula v2 transport: signs the exact body for the miner's hotkey, aborts at the timeout, refuses a
 * body over the cap while streaming it, verifies the miner's signature over the response (bound to our
 * request uuid) BEFORE parsing it, then parses with the protocol schema. Latency is measured here, from
 * just before the fetch to the last body byte; the miner's own timing is never read.
 */
export function createEpistulaTransport(options: EpistulaTransportOptions): MinerTransport {
  const now = options.now ?? Date.now;
  return {
    async send(target, request, { timeoutMs, maxResponseBytes }) {
      const body = JSON.stringify(request);
      const signedFor = target.hotkey as Hotkey;
      const headers = signRequest({ body, signer: options.signer, signedFor, sr25519: options.sr25519 });
      const requestUuid = headers["Epistula-Uuid"] as string;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const started = now();
      try {
        let res: Response;
        try {
          res = await options.fetch(
            `${target.url}${options.taskPath.replace(":taskType", request.taskType)}`,
            {
              method: "POST",
              headers: { ...headers, "content-type": "application/json" },
              body,
              signal: controller.signal,
            },
          );
        } catch (error) {
          if (controller.signal.aborted) return { kind: "timeout", latencyMs: now() - started };
          return {
            kind: "unreachable",
            message: error instanceof Error ? error.message.slice(0, 200) : "fetch failed",
          };
        }
        if (!res.ok) {
          await res.body?.cancel().catch(() => undefined);
          return { kind: "http_error", status: res.status };
        }
        const declared = Number(res.headers.get("content-length") ?? "0");
        if (declared > maxResponseBytes) {
          await res.body?.cancel().catch(() => undefined);
          return { kind: "oversized", limitBytes: maxResponseBytes };
        }
        let read: Awaited<ReturnType<typeof readBodyBounded>>;
        try {
          read = await readBodyBounded(res.body, maxResponseBytes);
        } catch {
          if (controller.signal.aborted) return { kind: "timeout", latencyMs: now() - started };
          return { kind: "unreachable", message: "connection dropped while reading the body" };
        }
        const latencyMs = now() - started;
        if (!read.ok) return { kind: "oversized", limitBytes: maxResponseBytes };
        if (latencyMs > timeoutMs) return { kind: "timeout", latencyMs };
        const verified = await verifyResponse({
          headers: res.headers,
          bodySha256Hex: read.sha256Hex,
          signer: signedFor,
          receiver: options.signer.ss58,
          requestUuid,
          sr25519: options.sr25519,
        });
        if (!verified.ok)
          return { kind: "unsigned", message: `${verified.reason}: ${verified.message}`.slice(0, 200) };
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(read.bytes));
        } catch {
          return { kind: "invalid", message: "response is not JSON" };
        }
        const parsed = parseTaskResponse(json);
        if (!parsed.ok) return { kind: "invalid", message: parsed.message.slice(0, 200) };
        return { kind: "answered", response: parsed.value, latencyMs };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Wraps fetch to count calls: the subrequests of one invocation, reported with its results. */
export function countingFetch(inner: typeof fetch): { fetch: typeof fetch; count: () => number } {
  let calls = 0;
  const wrapped = ((input: RequestInfo | URL, init?: RequestInit) => {
    calls++;
    return inner(input, init);
  }) as typeof fetch;
  return { fetch: wrapped, count: () => calls };
}
