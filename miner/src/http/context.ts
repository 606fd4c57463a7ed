import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import { signResponse } from "../../../shared/src/epistula";
import type { Hotkey } from "../../../shared/src/keys/hotkey";
import type { TaskType } from "../../../shared/src/protocol";
import type { MinerDeps, RequestLimits } from "../app-deps";
import type { ReplayClaim } from "../auth/rate-limiter";

/** How a task request ended; the label of the requests counter and the served log's `outcome`. */
export type Outcome =
  | "ok"
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "too_large"
  | "timeout"
  | "unavailable"
  | "error";

/** A sender whose Epistula signature verified. */
export interface VerifiedCaller {
  hotkey: Hotkey;
  uuid: string;
  /** The replay-cache claim, made by the admission script after the gate (see rate-limiter.ts). */
  replay: ReplayClaim | null;
}

/** Per-request state the middlewares hand to each other. */
export interface MinerVariables {
  deps: MinerDeps;
  limits: RequestLimits;
  taskType: TaskType;
  startedAt: number;
  outcome: Outcome;
  caller: VerifiedCaller | undefined;
  /** The gate let the caller through: a registered validator (or an allow-listed hotkey), not just a key. */
  permitted: boolean;
  body: Uint8Array;
  bodySha256: string;
  taskId: string | null;
  /** Settles when the request timeout answers 504 (what runs after that is answered for nobody). */
  expired: Promise<unknown>;
}

/** Hono environment of the miner: Node bindings when served by @hono/node-server (absent under app.request). */
export type MinerEnv = { Bindings: Partial<HttpBindings>; Variables: MinerVariables };
export type MinerContext = Context<MinerEnv>;

/**
 * Sends JSON, signed with the miner's hotkey (Epistula-Response-Signature, bound to the request's uuid) once
 * the caller is verified; before that there is no one to sign for.
 */
export function sendJson(
  c: MinerContext,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Response {
  const body = JSON.stringify(value);
  const caller = c.get("caller");
  const all: Record<string, string> = { "content-type": "application/json; charset=utf-8", ...headers };
  if (caller) {
    const { signer, clock } = c.get("deps");
    Object.assign(
      all,
      signResponse({
        body,
        signer: signer.pair,
        signedFor: caller.hotkey,
        requestUuid: caller.uuid,
        sr25519: signer.sr25519,
        now: clock(),
      }),
    );
  }
  return new Response(body, { status, headers: all });
}

/** Sends the protocol's error body `{ error: { code, message } }` and records the outcome. */
export function sendError(
  c: MinerContext,
  status: number,
  outcome: Outcome,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  c.set("outcome", outcome);
  return sendJson(c, status, { error: { code, message: message.slice(0, 1000) } }, headers);
}
