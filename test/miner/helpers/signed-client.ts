import { signRequest, verifyResponse } from "../../../shared/src/epistula";
import type { Hotkey } from "../../../shared/src/keys/hotkey";
import type { HotkeyPair } from "../../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../../shared/src/keys/sr25519";

/** A validator-side caller for tests and the benchmark: signs real Epistula v2 requests. */
export interface SignedCaller {
  validator: HotkeyPair;
  miner: Hotkey;
  sr25519: Sr25519;
}

/** A request ready to send: the exact body bytes and headers (tests tamper with either). */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Signs `value` (or a raw string body) for the miner at `now`. */
export function signTask(caller: SignedCaller, value: unknown, now = Date.now()): SignedRequest {
  const body = typeof value === "string" ? value : JSON.stringify(value);
  const headers = signRequest({
    body,
    signer: caller.validator,
    signedFor: caller.miner,
    sr25519: caller.sr25519,
    now,
  });
  return { body, headers: { ...headers, "content-type": "application/json" } };
}

/** What came back from the miner. */
export interface TaskReply {
  status: number;
  json: unknown;
  headers: Headers;
  text: string;
}

/** POSTs a signed request to `<baseUrl>/v1/tasks/<taskType>`. */
export async function postSigned(baseUrl: string, taskType: string, req: SignedRequest): Promise<TaskReply> {
  const res = await fetch(`${baseUrl}/v1/tasks/${taskType}`, {
    method: "POST",
    headers: req.headers,
    body: req.body,
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, headers: res.headers, text };
}

/** Checks the miner's signature over a reply, as a validator would. */
export function verifyReply(caller: SignedCaller, req: SignedRequest, reply: TaskReply) {
  return verifyResponse({
    headers: reply.headers,
    body: reply.text,
    signer: caller.miner,
    receiver: caller.validator.ss58,
    requestUuid: req.headers["Epistula-Uuid"] as string,
    sr25519: caller.sr25519,
  });
}
