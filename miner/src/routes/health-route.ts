import type { Hono } from "hono";
import type { MinerEnv } from "../http/context";

/** How long /healthz waits for Redis before calling it unreachable. */
const PING_TIMEOUT_MS = 1_000;

/**
 * `GET /healthz` (Docker HEALTHCHECK, load balancers in front of replicas): 200 `{ ok: true }` while the server
 * can serve; 503 naming what is missing when every task request would get a 503 too: Redis not answering
 * (`redis: "unreachable"`) or no metagraph loaded yet (`metagraph: "not loaded"`).
 */
export function registerHealthRoute(app: Hono<MinerEnv>): void {
  app.get("/healthz", async function healthHandler(c) {
    const { engine, gate, pingState } = c.get("deps");
    const redis = pingState ? await withTimeout(pingState(), PING_TIMEOUT_MS) : true;
    const metagraph = gate.ready?.() ?? true;
    if (!redis || !metagraph) {
      return c.json(
        {
          ok: false,
          ...(redis ? {} : { redis: "unreachable" }),
          ...(metagraph ? {} : { metagraph: "not loaded" }),
        },
        503,
      );
    }
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
