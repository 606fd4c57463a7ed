import type { Hono } from "hono";
import type { MinerEnv } from "../http/context";

/** How long /healthz waits for Redis before calling it unreachable. */
const PING_TIMEOUT_MS = 1_000;

/**
 * `GET /healthz` (Docker HEALTHCHECK, load balancers in front of replicas): 200 `{ ok: true }` while the server
 * answers and its Redis does; 503 `{ ok: false, redis: "unreachable" }` when Redis does not, since every task
 * request would then get a 503 too.
 */
export function registerHealthRoute(app: Hono<MinerEnv>): void {
  app.get("/healthz", async function healthHandler(c) {
    const { engine, pingState } = c.get("deps");
    const redis = pingState ? await withTimeout(pingState(), PING_TIMEOUT_MS) : true;
    if (!redis) return c.json({ ok: false, redis: "unreachable" }, 503);
    return c.json({ ok: true, taskTypes: engine.taskTypes });
  });
}

async function withTimeout(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([
    work.then(
      () => true,
      () => false,
    ),
    expired,
  ]).finally(() => clearTimeout(timer));
}
