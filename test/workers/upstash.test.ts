import { connect } from "cloudflare:sockets";
import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis/cloudflare";
import { describe, expect, it } from "vitest";
import { z } from "zod";

// The real @upstash/redis (Cloudflare build) inside workerd, against the local Upstash bridge that
// test/global-setup/local-upstash.ts started in Node; data is checked in redis-server over a raw socket.
const bindings = z
  .object({
    UPSTASH_REDIS_REST_URL: z.string().url(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
    UPSTASH_REDIS_REST_READONLY_TOKEN: z.string().min(1),
    LOCAL_REDIS_URL: z.string().startsWith("redis://"),
  })
  .safeParse(env);
if (!bindings.success) {
  console.warn(
    "Upstash worker tests skipped: no local Upstash (install redis-server: apt-get install redis-server)",
  );
}
const cfg = bindings.data;

function client(opts: { token?: string; raw?: boolean } = {}) {
  if (!cfg) throw new Error("no local Upstash");
  return new Redis({
    url: cfg.UPSTASH_REDIS_REST_URL,
    token: opts.token ?? cfg.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    automaticDeserialization: !opts.raw,
  });
}

/** Runs one command straight on redis-server (RESP over a TCP socket) and returns a bulk/int reply. */
async function direct(...args: string[]): Promise<Uint8Array | number | null> {
  if (!cfg) throw new Error("no local Upstash");
  const { hostname, port } = new URL(cfg.LOCAL_REDIS_URL);
  const socket = connect({ hostname, port: Number(port) });
  const encoder = new TextEncoder();
  const parts = [`*${args.length}\r\n`, ...args.map((a) => `$${encoder.encode(a).length}\r\n${a}\r\n`)];
  const writer = socket.writable.getWriter();
  await writer.write(encoder.encode(parts.join("")));
  const reader = socket.readable.getReader();
  let buffer = new Uint8Array(0);
  try {
    for (;;) {
      const parsed = parseReply(buffer);
      if (parsed !== undefined) return parsed;
      const { value, done } = await reader.read();
      if (done) throw new Error("redis closed the socket");
      const next = new Uint8Array(buffer.length + value.length);
      next.set(buffer);
      next.set(value, buffer.length);
      buffer = next;
    }
  } finally {
    await socket.close();
  }
}

// Just enough RESP2 for the checks below: bulk strings, integers and nil; undefined = need more bytes.
function parseReply(bytes: Uint8Array): Uint8Array | number | null | undefined {
  const end = bytes.indexOf(0x0d);
  if (end < 0 || bytes.length < end + 2) return undefined;
  const head = new TextDecoder().decode(bytes.subarray(1, end));
  switch (String.fromCharCode(bytes[0] ?? 0)) {
    case ":":
      return Number(head);
    case "$": {
      const length = Number(head);
      if (length < 0) return null;
      return bytes.length >= end + 2 + length + 2 ? bytes.slice(end + 2, end + 2 + length) : undefined;
    }
    default:
      throw new Error(`unexpected reply: ${new TextDecoder().decode(bytes)}`);
  }
}

const utf8 = (value: string) => new TextEncoder().encode(value);

describe.skipIf(!cfg)("@upstash/redis inside workerd against the local bridge", () => {
  it("runs inside workerd", () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
  });

  it("round-trips unicode and awkward bytes, stored byte for byte in Redis", async () => {
    const raw = client({ raw: true });
    for (const [i, value] of [
      "中文客服 🐱🚀",
      "nul\u0000byte",
      "crlf\r\n",
      `"quoted" 'single' \\`,
    ].entries()) {
      await raw.set(`w:str:${i}`, value);
      expect(await raw.get(`w:str:${i}`)).toBe(value);
      expect(await direct("GET", `w:str:${i}`)).toEqual(utf8(value));
    }
  });

  it("stores JSON values, hashes and sorted sets", async () => {
    const redis = client();
    const order = { id: "订单-1", items: [{ sku: "cat-food", qty: 2 }], paid: true };
    await redis.set("w:json", order);
    expect(await redis.get("w:json")).toEqual(order);
    expect(JSON.parse(new TextDecoder().decode((await direct("GET", "w:json")) as Uint8Array))).toEqual(
      order,
    );

    await redis.hset("w:hash", { intent: "退货", confidence: 0.92 });
    // The client's hgetall parses only safe integers back to numbers; 0.92 stays text, as on Upstash.
    expect(await redis.hgetall("w:hash")).toEqual({ intent: "退货", confidence: "0.92" });
    expect(await direct("HGET", "w:hash", "intent")).toEqual(utf8("退货"));

    await redis.zadd("w:z", { score: 0.5, member: "miner-a" }, { score: 2.25, member: "miner-b" });
    expect(await redis.zrange("w:z", 0, -1, { withScores: true })).toEqual(["miner-a", 0.5, "miner-b", 2.25]);
    expect(await direct("ZSCORE", "w:z", "miner-b")).toEqual(utf8("2.25"));
  });

  it("counts with a TTL, pipelines and transactions", async () => {
    const redis = client();
    expect(await redis.incr("w:count")).toBe(1);
    expect(await redis.expire("w:count", 60)).toBe(1);
    expect(await redis.ttl("w:count")).toBeGreaterThan(50);
    expect(await direct("TTL", "w:count")).toBeGreaterThan(50);

    expect(await redis.pipeline().incr("w:count").get("w:count").exec()).toEqual([2, 2]);
    expect(await redis.multi().set("w:tx", "a").append("w:tx", "b").get("w:tx").exec()).toEqual([
      "OK",
      2,
      "ab",
    ]);
    expect(await direct("GET", "w:tx")).toEqual(utf8("ab"));
  });

  it("evaluates scripts, including the Script EVALSHA path", async () => {
    const redis = client();
    expect(await redis.eval("return {ARGV[1], #ARGV}", [], ["喵"])).toEqual(["喵", 1]);
    const script = redis.createScript<number>("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    expect(await script.exec(["w:script"], ["3"])).toBe(3);
    expect(await script.evalsha(["w:script"], ["4"])).toBe(7);
    expect(await direct("GET", "w:script")).toEqual(utf8("7"));
  });

  it("refuses writes with the read-only token and reads with it", async () => {
    const readonly = client({ token: cfg?.UPSTASH_REDIS_REST_READONLY_TOKEN });
    await client().set("w:ro", "kept");
    expect(await readonly.get("w:ro")).toBe("kept");
    await expect(readonly.set("w:ro", "changed")).rejects.toThrow(/NOPERM/);
    expect(await direct("GET", "w:ro")).toEqual(utf8("kept"));
  });

  it("answers 401 for a bad token and 400 for a malformed body, via fetch", async () => {
    const url = cfg?.UPSTASH_REDIS_REST_URL ?? "";
    const bad = await fetch(url, {
      method: "POST",
      headers: { authorization: "Bearer nope" },
      body: '["PING"]',
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "Unauthorized" });
    const malformed = await fetch(url, {
      method: "POST",
      headers: { authorization: `Bearer ${cfg?.UPSTASH_REDIS_REST_TOKEN}` },
      body: "[unclosed",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/not valid JSON/);
  });
});
