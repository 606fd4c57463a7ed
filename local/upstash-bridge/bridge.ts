import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import Redis from "ioredis";
import { createBridgeApp } from "./app";
import { randomToken } from "./auth";
import { loadCommandTable } from "./command-policy";
import { createSyncClock } from "./sync-token";

/** Options for {@link startUpstashBridge}. */
export type UpstashBridgeOptions = {
  /** The Redis the bridge fronts, e.g. `redis://127.0.0.1:6379` (from `startRedisServer().url`). */
  redisUrl: string;
  /** Full-access token; default a random one. */
  token?: string;
  /** Read-only token (write commands get NOPERM); default a random one. */
  readonlyToken?: string;
  /** Port to listen on; default 0 (a free port, see `url`). */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Largest request body accepted, else 413; default 1 MiB. */
  maxBodyBytes?: number;
  /** Most elements in one command, else 400; default 10,000. */
  maxArgs?: number;
  /** Most commands in one /pipeline or /multi-exec, else 400; default 10,000. */
  maxCommands?: number;
};

/** A running bridge: point `@upstash/redis` at `{ url, token }`. */
export type UpstashBridge = {
  /** `http://host:port`, the UPSTASH_REDIS_REST_URL. */
  url: string;
  host: string;
  port: number;
  /** The UPSTASH_REDIS_REST_TOKEN (full access). */
  token: string;
  /** The read-only token. */
  readonlyToken: string;
  /** Closes the HTTP server (dropping keep-alive connections) and the Redis connection. Idempotent. */
  stop(): Promise<void>;
};

/** Starts an HTTP server that speaks the Upstash Redis REST API over the Redis at `redisUrl`. */
export async function startUpstashBridge(opts: UpstashBridgeOptions): Promise<UpstashBridge> {
  const redis = new Redis(opts.redisUrl, {
    lazyConnect: true,
    connectionName: "miaoai-upstash-bridge",
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    commandTimeout: 30_000,
  });
  // ioredis reports connection errors here too; requests then fail with a 500 naming the cause.
  redis.on("error", () => {});
  const host = opts.host ?? "127.0.0.1";
  const tokens = { token: opts.token ?? randomToken(), readonlyToken: opts.readonlyToken ?? randomToken() };
  let server: Server | undefined;
  try {
    await redis.connect();
    const app = createBridgeApp({
      redis,
      table: await loadCommandTable(redis),
      tokens,
      clock: createSyncClock(),
      limits: { maxArgs: opts.maxArgs ?? 10_000, maxCommands: opts.maxCommands ?? 10_000 },
      maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    });
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    server.requestTimeout = 60_000;
    server.headersTimeout = 10_000;
    const port = await listen(server, opts.port ?? 0, host);
    const running = server;
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${host}:${port}`,
      host,
      port,
      ...tokens,
      stop: () => {
        stopping ??= closeAll(running, redis);
        return stopping;
      },
    };
  } catch (error) {
    if (server?.listening) server.close();
    redis.disconnect();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeAll(server: Server, redis: Redis): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // The Upstash client keeps connections alive; without this close() would wait for them to idle out.
  server.closeAllConnections();
  await closed;
  await redis.quit().catch(() => redis.disconnect());
}
