import { existsSync } from "node:fs";
import { Redis as UpstashRedis } from "@upstash/redis";
import { Redis as IORedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalUpstash, startLocalUpstash } from "../local/upstash-bridge";

// The real @upstash/redis client against the bridge over a real redis-server; ioredis reads Redis directly.
const binary = process.env.MIAOAI_REDIS_SERVER ?? "/usr/bin/redis-server";
const missing = !existsSync(binary);
if (missing) console.warn(`Upstash bridge tests skipped: ${binary} is absent (apt-get install redis-server)`);

const MAX_BODY = 64 * 1024;
let local: LocalUpstash;
let direct: IORedis;
let redis: UpstashRedis; // default client: base64 responses, JSON auto-(de)serialization
let raw: UpstashRedis; // strings kept as strings, to check exact bytes

beforeAll(async () => {
  if (missing) return;
  local = await startLocalUpstash({ bridge: { maxBodyBytes: MAX_BODY, maxArgs: 100 } });
  direct = new IORedis(local.redis.url);
  redis = new UpstashRedis({ url: local.url, token: local.token, retry: false });
  raw = new UpstashRedis({
    url: local.url,
    token: local.token,
    retry: false,
    automaticDeserialization: false,
  });
});

afterAll(async () => {
  direct?.disconnect();
  await local?.stop();
});

