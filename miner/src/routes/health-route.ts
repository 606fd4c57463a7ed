import type { Hono } from "hono";
import type { MinerEnv } from "../http/context";

/** `GET /healthz`: 200 `{ ok: true }` while the server answers (used by Docker HEALTHCHECK and pm2). */
export function registerHealthRoute(app: Hono<MinerEnv>): void {
  app.get("/healthz", function healthHandler(c) {
    return c.json({ ok: true, taskTypes: c.get("deps").engine.taskTypes });
  });
}
