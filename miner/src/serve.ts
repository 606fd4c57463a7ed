import type { AddressInfo, Socket } from "node:net";
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

/** How long `close()` lets requests in flight finish before it drops their connections (default). */
const CLOSE_GRACE_MS = 5_000;

/**
 * Serves the app on @hono/node-server; `port: 0` picks a free port (tests, in-process devnets).
 * `maxConnections` bounds open sockets (each may hold a body of up to MAX_BODY_BYTES while it is read);
 * connections past it are dropped at accept.
 */
export function serveMiner(
  app: Hono<MinerEnv>,
  options: {
    host: string;
    port: number;
    maxConnections?: number;
    maxConnectionsPerIp?: number;
    closeGraceMs?: number;
  },
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
              const force = setTimeout(() => {
                if ("closeAllConnections" in server) server.closeAllConnections();
              }, options.closeGraceMs ?? CLOSE_GRACE_MS);
              force.unref();
              server.close(() => {
                clearTimeout(force);
                done();
              });
              if ("closeIdleConnections" in server) server.closeIdleConnections();
            }),
        });
      },
    );
    server.once("error", reject);
    server.maxConnections = options.maxConnections ?? 1024;
    limitPerAddress(server, options.maxConnectionsPerIp ?? 256);
    // Slow-loris bounds: headers and bodies must arrive within these, whatever the app does.
    if ("headersTimeout" in server) {
      server.headersTimeout = 10_000;
      server.requestTimeout = 30_000;
      server.keepAliveTimeout = 65_000;
    }
  });
}

/**
 * Drops a new connection when its remote address already holds `max`: bodies are authenticated only once they
 * have arrived, so one sender holding many half-sent uploads could otherwise fill `maxConnections` for everyone.
 */
function limitPerAddress(
  server: { on(event: "connection", listener: (socket: Socket) => void): unknown },
  max: number,
) {
  const open = new Map<string, number>();
  server.on("connection", (socket) => {
    const address = socket.remoteAddress ?? "";
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once("close", () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
