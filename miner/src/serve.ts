import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { MinerEnv } from "./http/context";

/** A listening miner server. */
export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** Stops accepting connections and closes idle ones; resolves when the server is closed. */
  close(): Promise<void>;
}

/** Serves the app on @hono/node-server; `port: 0` picks a free port (tests, in-process devnets). */
export function serveMiner(
  app: Hono<MinerEnv>,
  options: { host: string; port: number },
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: app.fetch, hostname: options.host, port: options.port },
      (info: AddressInfo) => {
        const host = options.host.includes(":") ? `[${options.host}]` : options.host;
        resolve({
          url: `http://${host}:${info.port}`,
          host: options.host,
          port: info.port,
          close: () =>
            new Promise<void>((done) => {
              server.close(() => done());
              if ("closeIdleConnections" in server) server.closeIdleConnections();
            }),
        });
      },
    );
    server.once("error", reject);
    // Slow-loris bounds: headers and bodies must arrive within these, whatever the app does.
    if ("headersTimeout" in server) {
      server.headersTimeout = 10_000;
      server.requestTimeout = 30_000;
      server.keepAliveTimeout = 65_000;
    }
  });
}
