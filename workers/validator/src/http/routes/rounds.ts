import type { Hono } from "hono";
import { type AppEnv, errorBody } from "../context";

/** `GET /v1/rounds/latest`: the last finalized round's summary. */
export function registerRoundRoutes(app: Hono<AppEnv>): void {
  app.get("/v1/rounds/latest", async (c) => {
    const { latest } = await c.get("deps").store.loadOverview();
    if (!latest) return c.json(errorBody("not_found", "no round has been finalized yet"), 404);
    return c.json(latest);
  });
}