/** POSTs a raw request to the bridge and returns status, parsed JSON body and the sync token header. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${local.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${local.token}`, "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: JSON.parse(text) as Record<string, unknown>,
    sync: res.headers.get("upstash-sync-token"),
  };
}

describe.skipIf(missing)("@upstash/redis against the local bridge", () => {
  it("round-trips unicode and awkward bytes exactly, as Redis stores them", async () => {
    const values = [
      "中文 and emoji 🐱🚀",
      "nul\u0000inside",
      "crlf\r\nline",
      `quotes "double" 'single' \\ back`,
      "OK",
      "",
    ];
    for (const [i, value] of values.entries()) {
      const key = `str:${i}`;
      expect(await raw.set(key, value)).toBe("OK");
      expect(await raw.get(key)).toBe(value);
      expect(await direct.getBuffer(key)).toEqual(Buffer.from(value, "utf8"));
    }
  });

  it("stores JSON values with the client's auto-serialization and reads them back as objects", async () => {
    const value = { name: "猫咪客服", tags: ["售后", "退货"], n: 3, nested: { ok: true, none: null } };
    await redis.set("json:1", value);
    expect(await redis.get("json:1")).toEqual(value);
    expect(JSON.parse((await direct.get("json:1")) ?? "null")).toEqual(value);
  });

  it("handles hashes", async () => {
    expect(await redis.hset("hash:1", { title: "客服", score: 7, emoji: "😺" })).toBe(3);
    expect(await redis.hget("hash:1", "title")).toBe("客服");
    expect(await redis.hgetall("hash:1")).toEqual({ title: "客服", score: 7, emoji: "😺" });
    expect(await direct.hgetall("hash:1")).toEqual({ title: "客服", score: "7", emoji: "😺" });
  });

  it("handles sorted sets with scores", async () => {
    await redis.zadd(
      "z:1",
      { score: 1.5, member: "alice" },
      { score: 3, member: "bob" },
      { score: -2, member: "猫" },
    );
    expect(await redis.zrange("z:1", 0, -1, { withScores: true })).toEqual([
      "猫",
      -2,
      "alice",
      1.5,
      "bob",
      3,
    ]);
    expect(await redis.zscore("z:1", "alice")).toBe(1.5);
    expect(await redis.zincrby("z:1", 2, "alice")).toBe(3.5);
    expect(await direct.zrange("z:1", 0, -1, "WITHSCORES")).toEqual(["猫", "-2", "bob", "3", "alice", "3.5"]);
  });

  it("counts with incr and expires with a TTL", async () => {
    expect(await redis.incr("counter:1")).toBe(1);
    expect(await redis.incrby("counter:1", 41)).toBe(42);
    expect(await redis.expire("counter:1", 100)).toBe(1);
    const ttl = await redis.ttl("counter:1");
    expect(ttl).toBeGreaterThan(90);
    expect(ttl).toBeLessThanOrEqual(100);
    expect(await direct.ttl("counter:1")).toBeGreaterThan(90);
    expect(await direct.get("counter:1")).toBe("42");
    expect(await redis.ttl("counter:missing")).toBe(-2);
  });

  it("runs pipelines and reports a failing command by position", async () => {
    const results = await redis
      .pipeline()
      .set("pipe:a", "x")
      .incr("pipe:n")
      .incr("pipe:n")
      .get("pipe:a")
      .exec();
    expect(results).toEqual(["OK", 1, 2, "x"]);
    expect(await direct.get("pipe:n")).toBe("2");

    const failing = redis.pipeline().set("pipe:s", "text").incr("pipe:s").get("pipe:s");
    await expect(failing.exec()).rejects.toThrow(/Command 2 \[ incr \] failed: ERR value is not an integer/);
    const kept = await redis.pipeline().incr("pipe:s").get("pipe:s").exec({ keepErrors: true });
    expect(kept[0]?.error).toMatch(/not an integer/);
    expect(kept[1]?.result).toBe("text");
  });

  it("runs transactions atomically with multi()", async () => {
    const results = await redis
      .multi()
      .set("tx:a", "1")
      .incr("tx:a")
      .hset("tx:h", { f: "v" })
      .get("tx:a")
      .exec();
    expect(results).toEqual(["OK", 2, 1, 2]);
    expect(await direct.get("tx:a")).toBe("2");
    expect(await direct.hget("tx:h", "f")).toBe("v");
  });

  it("evaluates scripts with eval, and Script falls back from EVALSHA to EVAL", async () => {
    expect(await redis.eval("return {KEYS[1], ARGV[1], 42}", ["k:eval"], ["中文"])).toEqual([
      "k:eval",
      "中文",
      42,
    ]);
    // A status reply inside an array must be encoded too, or the client would decode "OK" as base64.
    expect(await redis.eval("return {redis.call('SET', KEYS[1], ARGV[1])}", ["k:status"], ["v"])).toEqual([
      "OK",
    ]);

    await direct.script("FLUSH");
    const script = redis.createScript<number>("return redis.call('INCRBY', KEYS[1], ARGV[1])");
    expect(await script.exec(["script:n"], ["5"])).toBe(5); // NOSCRIPT -> EVAL
    expect(await script.evalsha(["script:n"], ["5"])).toBe(10); // now cached in Redis
    const sha = await redis.scriptLoad("return ARGV[1]");
    expect(await raw.evalsha(sha, [], ["loaded"])).toBe("loaded");
    expect(await redis.scriptExists(sha)).toEqual([1]);
    expect(await direct.get("script:n")).toBe("10");
  });

  it("works with base64 responses turned off as well", async () => {
    const plain = new UpstashRedis({
      url: local.url,
      token: local.token,
      responseEncoding: false,
      retry: false,
    });
    await plain.set("plain:1", "中文 🐱");
    expect(await plain.get("plain:1")).toBe("中文 🐱");
    expect(await plain.mget("plain:1", "plain:none")).toEqual(["中文 🐱", null]);
  });

  it("throws Unauthorized for a wrong token", async () => {
    const wrong = new UpstashRedis({ url: local.url, token: "not-the-token", retry: false });
    await expect(wrong.get("x")).rejects.toThrow(/Unauthorized/);
  });
});

describe.skipIf(missing)("raw HTTP behaviour of the bridge", () => {
  it("answers 401 for a missing or wrong token, and accepts the _token query parameter", async () => {
    const none = await fetch(`${local.url}/`, { method: "POST", body: '["PING"]' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: "Unauthorized" });
    const wrong = await post("/", ["PING"], { authorization: "Bearer nope" });
    expect(wrong).toMatchObject({ status: 401, body: { error: "Unauthorized" } });
    const query = await fetch(`${local.url}/ping?_token=${encodeURIComponent(local.token)}`);
    expect(await query.json()).toEqual({ result: "PONG" });
  });

  it("lets the read-only token read but refuses writes with NOPERM", async () => {
    await direct.set("ro:k", "readable");
    const ro = { authorization: `Bearer ${local.readonlyToken}` };
    expect(await post("/", ["GET", "ro:k"], ro)).toMatchObject({ status: 200, body: { result: "readable" } });
    expect(await post("/", ["SET", "ro:k", "changed"], ro)).toMatchObject({
      status: 400,
      body: { error: "NOPERM this user has no permissions to run the 'set' command" },
    });
    expect((await post("/", ["EVAL", "return 1", "0"], ro)).status).toBe(400);
    expect(await post("/", ["EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "ro:k"], ro)).toMatchObject({
      status: 200,
      body: { result: "readable" },
    });
    const mixed = await post(
      "/pipeline",
      [
        ["GET", "ro:k"],
        ["DEL", "ro:k"],
      ],
      ro,
    );
    expect(mixed.body).toEqual([
      { result: "readable" },
      { error: "NOPERM this user has no permissions to run the 'del' command" },
    ]);
    expect(
      (
        await post(
          "/multi-exec",
          [
            ["GET", "ro:k"],
            ["DEL", "ro:k"],
          ],
          ro,
        )
      ).status,
    ).toBe(400);
    expect(await direct.get("ro:k")).toBe("readable");
    const viaClient = new UpstashRedis({ url: local.url, token: local.readonlyToken, retry: false });
    await expect(viaClient.set("ro:k", "x")).rejects.toThrow(/NOPERM/);
  });

  it("answers 400 naming the problem for malformed bodies", async () => {
    expect(await post("/", "{not json")).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/not valid JSON/) },
    });
    expect(await post("/", { cmd: "GET" })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/JSON array/) },
    });
    expect(await post("/", [])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/empty array/) },
    });
    expect(await post("/", ["SET", "k", { a: 1 }])).toMatchObject({
      status: 400,
      body: {
        error: expect.stringMatching(
          /element 2 must be a string, a finite number or a boolean, got an object/,
        ),
      },
    });
    expect(await post("/", [42, "k"])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/command name/) },
    });
    expect(await post("/pipeline", ["GET", "k"])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/command 0 must be a JSON array/) },
    });
    expect(await post("/pipeline", [])).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/empty/) },
    });
    const tooMany = ["MSET", ...Array.from({ length: 120 }, (_, i) => `a${i}`)];
    expect(await post("/", tooMany)).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/more than 100/) },
    });
  });

  it("answers 413 for a body over the limit, before touching Redis", async () => {
    const big = ["SET", "big:k", "x".repeat(MAX_BODY)];
    const res = await post("/", big);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/exceeds the limit of 65536 bytes/);
    expect(await direct.exists("big:k")).toBe(0);
  });

  it("returns command errors as 400 { error } like Upstash", async () => {
    await direct.set("err:s", "text");
    expect(await post("/", ["INCR", "err:s"])).toEqual({
      status: 400,
      body: { error: "ERR value is not an integer or out of range" },
      sync: expect.any(String),
    });
    expect((await post("/", ["NOSUCHCOMMAND"])).body.error).toMatch(/unknown command/);
  });

  it("refuses blocking, subscribing and connection-state commands with a clear 400", async () => {
    for (const command of [
      ["BLPOP", "q", "0"],
      ["SUBSCRIBE", "ch"],
      ["MONITOR"],
      ["SELECT", "1"],
      ["CONFIG", "GET", "dir"],
    ]) {
      const res = await post("/", command);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/not supported by the local Upstash bridge/);
    }
    expect((await post("/", ["XREAD", "COUNT", "1", "BLOCK", "0", "STREAMS", "s", "$"])).status).toBe(400);
    expect(await post("/", ["XREAD", "COUNT", "1", "STREAMS", "s:none", "0"])).toMatchObject({
      status: 200,
      body: { result: null },
    });
  });

  it("base64-encodes strings (recursively) only when Upstash-Encoding: base64 is sent", async () => {
    await direct.set("enc:a", "中文");
    await direct.set("enc:ok", "OK");
    expect((await post("/", ["GET", "enc:a"])).body).toEqual({ result: "中文" });
    const b64 = { "upstash-encoding": "base64" };
    expect((await post("/", ["GET", "enc:a"], b64)).body).toEqual({
      result: Buffer.from("中文").toString("base64"),
    });
    expect((await post("/", ["SET", "enc:b", "v"], b64)).body).toEqual({ result: "OK" });
    expect((await post("/", ["MGET", "enc:a", "enc:ok", "enc:none"], b64)).body).toEqual({
      result: [Buffer.from("中文").toString("base64"), "T0s=", null],
    });
    expect((await post("/", ["INCR", "enc:n"], b64)).body).toEqual({ result: 1 });
    expect((await post("/", ["EVAL", "return {1, {'a', 2}}", "0"], b64)).body).toEqual({
      result: [1, ["YQ==", 2]],
    });
  });

  it("is binary-safe: a path-style POST body is stored byte for byte and comes back as base64", async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x80, 0x0d, 0x0a, 0xc3]);
    const res = await fetch(`${local.url}/set/bin:k?EX=100`, {
      method: "POST",
      headers: { authorization: `Bearer ${local.token}` },
      body: bytes,
    });
    expect(await res.json()).toEqual({ result: "OK" });
    expect(await direct.getBuffer("bin:k")).toEqual(bytes);
    expect(await direct.ttl("bin:k")).toBeGreaterThan(90);
    const read = await post("/", ["GET", "bin:k"], { "upstash-encoding": "base64" });
    expect(Buffer.from(read.body.result as string, "base64")).toEqual(bytes);
    const path = await fetch(`${local.url}/get/${encodeURIComponent("bin:k")}`, {
      headers: { authorization: `Bearer ${local.token}`, "upstash-encoding": "base64" },
    });
    expect(await path.json()).toEqual({ result: bytes.toString("base64") });
  });

  it("returns an upstash-sync-token that advances on writes and accepts it back", async () => {
    const first = await post("/", ["GET", "sync:k"]);
    expect(first.sync).toMatch(/^\d+$/);
    const write = await post("/", ["SET", "sync:k", "v"], { "upstash-sync-token": first.sync ?? "" });
    expect(Number(write.sync)).toBeGreaterThan(Number(first.sync));
    const read = await post("/", ["GET", "sync:k"], { "upstash-sync-token": write.sync ?? "" });
    expect(read).toMatchObject({ body: { result: "v" }, sync: write.sync });
    const telemetry = { "upstash-telemetry-sdk": "test", "upstash-telemetry-runtime": "node" };
    expect((await post("/", ["PING"], telemetry)).body).toEqual({ result: "PONG" });
  });

  it("refuses an unsupported Upstash-Response-Format and unsupported methods", async () => {
    const resp2 = await post("/", ["PING"], { "upstash-response-format": "resp2" });
    expect(resp2).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/Response-Format 'resp2'/) },
    });
    expect((await post("/", ["PING"], { "upstash-response-format": "json" })).body).toEqual({
      result: "PONG",
    });
    const del = await fetch(`${local.url}/`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${local.token}` },
    });
    expect(del.status).toBe(405);
  });

  it("discards a whole transaction on a queue-time error, and keeps going past run-time errors", async () => {
    await direct.set("tx2:k", "before");
    const aborted = await post("/multi-exec", [
      ["SET", "tx2:k", "after"],
      ["SET", "tx2:k"],
    ]);
    expect(aborted.status).toBe(400);
    expect(aborted.body.error).toMatch(/^EXECABORT .*wrong number of arguments/);
    expect(await direct.get("tx2:k")).toBe("before");

    const partial = await post("/multi-exec", [
      ["SET", "tx2:k", "after"],
      ["INCR", "tx2:k"],
      ["GET", "tx2:k"],
    ]);
    expect(partial).toMatchObject({
      status: 200,
      body: [{ result: "OK" }, { error: "ERR value is not an integer or out of range" }, { result: "after" }],
    });
  });
});

describe.skipIf(missing)("bridge lifecycle", () => {
  it("stop() closes kept-alive client connections and frees the port", async () => {
    const other = await startLocalUpstash();
    const client = new UpstashRedis({ url: other.url, token: other.token, retry: false });
    expect(await client.ping()).toBe("PONG");
    await other.stop();
    await expect(fetch(`${other.url}/ping`)).rejects.toThrow();
    expect(existsSync(other.redis.dir)).toBe(false);
  });

  it("answers 500 with an { error } naming the cause when Redis goes away, and keeps serving", async () => {
    const other = await startLocalUpstash();
    try {
      await other.redis.stop();
      const res = await fetch(`${other.url}/`, {
        method: "POST",
        headers: { authorization: `Bearer ${other.token}` },
        body: '["GET","k"]',
      });
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: string }).error).toMatch(/^ERR local Upstash bridge failed: /);
      const unauthorized = await fetch(`${other.url}/ping`);
      expect(unauthorized.status).toBe(401);
    } finally {
      await other.stop();
    }
  });
});
