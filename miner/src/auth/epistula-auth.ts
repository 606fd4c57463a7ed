import type { MiddlewareHandler } from "hono";
import {
  checkRequestHeaders,
  EPISTULA_HEADERS,
  type ReplayGuard,
  verifyRequest,
} from "../../../shared/src/epistula";
import { readIncomingBounded, readRequestBounded } from "../http/bounded-body";
import { type MinerEnv, sendError } from "../http/context";

const REQUIRED = [
  EPISTULA_HEADERS.version,
  EPISTULA_HEADERS.timestamp,
  EPISTULA_HEADERS.uuid,
  EPISTULA_HEADERS.signedBy,
  EPISTULA_HEADERS.signedFor,
  EPISTULA_HEADERS.requestSignature,
];

/**
 * Epistula v2 authentication, in two steps around the body. Before reading it: the six headers, the timestamp
 * window and Signed-For (401, connection closed). Then the body, at most `maxBodyBytes` (413) within
 * `bodyTimeoutMs` (408), hashed as it streams; then the signature (401). No model runs and nothing is parsed for
 * a request refused here, and the message names the reason (missing, expired, future-dated, forged...).
 *
 * The replay claim is computed here but made by the admission script (admission.ts), after the gate, so
 * refused callers cannot fill the shared replay cache and replays cost their sender nothing.
 */
export function epistulaAuth(): MiddlewareHandler<MinerEnv> {
  return async function epistulaAuthMiddleware(c, next) {
    const { deps, limits } = { deps: c.get("deps"), limits: c.get("limits") };
    const missing = REQUIRED.filter((name) => c.req.header(name) === undefined);
    if (missing.length > 0) {
      return sendError(c, 401, "unauthorized", "missing_header", `missing header(s): ${missing.join(", ")}`);
    }
    // Stale, future-dated or misdirected requests are refused before their body is read (or buffered).
    const window = { maxAgeMs: limits.epistulaMaxAgeMs, maxFutureMs: limits.epistulaMaxFutureMs };
    const early = checkRequestHeaders({
      headers: c.req.raw.headers,
      receiver: deps.signer.pair.ss58,
      now: deps.clock(),
      ...window,
    });
    if (!early.ok) {
      return sendError(c, 401, "unauthorized", early.reason, early.message, { connection: "close" });
    }
    const incoming = c.env?.incoming;
    const bodyLimits = { maxBytes: limits.maxBodyBytes, timeoutMs: limits.bodyTimeoutMs };
    const read = incoming
      ? await readIncomingBounded(incoming, bodyLimits)
      : await readRequestBounded(c.req.raw, bodyLimits);
    if (!read.ok) {
      if (read.reason === "aborted")
        return sendError(c, 400, "bad_request", "aborted", "request body was cut off");
      if (read.reason === "too_slow") {
        const message = `request body did not arrive within ${limits.bodyTimeoutMs} ms`;
        return sendError(c, 408, "timeout", "body_timeout", message, { connection: "close" });
      }
      return sendError(
        c,
        413,
        "too_large",
        "body_too_large",
        `request body exceeds ${limits.maxBodyBytes} bytes`,
        {
          connection: "close",
        },
      );
    }
    let deferred: { key: string; ttlMs: number } | null = null;
    const capture: ReplayGuard = {
      claim: async (key, ttlMs) => {
        deferred = { key, ttlMs };
        return true;
      },
    };
    const verdict = await verifyRequest({
      headers: c.req.raw.headers,
      bodySha256Hex: read.sha256Hex,
      receiver: deps.signer.pair.ss58,
      sr25519: deps.signer.sr25519,
      replay: capture,
      now: deps.clock(),
      ...window,
    });
    if (!verdict.ok) return sendError(c, 401, "unauthorized", verdict.reason, verdict.message);
    c.set("caller", { hotkey: verdict.signedBy, uuid: verdict.uuid, replay: deferred });
    c.set("body", read.bytes);
    c.set("bodySha256", read.sha256Hex);
    await next();
  };
}
