import { connect, type Socket } from "node:net";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { MinerEnv } from "./http/context";
import { serveMiner } from "./serve";

const app = new Hono<MinerEnv>().post("/slow", async (c) =>
  c.text(String((await c.req.arrayBuffer()).byteLength)),
);

function open(port: number, localAddress = "127.0.0.1"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: "127.0.0.1", localAddress }, () => resolve(socket));
    socket.on("error", reject);
  });
}
const closed = (socket: Socket) =>
  new Promise<boolean>((resolve) => socket.once("close", () => resolve(true)));

describe("serveMiner", () => {
  it("drops connections past maxConnections at accept, and serves again once one closes", async () => {
    const server = await serveMiner(app, { host: "127.0.0.1", port: 0, maxConnections: 2 });
    try {
      const [a, b] = [await open(server.port), await open(server.port)];
      const third = await open(server.port);
      expect(await closed(third)).toBe(true);
      a.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const reply = await fetch(`${server.url}/slow`, { method: "POST", body: "12345" });
      expect(await reply.text()).toBe("5");
      b.destroy();
    } finally {
      await server.close();
    }
  });

  it("drops a remote address's connections past maxConnectionsPerIp; other addresses still get in", async () => {
    const server = await serveMiner(app, { host: "127.0.0.1", port: 0, maxConnectionsPerIp: 2 });
    try {
      const held = [await open(server.port), await open(server.port)];
      const third = await open(server.port);
      expect(await closed(third)).toBe(true);
      // Another source address on the loopback (Linux routes all of 127/8 there).
      const other = await open(server.port, "127.0.0.2");
      other.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
      const reply = await new Promise<string>((resolve) => {
        let text = "";
        other.on("data", (d) => {
          text += d;
        });
        other.on("close", () => resolve(text));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\n\r\n3$/);
      for (const socket of held) socket.destroy();
      await new Promise((r) => setTimeout(r, 50));
      const again = await fetch(`${server.url}/slow`, { method: "POST", body: "xy" });
      expect(await again.text()).toBe("2");
    } finally {
      await server.close();
    }
  });

  it("close() drops a stalled upload after its grace instead of waiting for it", async () => {
    const server = await serveMiner(app, { host: "127.0.0.1", port: 0, closeGraceMs: 100 });
    const stalled = await open(server.port);
    stalled.write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789");
    await new Promise((r) => setTimeout(r, 50));
    const dropped = closed(stalled);
    const started = Date.now();
    await server.close();
    expect(await dropped).toBe(true);
    // Well under Node's own 30 s request timeout, which was all that ended such a connection before.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
