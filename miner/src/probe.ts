import { EPISTULA_HEADERS, signRequest, verifyResponse } from "../../shared/src/epistula";
import { type Hotkey, hotkeySchema } from "../../shared/src/keys/hotkey";
import type { HotkeyPair } from "../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../shared/src/keys/sr25519";
import { type TaskType, taskPath } from "../../shared/src/protocol";
import { warmUpRequests } from "./inference/warm-up";

/**
 * `miaoai-miner probe`: one signed task sent to a running miner as a validator sends it (Epistula v2), and its
 * answer's signature checked, so an operator can see from outside that the miner is reachable, authenticates,
 * answers and signs. Which answer comes back depends on who signs: the miner's gate serves permitted validators
 * (or its allow-list) and answers everyone else 403 — signed too, which still proves the path end to end.
 */

/** What the probe saw. */
export type ProbeResult =
  | { kind: "unreachable"; url: string; reason: string }
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
  timeoutMs?: number;
}

export async function probeMiner(options: ProbeOptions): Promise<ProbeResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const unreachable = (url: URL, error: unknown): ProbeResult => {
    const e = error as Error & { cause?: { message?: string } };
    const reason =
      e.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (e.cause?.message ?? e.message);
    return { kind: "unreachable", url: url.href, reason };
  };

  const infoUrl = new URL("/v1/info", options.url);
  let miner: Hotkey;
  try {
    const res = await fetch(infoUrl, { signal: AbortSignal.timeout(timeoutMs) });
    const info = (await res.json()) as { hotkey?: unknown };
    const parsed = hotkeySchema.safeParse(info.hotkey);
    if (!parsed.success) throw new Error(`${infoUrl.href} gave no valid hotkey (HTTP ${res.status})`);
    miner = parsed.data;
  } catch (error) {
    return unreachable(infoUrl, error);
  }

  const [task] = warmUpRequests(options.taskType);
  const body = JSON.stringify({ ...task, taskId: `probe-${crypto.randomUUID()}` });
  const headers = signRequest({ body, signer: options.caller, signedFor: miner, sr25519: options.sr25519 });
  const taskUrl = new URL(taskPath(options.taskType), options.url);
  const started = performance.now();
  let res: Response;
  let text: string;
  try {
    res = await fetch(taskUrl, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
  } catch (error) {
    return unreachable(taskUrl, error);
  }
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const verdict = await verifyResponse({
    headers: res.headers,
    body: text,
    signer: miner,
    receiver: options.caller.ss58,
    requestUuid: headers[EPISTULA_HEADERS.uuid] as string,
    sr25519: options.sr25519,
  });
  let parsedBody: unknown = text;
  try {
    parsedBody = JSON.parse(text);
  } catch {}
  return {
    kind: "answered",
    miner,
    status: res.status,
    latencyMs,
    signature: verdict.ok ? "valid" : `${verdict.reason}: ${verdict.message}`,
    body: parsedBody,
  };
}
