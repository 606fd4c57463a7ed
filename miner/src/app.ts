import { Hono } from "hono";
import { DEFAULT_LIMITS, type MinerDeps } from "./app-deps";
import { type MinerEnv, sendError } from "./http/context";
import { registerHealthRoute } from "./routes/health-route";
import { registerInfoRoute } from "./routes/info-route";
import { registerMetricsRoute } from "./routes/metrics-route";
import { registerTaskRoutes } from "./routes/task-route";

export type { MinerDeps } from "./app-deps";

/**
 * Builds the miner's Hono app from its dependencies: nothing is read from the environment here, so tests and
 * the devnet compose miners with any engine, gate, limiter, clock or signer. Serve it with `serveMiner`.
 */
export function createMinerApp(deps: MinerDeps): Hono<MinerEnv> {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const app = new Hono<MinerEnv>();
  app.use("*", async function injectDeps(c, next) {
    c.set("deps", deps);
    c.set("limits", limits);
    c.set("caller", undefined);
    c.set("permitted", false);
    await next();
  });
  registerTaskRoutes(app);
  registerInfoRoute(app);
  registerHealthRoute(app);
  registerMetricsRoute(app);
  app.notFound((c) => {
    // The path is the caller's: only its start is echoed (error messages stay under the protocol's 1,000).
    const path = c.req.path.length > 200 ? `${c.req.path.slice(0, 200)}...` : c.req.path;
    return c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${path}` } }, 404);
  });
  app.onError((error, c) => {
    deps.log.error("unhandled error", { path: c.req.path, error: error.message });
    return sendError(c, 500, "error", "internal", "internal error");
  });
  return app;
}
