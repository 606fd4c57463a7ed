import { resolve } from "node:path";
import { createTestHarness } from "wrangler";

/**
 * The validator Worker running in workerd, from the repository's own wrangler.toml (its queues, crons and
 * compatibility settings), with the devnet's vars and secrets layered on top. wrangler's test harness
 * bundles the Worker, starts Miniflare/workerd on 127.0.0.1 and lets us fire scheduled events at will,
 * which is how the devnet runs crons on an accelerated clock.
 */
export interface ValidatorWorker {
  /** Where the Worker answers HTTP (its API and dashboard), e.g. http://127.0.0.1:43121. */
  url: string;
  /** Fires the scheduled handler with this cron string; resolves to the handler's outcome. */
  fireCron(cron: string): Promise<"ok" | "exception">;
  /** GET a JSON path of the Worker's API. */
  getJson<T>(path: string): Promise<{ status: number; body: T }>;
  /** The Worker's console lines since start (or the last call), oldest first. */
  takeLogs(): string[];
  /** Stops workerd. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startValidatorWorker}. */
export interface ValidatorWorkerOptions {
  /** Repository root (where wrangler.toml is). */
  root: string;
  /** Plain vars (override wrangler.toml's [vars]). */
  vars: Record<string, string>;
  /** Secrets (override .dev.vars). */
  secrets: Record<string, string>;
}

/** Starts the validator Worker locally. Nothing leaves 127.0.0.1: the Request.cf lookup is switched off. */
export async function startValidatorWorker(options: ValidatorWorkerOptions): Promise<ValidatorWorker> {
  // Miniflare would otherwise fetch the Request.cf object from workers.cloudflare.com on start.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  process.env.WRANGLER_SEND_METRICS ??= "false";
  // Queue deliveries and reloads would print over the live table; errors still show.
  process.env.WRANGLER_LOG ??= "error";
  const harness = createTestHarness({
    root: options.root,
    workers: [
      { configPath: resolve(options.root, "wrangler.toml"), vars: options.vars, secrets: options.secrets },
    ],
  });
  let url: URL;
  try {
    ({ url } = await harness.listen());
  } catch (error) {
    await harness.close().catch(() => {});
    throw error;
  }
  const base = url.origin;
  let stopping: Promise<void> | undefined;
  return {
    url: base,
    async fireCron(cron) {
      const result = await harness.getWorker().scheduled({ cron, scheduledTime: new Date() });
      return result.outcome === "ok" ? "ok" : "exception";
    },
    async getJson<T>(path: string) {
      const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        body = { error: { code: "not_json", message: text.slice(0, 200) } };
      }
      return { status: res.status, body: body as T };
    },
    takeLogs() {
      const lines = harness.getLogs().map((log) => `[${log.level}] ${log.message}`);
      harness.clearLogs();
      return lines;
    },
    stop: () => {
      stopping ??= harness.close();
      return stopping;
    },
  };
}
