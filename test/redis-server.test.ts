import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  type RedisServer,
  RedisServerNotFoundError,
  redisServerInstalled,
  startRedisServer,
} from "../local/redis-server";

const binary = process.env.MIAOAI_REDIS_SERVER ?? "/usr/bin/redis-server";
const missing = !existsSync(binary);
if (missing) console.warn(`redis-server tests skipped: ${binary} is absent (apt-get install redis-server)`);

// A killed child can linger as a zombie until it is reaped; that counts as gone.
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, "utf8") : "";
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function waitUntilGone(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Runs a Node child that starts a server and then exits (`exit`) or waits for a signal (`wait`). */
async function childWithServer(mode: "exit" | "wait") {
  const dir = await mkdtemp(join(tmpdir(), "miaoai-redis-child-"));
  const script = join(dir, "child.mts");
  const module = resolve(import.meta.dirname, "../local/redis-server.ts");
  await writeFile(
    script,
    `import { startRedisServer } from ${JSON.stringify(module)};
const s = await startRedisServer();
console.log(JSON.stringify({ pid: s.pid, dir: s.dir }));
if (${JSON.stringify(mode)} === "exit") process.exit(0);
setInterval(() => {}, 1000);
`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: resolve(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((done) =>
    child.once("exit", (code, signal) => done(signal ?? code)),
  );
  const line = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("\n")) done(out.split("\n")[0] ?? "");
    });
    child.once("exit", () => fail(new Error(`child exited before reporting: ${out}`)));
  });
  const server = JSON.parse(line) as { pid: number; dir: string };
  return { child, exited, server, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

describe("startRedisServer", () => {
  const started: RedisServer[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.stop()));
  });

  it.skipIf(missing)("starts on a free 127.0.0.1 port in a fresh temp dir and stores real data", async () => {
    const server = await startRedisServer();
    started.push(server);
    expect(server.host).toBe("127.0.0.1");
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(existsSync(server.dir)).toBe(true);
    expect(isAlive(server.pid)).toBe(true);

    const client = new Redis(server.url);
    try {
      await client.set("greeting", "你好 🐱");
      expect(await client.get("greeting")).toBe("你好 🐱");
      // No persistence unless asked: RDB snapshots and AOF are both off.
      expect(await client.config("GET", "save")).toEqual(["save", ""]);
      expect(await client.config("GET", "appendonly")).toEqual(["appendonly", "no"]);
      expect(await client.config("GET", "dir")).toEqual(["dir", server.dir]);
    } finally {
      client.disconnect();
    }
  });

  it.skipIf(missing)("runs two servers side by side on different ports with separate data", async () => {
    const [a, b] = await Promise.all([startRedisServer(), startRedisServer()]);
    started.push(a, b);
    expect(a.port).not.toBe(b.port);
    const ca = new Redis(a.url);
    const cb = new Redis(b.url);
    try {
      await ca.set("k", "a");
      expect(await cb.get("k")).toBeNull();
    } finally {
      ca.disconnect();
      cb.disconnect();
    }
  });

  it.skipIf(missing)("stop() kills the process, removes the temp dir, and is idempotent", async () => {
    const server = await startRedisServer();
    expect(isAlive(server.pid)).toBe(true);
    await server.stop();
    expect(isAlive(server.pid)).toBe(false); // stop() resolves only after the child was reaped
    expect(existsSync(server.dir)).toBe(false);
    await expect(server.stop()).resolves.toBeUndefined();
  });

  it.skipIf(missing)("leaves no server behind when the owning process exits without stop()", async () => {
    const { exited, server, cleanup } = await childWithServer("exit");
    try {
      expect(await exited).toBe(0);
      expect(await waitUntilGone(server.pid)).toBe(true);
      expect(existsSync(server.dir)).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it.skipIf(missing)("leaves no server behind when the owning process gets SIGINT", async () => {
    const { child, exited, server, cleanup } = await childWithServer("wait");
    try {
      expect(isAlive(server.pid)).toBe(true);
      child.kill("SIGINT");
      expect(await exited).toBe("SIGINT");
      expect(await waitUntilGone(server.pid)).toBe(true);
      expect(existsSync(server.dir)).toBe(false);
    } finally {
      await cleanup();
    }
  });

  it.skipIf(missing)("persists to a caller-owned dir when asked and keeps that dir after stop", async () => {
    const dir = await mkdtemp(join(tmpdir(), "miaoai-redis-persist-"));
    try {
      const first = await startRedisServer({ dir, persist: true });
      const client = new Redis(first.url);
      await client.set("durable", "yes");
      client.disconnect();
      await first.stop(); // SIGTERM: redis-server writes its data before exiting
      expect(existsSync(dir)).toBe(true);

      const second = await startRedisServer({ dir, persist: true });
      const again = new Redis(second.url);
      try {
        expect(await again.get("durable")).toBe("yes");
      } finally {
        again.disconnect();
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("throws RedisServerNotFoundError naming redis-server and apt-get when the binary is missing", async () => {
    const attempt = startRedisServer({ binary: "/nonexistent/redis-server-missing" });
    await expect(attempt).rejects.toBeInstanceOf(RedisServerNotFoundError);
    await expect(attempt).rejects.toThrow(/redis-server.*apt-get install redis-server/s);
  });

  it("honours MIAOAI_REDIS_SERVER when no binary option is given", async () => {
    const previous = process.env.MIAOAI_REDIS_SERVER;
    process.env.MIAOAI_REDIS_SERVER = "/nonexistent/from-env/redis-server";
    try {
      await expect(startRedisServer()).rejects.toThrow(/from-env\/redis-server/);
    } finally {
      if (previous === undefined) delete process.env.MIAOAI_REDIS_SERVER;
      else process.env.MIAOAI_REDIS_SERVER = previous;
    }
  });

  it("redisServerInstalled: true for the binary tests start, false for a missing one or one named in the env", () => {
    expect(redisServerInstalled()).toBe(true); // .ci/run installs redis-server before the tests
    expect(redisServerInstalled("/nonexistent/redis-server-missing")).toBe(false);
    const previous = process.env.MIAOAI_REDIS_SERVER;
    process.env.MIAOAI_REDIS_SERVER = "/nonexistent/from-env/redis-server";
    try {
      expect(redisServerInstalled()).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.MIAOAI_REDIS_SERVER;
      else process.env.MIAOAI_REDIS_SERVER = previous;
    }
  });
});
