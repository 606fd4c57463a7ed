import { EPISTULA_HEADERS, readBodyBounded, signRequest, verifyResponse } from "../../shared/src/epistula";
import { type Hotkey, hotkeySchema } from "../../shared/src/keys/hotkey";
import type { HotkeyPair } from "../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../shared/src/keys/sr25519";
import { LIMITS, type TaskType, taskPath } from "../../shared/src/protocol";
import { fetchFailureReason } from "./http/outbound";
import { warmUpRequests } from "./inference/warm-up";

/**
 * `miaoai-miner probe`: one signed task sent to a running miner as a validator sends it (Epistula v2), and its
 * answer's signature checked, so an operator can see from outside that the miner is reachable, authenticates,
 * answers and signs. Which answer comes back depends on who signs: the miner's gate serves permitted validators
 * (or its allow-list) and answers everyone else 403 — signed too, which still proves the path end to end.
 * The other side is treated as untrusted: one deadline for the whole probe, bounded reads, no redirects.
 */

/** What the probe saw. */
export type ProbeResult =
  | { kind: "unreachable"; url: string; reason: string }
  /** The URL answered, but not as a miner does (a redirect, no JSON, no hotkey, a body past the limit). */
  | { kind: "not_a_miner"; url: string; status: number; reason: string }
  | {
      kind: "answered";
      miner: Hotkey;
      status: number;
      latencyMs: number;
      /** The miner's signature over its answer, checked against the hotkey /v1/info gave. */
      signature: "valid" | string;
      body: unknown;
    };

export interface ProbeOptions {
  url: URL;
  caller: HotkeyPair;
  sr25519: Sr25519;
  taskType: TaskType;
  /** For the whole probe, /v1/info and the task together (default 10 s). */
  timeoutMs?: number;
}

/** /v1/info is a few kB; answers are bounded like requests. */
const MAX_INFO_BYTES = 64 * 1024;
const MAX_ANSWER_BYTES = LIMITS.maxBodyBytes;

type Fetched =
  | { ok: true; res: Response; text: string; sha256Hex: string }
  | { ok: false; result: ProbeResult };

export async function probeMiner(options: ProbeOptions): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const signal = AbortSignal.timeout(timeoutMs);
  const get = async (url: URL, init: RequestInit, maxBytes: number): Promise<Fetched> => {
    try {
      const res = await fetch(url, { ...init, redirect: "manual", signal });
      const notAMiner = (reason: string): Fetched => ({
        ok: false,
        result: { kind: "not_a_miner", url: url.href, status: res.status, reason },
      });
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        return notAMiner(`redirects to ${res.headers.get("location") ?? "(no location)"}; miners do not`);
      }
      const read = await readBodyBounded(res.body, maxBytes);
      if (!read.ok) return notAMiner(`the reply exceeds ${maxBytes} bytes`);
      return { ok: true, res, text: new TextDecoder().decode(read.bytes), sha256Hex: read.sha256Hex };
    } catch (error) {
      const reason = fetchFailureReason(error, timeoutMs);
      return { ok: false, result: { kind: "unreachable", url: url.href, reason } };
    }
  };

  const infoUrl = new URL("/v1/info", options.url);
  const info = await get(infoUrl, {}, MAX_INFO_BYTES);
  if (!info.ok) return info.result;
  const miner = hotkeySchema.safeParse((parseJson(info.text) as { hotkey?: unknown } | null)?.hotkey);
  if (!miner.success) {
    return {
      kind: "not_a_miner",
      url: infoUrl.href,
      status: info.res.status,
      reason: "no hotkey in its /v1/info",
    };
  }

  const [task] = warmUpRequests(options.taskType);
  const body = JSON.stringify({ ...task, taskId: `probe-${crypto.randomUUID()}` });
  const headers = signRequest({
    body,
    signer: options.caller,
    signedFor: miner.data,
    sr25519: options.sr25519,
  });
  const started = performance.now();
  const init = { method: "POST", headers: { ...headers, "content-type": "application/json" }, body };
  const answer = await get(new URL(taskPath(options.taskType), options.url), init, MAX_ANSWER_BYTES);
  if (!answer.ok) return answer.result;
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const verdict = await verifyResponse({
    headers: answer.res.headers,
    bodySha256Hex: answer.sha256Hex, // of the bytes as sent, not of their decoding
    signer: miner.data,
    receiver: options.caller.ss58,
    requestUuid: headers[EPISTULA_HEADERS.uuid] as string,
    sr25519: options.sr25519,
  });
  return {
    kind: "answered",
    miner: miner.data,
    status: answer.res.status,
    latencyMs,
    signature: verdict.ok ? "valid" : `${verdict.reason}: ${verdict.message}`,
    body: parseJson(answer.text) ?? answer.text,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
