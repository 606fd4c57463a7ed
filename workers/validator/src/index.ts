import { Hono } from "hono";

/** The validator Worker's entry: HTTP API, crons and queue consumers. */
const app = new Hono();
app.get("/healthz", (c) => c.json({ ok: true, runtime: navigator.userAgent }));

export default {
  fetch: app.fetch,
} satisfies ExportedHandler;
