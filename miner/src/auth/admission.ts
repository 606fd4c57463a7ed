import type { MiddlewareHandler } from "hono";
import { type MinerEnv, sendError } from "../http/context";

/**
 * The checks between a verified signature and the model, in order: metagraph gate (403, or 503 before the
 * first snapshot), per-validator rate limit and concurrency cap (429 + Retry-After), replay claim (401).
 */

/** Refuses verified senders the gate does not allow. */
export function callerGate(): MiddlewareHandler<MinerEnv> {
  return async function callerGateMiddleware(c, next) {
    const caller = c.get("caller");
    if (!caller) throw new Error("callerGate must run after epistulaAuth");
    const decision = c.get("deps").gate.check(caller.hotkey);
    if (!decision.ok) {
      if (decision.reason === "unavailable") {
        return sendError(c, 503, "unavailable", "metagraph_unavailable", decision.message, {
          "retry-after": "5",
        });
      }
      return sendError(c, 403, "forbidden", decision.reason, decision.message);
    }
    await next();
  };
}

/** Holds a rate-limit slot for the rest of the request; 429 with Retry-After when over budget. */
export function rateLimit(): MiddlewareHandler<MinerEnv> {
  return async function rateLimitMiddleware(c, next) {
    const caller = c.get("caller");
    if (!caller) throw new Error("rateLimit must run after epistulaAuth");
    const deps = c.get("deps");
    const admission = await deps.rateLimiter.acquire(caller.hotkey, deps.clock());
    if (!admission.ok) {
      return sendError(c, 429, "rate_limited", `rate_limited_${admission.reason}`, admission.message, {
        "retry-after": String(admission.retryAfterS),
      });
    }
    try {
      await next();
    } finally {
      admission
        .release()
        .catch((error: Error) => deps.log.warn("rate-limit release failed", { error: error.message }));
    }
  };
}

/** Claims the request's uuid in the shared replay cache; a uuid seen before (by any replica) is a 401. */
export function claimReplay(): MiddlewareHandler<MinerEnv> {
  return async function claimReplayMiddleware(c, next) {
    const caller = c.get("caller");
    if (!caller) throw new Error("claimReplay must run after epistulaAuth");
    if (caller.replay) {
      const first = await c.get("deps").replayGuard.claim(caller.replay.key, caller.replay.ttlMs);
      if (!first)
        return sendError(c, 401, "unauthorized", "replayed", `uuid ${caller.uuid} was already used`);
    }
    await next();
  };
}
