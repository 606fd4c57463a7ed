import { createServer } from "node:net";

/**
 * Asks the OS for a TCP port that is free on `host` right now, by binding port 0 and releasing it.
 * Another process may take it before the caller binds, so callers retry on EADDRINUSE.
 */
export function findFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("the OS returned no port"))));
    });
  });
}
