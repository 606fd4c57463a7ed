import { Hono } from "hono";
import { ConfigError } from "../../../../shared/src/config";
import { getDeps } from "../deps";
import { type AppEnv, errorBody } from "./context";
import { registerDashboard } from "./dashboard/dashboard";
import { registerMinerRoutes } from "./routes/miners";
import { registerRoundRoutes } from "./routes/rounds";
import { registerStatusRoute } from "./routes/status";
import { registerTaskRoute } from "./routes/tasks";
import { registerWeightsPreviewRoute } from "./routes/weights-preview";

/** The validator's HTTP app: health, task API, read API and dashboard. */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Health needs no config, so a misconfigured Worker still says it is up (and what runtime it is).
  app.get("/healthz", (c) => c.json({ ok: true, runtime: navigator.userAgent }));
  app.use("*", async function injectDeps(c, next) {
    c.set("deps", getDeps(c.env));
    await next();
  });
  registerTaskRoute(app);
  registerMinerRoutes(app);
  registerRoundRoutes(app);
  registerStatusRoute(app);
  registerWeightsPreviewRoute(app);
  registerDashboard(app);
  app.notFound((c) => c.json(errorBody("not_found", `no route ${c.req.method} ${c.req.path}`), 404));
  app.onError((error, c) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return c.json(
        errorBody("misconfigured", "the validator's configuration is invalid (see its logs)"),
        500,
      );
    }
    console.error("unhandled error", error instanceof Error ? error.message : String(error));
    return c.json(errorBody("internal", "internal error"), 500);
  });
  return app;
}
