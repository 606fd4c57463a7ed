import type { Hono } from "hono";
import type { MinerEnv } from "../http/context";

/** `GET /metrics`: Prometheus text (requests by outcome, latency and batch-size histograms, queue depth). */
export function registerMetricsRoute(app: Hono<MinerEnv>): void {
  app.get("/metrics", function metricsHandler(c) {
    const deps = c.get("deps");
    if (!deps.metrics) return c.text("metrics are disabled\n", 404);
    return c.body(
      deps.metrics.render(() => deps.engine.queueDepth()),
      200,
      {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
      },
    );
  });
}
