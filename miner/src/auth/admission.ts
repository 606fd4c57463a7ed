import type { MiddlewareHandler } from "hono";
import { type MinerEnv, sendError } from "../http/context";

/**
 * The checks between a verified signature and the model, in order: metagraph gate (403, or 503 before the
 * first snapshot), then per-validator rate limit and concurrency cap (429 + Retry-After) together with the
 * replay claim (401).
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
    c.set("permitted", true);
    await next();
  };
}

/**
 * Claims the request's uuid in the shared replay cache and takes a rate-limit slot, in one Redis script (see
 * rate-limiter.ts): 401 for a uuid any replica has seen (not counted against the sender), 429 + Retry-After
 * over budget. The slot is held until the answer is sent, or the request timed out. Redis errors answer 503,
 * never a crash.
 */
export function admitRequest(): MiddlewareHandler<MinerEnv> {
  return async function admitRequestMiddleware(c, next) {
    const caller = c.get("caller");
    if (!caller) throw new Error("admitRequest must run after epistulaAuth");
    const deps = c.get("deps");
    const admission = await deps.rateLimiter
      .acquire(caller.hotkey, deps.clock(), caller.replay)
      .catch((error: Error) => {
        deps.log.error("shared state unavailable", { error: error.message });
        return null;
      });
    if (admission === null) {
      return sendError(
        c,
        503,
        "unavailable",
        "state_unavailable",
        "the miner's shared state is unavailable",
        {
          "retry-after": "5",
        },
      );
    }
    if (!admission.ok && admission.reason === "replayed") {
      return sendError(c, 401, "unauthorized", "replayed", `uuid ${caller.uuid} was already used`);
    }
    if (!admission.ok) {
      return sendError(c, 429, "rate_limited", `rate_limited_${admission.reason}`, admission.message, {
        "retry-after": String(admission.retryAfterS),
      });
    }
    try {
      // A request that timed out has been answered (504): its slot is free then, not when the model is done.
      await Promise.race([next(), c.get("expired")]);
    } finally {
      admission
        .release()
        .catch((error: Error) => deps.log.warn("rate-limit release failed", { error: error.message }));
    }
  };
}
