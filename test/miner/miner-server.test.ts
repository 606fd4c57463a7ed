import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../local/redis-server";
import { metagraphGate, staticMetagraphSource } from "../../miner/src/auth/caller-gate";
import {
  ExpiredError,
  type InferenceEngine,
  noopEngine,
  type RunOptions,
} from "../../miner/src/inference/engine";
import { createOnnxEngine, loadModelDirs } from "../../miner/src/inference/onnx-engine";
import { createMinerMetrics } from "../../miner/src/observability/metrics";
import { hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";
import {
  checkResponseAgainstRequest,
  parseTaskResponse,
  TASK_TYPES,
  type TaskRequest,
} from "../../shared/src/protocol";
import { countingEngine, startTestMiner, type TestKeys, type TestMiner, testKeys } from "./helpers/harness";
import { writeFixtureModels } from "./helpers/model-fixtures";
import { sampleTask } from "./helpers/sample-tasks";
import { postSigned, type SignedCaller, signTask, verifyReply } from "./helpers/signed-client";

// The real thing end to end: redis-server, onnxruntime sessions of project-built models, Hono on
// @hono/node-server on loopback, Epistula signed with sr25519 (wasm).

let redis: RedisServer;
let keys: TestKeys;
let modelRoot: string;
let onnx: InferenceEngine;
let engine: ReturnType<typeof countingEngine>;
let miner: TestMiner;
let replica: TestMiner;
let alice: SignedCaller;
const metrics = createMinerMetrics();

beforeAll(async () => {
  redis = await startRedisServer();
  keys = await testKeys();
  modelRoot = await mkdtemp(join(tmpdir(), "miaoai-miner-models-"));
  await writeFixtureModels(modelRoot);
  onnx = await createOnnxEngine(await loadModelDirs([modelRoot]), {
    provider: "cpu",
    intraOpThreads: 1,
    interOpThreads: 1,
    batchWindowMs: 2,
    maxBatchRows: 64,
    onBatch: (taskType, rows) => metrics.batchRows.observe({ task_type: taskType }, rows),
  });
  await onnx.warmUp();
  engine = countingEngine(onnx);
  const gate = metagraphGate({
    source: staticMetagraphSource({
      neurons: [
        { hotkey: keys.alice.ss58, validatorPermit: true, stake: 5000 },
        { hotkey: keys.dave.ss58, validatorPermit: false, stake: 5000 },
        { hotkey: keys.eve.ss58, validatorPermit: true, stake: 10 },
        { hotkey: keys.ferdie.ss58, validatorPermit: true, stake: 5000 },
      ],
    }),
    minStake: 1000,
    deny: [keys.ferdie.ss58],
    refreshMs: 0,
  });
  await gate.start();
  miner = await startTestMiner({ keys, redisUrl: redis.url, engine, gate, metrics });
  replica = await startTestMiner({ keys, redisUrl: redis.url, engine, gate });
  alice = { validator: keys.alice, miner: keys.miner.ss58, sr25519: keys.sr25519 };
});

/** One more miner on the shared Redis with the main miner's gate: a no-op engine unless given. */
function anotherMiner(options: Partial<Parameters<typeof startTestMiner>[0]> = {}) {
  return startTestMiner({
    keys,
    redisUrl: redis.url,
    engine: noopEngine(),
    gate: miner.deps.gate,
    ...options,
  });
}

afterAll(async () => {
  await miner?.close();
  await replica?.close();
  await onnx?.close();
  await redis?.stop();
  if (modelRoot) await rm(modelRoot, { recursive: true, force: true });
});

/** Runs `fn` and returns how many times the engine ran meanwhile. */
async function engineCallsDuring(fn: () => Promise<void>): Promise<number> {
  const before = engine.calls;
  await fn();
  return engine.calls - before;
}

describe("serving each task type", () => {
  for (const taskType of TASK_TYPES) {
    it(`${taskType}: a signed request gets a consistent answer signed by the miner`, async () => {
      const task = sampleTask(taskType, 1);
      const req = signTask(alice, task);
      const reply = await postSigned(miner.url, taskType, req);
      expect(reply.status, reply.text).toBe(200);
      const parsed = parseTaskResponse(reply.json);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(checkResponseAgainstRequest(task, parsed.value)).toEqual({ ok: true });
      const verdict = await verifyReply(alice, req, reply);
      expect(verdict.ok).toBe(true);
    });
  }

  it("the answer is the model's: same request, same answer, from either replica", async () => {
    const task = sampleTask("intent_classification", 3);
    const a = await postSigned(miner.url, "intent_classification", signTask(alice, task));
    const b = await postSigned(replica.url, "intent_classification", signTask(alice, task));
    expect(a.status).toBe(200);
    expect(b.json).toEqual(a.json);
    const probs = (a.json as { probabilities: Record<string, number> }).probabilities;
    // Random weights give non-uniform probabilities: the model really ran.
    expect(new Set(Object.values(probs)).size).toBeGreaterThan(1);
  });
});

describe("Epistula: 401 and no model runs", () => {
  const task = () => sampleTask("sentiment", 2);

  it("missing signature headers", async () => {
    const req = signTask(alice, task());
    delete req.headers["Epistula-Request-Signature"];
    let status = 0;
    const calls = await engineCallsDuring(async () => {
      const reply = await postSigned(miner.url, "sentiment", req);
      status = reply.status;
      expect(reply.text).toContain("missing_header");
    });
    expect(status).toBe(401);
    expect(calls).toBe(0);
  });

  it("forged: body changed after signing", async () => {
    const req = signTask(alice, task());
    req.body = req.body.replace("sentiment", "sentiment ");
    let reply: Awaited<ReturnType<typeof postSigned>> | undefined;
    const calls = await engineCallsDuring(async () => {
      reply = await postSigned(miner.url, "sentiment", req);
    });
    expect(reply?.status).toBe(401);
    expect(reply?.text).toContain("bad_signature");
    expect(calls).toBe(0);
  });

  it("garbage signatures (not schnorrkel encodings), thousands of them, do not break verification", async () => {
    const garbage = ["aa".repeat(64), "00".repeat(64), `${"ff".repeat(63)}7f`];
    for (let i = 0; i < 1500; i++) {
      const req = signTask(alice, task());
      req.headers["Epistula-Request-Signature"] = `0x${garbage[i % garbage.length]}`;
      const reply = await postSigned(miner.url, "sentiment", req);
      expect(reply.status).toBe(401);
    }
    const reply = await postSigned(miner.url, "sentiment", signTask(alice, task()));
    expect(reply.status, reply.text).toBe(200);
  });

  it("forged: signed by Eve but claiming to be Alice", async () => {
    const req = signTask({ ...alice, validator: keys.eve }, task());
    req.headers["Epistula-Signed-By"] = keys.alice.ss58;
    let status = 0;
    const calls = await engineCallsDuring(async () => {
      status = (await postSigned(miner.url, "sentiment", req)).status;
    });
    expect(status).toBe(401);
    expect(calls).toBe(0);
  });

  it("expired and future-dated timestamps", async () => {
    const old = signTask(alice, task(), Date.now() - 20_000);
    const future = signTask(alice, task(), Date.now() + 60_000);
    const calls = await engineCallsDuring(async () => {
      const a = await postSigned(miner.url, "sentiment", old);
      const b = await postSigned(miner.url, "sentiment", future);
      expect([a.status, b.status]).toEqual([401, 401]);
      expect(a.text).toContain("expired");
      expect(b.text).toContain("future");
    });
    expect(calls).toBe(0);
  });

  it("a stale or misdirected request is refused before its body is read", async () => {
    for (const req of [
      signTask(alice, task(), Date.now() - 20_000),
      signTask({ ...alice, miner: keys.charlie.ss58 }, task()),
    ]) {
      // Declares 400 kB and sends none of it: the answer must not wait for (or buffer) the body.
      const result = await rawPost(
        miner.url,
        "/v1/tasks/sentiment",
        { ...req.headers, "content-length": String(400_000) },
        () => null,
      );
      expect(result).toEqual({ status: 401, sentBytes: 0 });
    }
  });

  it("signed for another receiver", async () => {
    const req = signTask({ ...alice, miner: keys.charlie.ss58 }, task());
    const calls = await engineCallsDuring(async () => {
      const reply = await postSigned(miner.url, "sentiment", req);
      expect(reply.status).toBe(401);
      expect(reply.text).toContain("wrong_receiver");
    });
    expect(calls).toBe(0);
  });

  it("replayed to the same replica, and to a second replica sharing Redis", async () => {
    const req = signTask(alice, task());
    expect((await postSigned(miner.url, "sentiment", req)).status).toBe(200);
    const calls = await engineCallsDuring(async () => {
      const again = await postSigned(miner.url, "sentiment", req);
      const elsewhere = await postSigned(replica.url, "sentiment", req);
      expect([again.status, elsewhere.status]).toEqual([401, 401]);
      expect(elsewhere.text).toContain("replayed");
    });
    expect(calls).toBe(0);
  });

  it("a request first sent to the second replica is refused by the first", async () => {
    const req = signTask(alice, task());
    expect((await postSigned(replica.url, "sentiment", req)).status).toBe(200);
    expect((await postSigned(miner.url, "sentiment", req)).status).toBe(401);
  });
});

describe("metagraph gate: 403", () => {
  const cases = [
    ["unregistered", "charlie"],
    ["no_permit", "dave"],
    ["low_stake", "eve"],
    ["denied", "ferdie"],
  ] as const;
  for (const [reason, who] of cases) {
    it(`${reason} (${who})`, async () => {
      const caller = { ...alice, validator: keys[who] };
      const req = signTask(caller, sampleTask("sentiment", 4));
      const calls = await engineCallsDuring(async () => {
        const reply = await postSigned(miner.url, "sentiment", req);
        expect(reply.status).toBe(403);
        expect(reply.text).toContain(reason);
        // Refusals to a verified caller are signed too, so the validator can prove what it was told.
        expect((await verifyReply(caller, req, reply)).ok).toBe(true);
      });
      expect(calls).toBe(0);
    });
  }
});

describe("refused callers leave nothing behind", () => {
  it("hotkeys anyone can make (signed, refused 403) add no Redis keys and no served-log entries", async () => {
    await miner.deps.store.flush();
    const logBefore = await miner.deps.store.recent(10_000);
    const keysBefore = await miner.redis.dbsize();
    const strangers = Array.from({ length: 5 }, (_, i) => hotkeyPairFromUri(`//Stranger${i}-${Date.now()}`));
    for (const stranger of strangers) {
      const reply = await postSigned(
        miner.url,
        "sentiment",
        signTask({ ...alice, validator: stranger }, sampleTask("sentiment", 6)),
      );
      expect(reply.status).toBe(403);
    }
    await miner.deps.store.flush();
    expect(await miner.redis.dbsize()).toBe(keysBefore);
    expect(await miner.deps.store.recent(10_000)).toEqual(logBefore);
    for (const stranger of strangers) expect(await miner.deps.store.counters(stranger.ss58)).toEqual({});
  });
});

describe("413 without buffering", () => {
  it("refuses a declared Content-Length over the cap before reading the body", async () => {
    const req = signTask(alice, sampleTask("sentiment", 5));
    const result = await rawPost(
      miner.url,
      "/v1/tasks/sentiment",
      {
        ...req.headers,
        "content-length": String(50 * 1024 * 1024),
      },
      () => null,
    );
    expect(result.status).toBe(413);
    expect(result.sentBytes).toBe(0);
    // A length of 16+ digits is as much too large, not "unknown" (it used to wait for the body, then 504).
    const huge = await rawPost(
      miner.url,
      "/v1/tasks/sentiment",
      { ...req.headers, "content-length": "1000000000000000" },
      () => null,
    );
    expect(huge.status).toBe(413);
  });

  it("accepts a legal Content-Length written with leading zeros", async () => {
    const req = signTask(alice, sampleTask("sentiment", 30));
    const bytes = Buffer.from(req.body);
    const chunks = [bytes];
    const result = await rawPost(
      miner.url,
      "/v1/tasks/sentiment",
      { ...req.headers, "content-length": String(bytes.length).padStart(20, "0") },
      () => chunks.shift() ?? null,
    );
    expect(result.status).toBe(200);
  });

  it("answers 408 and closes when a body trickles in slower than BODY_TIMEOUT_MS", async () => {
    const slowBody = await anotherMiner({ limits: { bodyTimeoutMs: 300 } });
    try {
      const req = signTask(alice, sampleTask("sentiment", 31));
      const bytes = Buffer.from(req.body);
      let chunks = 0;
      const started = Date.now();
      // Half the body, then nothing: the signature cannot be checked, so the socket must not be held.
      const result = await rawPost(
        slowBody.url,
        "/v1/tasks/sentiment",
        { ...req.headers, "content-length": String(bytes.length) },
        () => (chunks++ === 0 ? bytes.subarray(0, bytes.length >> 1) : null),
      );
      expect(result.status).toBe(408);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await slowBody.close();
    }
  });

  it("stops reading a chunked body once it passes the cap", async () => {
    const req = signTask(alice, sampleTask("sentiment", 6));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    // An endless body: if the server buffered to the end, this would never answer.
    const result = await rawPost(
      miner.url,
      "/v1/tasks/sentiment",
      { ...req.headers, "transfer-encoding": "chunked" },
      () => {
        sent += chunk.length;
        return sent > 200 * 1024 * 1024 ? null : chunk;
      },
    );
    expect(result.status).toBe(413);
    // The cap is 512 KiB; socket buffers let a few MiB more through, far from the 200 MiB offered.
    expect(result.sentBytes).toBeLessThan(16 * 1024 * 1024);
  });
});

describe("400 naming the bad field", () => {
  const bad: [string, (t: Record<string, unknown>) => unknown, string][] = [
    ["missing text", (t) => ({ ...t, text: undefined }), "text"],
    ["labels not distinct", (t) => ({ ...t, labels: ["refund", "refund"] }), "labels"],
    ["unknown field", (t) => ({ ...t, extra: 1 }), "extra"],
    ["deadline too long", (t) => ({ ...t, deadlineMs: 10_000_000 }), "deadlineMs"],
    ["another task type on this route", (t) => ({ ...t, taskType: "sentiment" }), "taskType"],
  ];
  for (const [name, mutate, field] of bad) {
    it(name, async () => {
      const task = mutate(sampleTask("intent_classification", 7) as unknown as Record<string, unknown>);
      const reply = await postSigned(miner.url, "intent_classification", signTask(alice, task));
      expect(reply.status).toBe(400);
      expect((reply.json as { error: { message: string } }).error.message).toContain(field);
    });
  }

  it("a body that is not JSON", async () => {
    const reply = await postSigned(miner.url, "sentiment", signTask(alice, "{not json"));
    expect(reply.status).toBe(400);
    expect(reply.text).toContain("JSON");
  });

  it("an image whose bytes do not decode names image.data", async () => {
    const task = sampleTask("product_image", 1) as Extract<TaskRequest, { taskType: "product_image" }>;
    const broken = { ...task, image: { mediaType: "image/png", data: `iVBORw0KGgo${"A".repeat(40)}` } };
    const reply = await postSigned(miner.url, "product_image", signTask(alice, broken));
    expect(reply.status).toBe(400);
    expect(reply.text).toContain("image.data");
  });
});

describe("load and batching", () => {
  it("answers 256 concurrent valid requests correctly", async () => {
    const tasks = Array.from({ length: 256 }, (_, i) =>
      sampleTask(TASK_TYPES[i % 4] as TaskRequest["taskType"], i),
    );
    const expected = await Promise.all(tasks.map((t) => unbatchedAnswer(t)));
    const replies = await Promise.all(
      tasks.map((t) => postSigned(miner.url, t.taskType, signTask(alice, t))),
    );
    for (const [i, reply] of replies.entries()) {
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json).toEqual(expected[i]);
    }
  });

  it("requests arriving together share one session.run", async () => {
    const before = batchCount("intent_classification");
    const tasks = Array.from({ length: 32 }, (_, i) => sampleTask("intent_classification", i));
    await Promise.all(tasks.map((t) => onnx.run(t)));
    const runs = batchCount("intent_classification") - before;
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThan(32);
  });

  it("batched and unbatched answers are identical", async () => {
    const tasks = TASK_TYPES.flatMap((type) => Array.from({ length: 24 }, (_, i) => sampleTask(type, i)));
    const batched = await Promise.all(tasks.map((t) => onnx.run(t)));
    const unbatched = await Promise.all(tasks.map((t) => unbatchedAnswer(t)));
    expect(batched).toEqual(unbatched);
  });
});

describe("rate limits: 429 with Retry-After, shared by replicas", () => {
  it("refuses past the per-window budget and the concurrency cap", async () => {
    const limited = await anotherMiner({ rateLimits: { perWindow: 3, windowMs: 60_000 } });
    const second = await anotherMiner({ rateLimits: { perWindow: 3, windowMs: 60_000 } });
    try {
      // Fresh key space for this test: another validator (Alice's budget is used by the other tests).
      await limited.redis.flushdb();
      const statuses: number[] = [];
      for (const target of [limited, second, limited, second]) {
        statuses.push(
          (await postSigned(target.url, "sentiment", signTask(alice, sampleTask("sentiment", 8)))).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const reply = await postSigned(limited.url, "sentiment", signTask(alice, sampleTask("sentiment", 9)));
      expect(reply.status).toBe(429);
      expect(Number(reply.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    } finally {
      await limited.close();
      await second.close();
    }
  });

  it("replays of a captured request do not spend its validator's budget; a 429'd request may be retried as is", async () => {
    const limited = await anotherMiner({ rateLimits: { perWindow: 2, windowMs: 1_000 } });
    try {
      await limited.redis.flushdb();
      // Start at the beginning of a window so the whole exchange falls inside one.
      await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 20));
      const captured = signTask(alice, sampleTask("sentiment", 20));
      expect((await postSigned(limited.url, "sentiment", captured)).status).toBe(200);
      for (let i = 0; i < 5; i++) {
        const replay = await postSigned(limited.url, "sentiment", captured);
        expect(replay.status).toBe(401);
        expect(replay.text).toContain("replayed");
      }
      expect(
        (await postSigned(limited.url, "sentiment", signTask(alice, sampleTask("sentiment", 21)))).status,
      ).toBe(200);
      const over = signTask(alice, sampleTask("sentiment", 22));
      expect((await postSigned(limited.url, "sentiment", over)).status).toBe(429);
      await new Promise((r) => setTimeout(r, 1_000 - (Date.now() % 1_000) + 20));
      const retried = await postSigned(limited.url, "sentiment", over);
      expect(retried.status, retried.text).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("caps requests in flight per validator", async () => {
    let releaseAll: () => void = () => {};
    const gateOpen = new Promise<void>((r) => {
      releaseAll = r;
    });
    const slow: InferenceEngine = {
      ...noopEngine(),
      run: async (t) => {
        await gateOpen;
        return noopEngine().run(t);
      },
    };
    const capped = await anotherMiner({ engine: slow, rateLimits: { maxConcurrent: 2 } });
    try {
      await capped.redis.flushdb();
      const pending = [0, 1].map((i) =>
        postSigned(capped.url, "sentiment", signTask(alice, sampleTask("sentiment", i))),
      );
      await new Promise((r) => setTimeout(r, 200));
      const third = await postSigned(capped.url, "sentiment", signTask(alice, sampleTask("sentiment", 3)));
      expect(third.status).toBe(429);
      expect(third.headers.get("retry-after")).toBe("1");
      releaseAll();
      expect((await Promise.all(pending)).map((r) => r.status)).toEqual([200, 200]);
      // Slots were released: a new request passes.
      expect(
        (await postSigned(capped.url, "sentiment", signTask(alice, sampleTask("sentiment", 4)))).status,
      ).toBe(200);
    } finally {
      releaseAll();
      await capped.close();
    }
  });
});

describe("fair queuing", () => {
  it("hands the engine each request's validator hotkey and deadline, so its queues take turns by validator", async () => {
    const seen: (RunOptions | undefined)[] = [];
    const recording: InferenceEngine = {
      ...noopEngine(),
      run: (task, options) => {
        seen.push(options);
        return noopEngine().run(task);
      },
    };
    const m = await anotherMiner({ engine: recording });
    try {
      const sentAt = Date.now();
      const reply = await postSigned(m.url, "sentiment", signTask(alice, sampleTask("sentiment", 41)));
      expect(reply.status, reply.text).toBe(200);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.caller).toBe(alice.validator.ss58);
      expect(seen[0]?.expiresAt).toBeGreaterThan(sentAt);
    } finally {
      await m.close();
    }
  });
});

describe("timeouts", () => {
  it("answers 504 when the engine misses the request timeout", async () => {
    const hang: InferenceEngine = { ...noopEngine(), run: () => new Promise(() => {}) };
    const slow = await anotherMiner({
      engine: hang,
      limits: { requestTimeoutMs: 300 },
      rateLimits: { maxConcurrent: 1 },
    });
    try {
      const reply = await postSigned(slow.url, "sentiment", signTask(alice, sampleTask("sentiment", 10)));
      expect(reply.status).toBe(504);
      expect(reply.text).toContain("timeout");
      // The engine still holds the first task, but its answer was sent: the validator's one slot is free.
      const next = await postSigned(slow.url, "sentiment", signTask(alice, sampleTask("sentiment", 11)));
      expect(next.status, next.text).toBe(504);
    } finally {
      await slow.close();
    }
  });
});

describe("work dropped unrun", () => {
  it("a run the engine dropped as expired is a 504, not an engine failure", async () => {
    const dropping: InferenceEngine = {
      ...noopEngine(),
      run: async () => {
        throw new ExpiredError("the request expired before it ran");
      },
    };
    const m = await anotherMiner({ engine: dropping });
    try {
      const reply = await postSigned(m.url, "sentiment", signTask(alice, sampleTask("sentiment", 40)));
      expect(reply.status).toBe(504);
      expect(reply.text).toContain("deadline_exceeded");
    } finally {
      await m.close();
    }
  });
});

describe("persistence in Redis", () => {
  it("per-validator counters and the bounded served log survive a restart", async () => {
    const first = await anotherMiner({ servedLogMax: 5 });
    const before = await first.deps.store.counters(keys.alice.ss58);
    for (let i = 0; i < 7; i++) {
      expect(
        (await postSigned(first.url, "sentiment", signTask(alice, sampleTask("sentiment", 100 + i)))).status,
      ).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 100)); // writes happen after the response
    await first.close();
    const restarted = await anotherMiner({ servedLogMax: 5 });
    try {
      const after = await restarted.deps.store.counters(keys.alice.ss58);
      expect((after.ok ?? 0) - (before.ok ?? 0)).toBe(7);
      const recent = await restarted.deps.store.recent(100);
      expect(recent).toHaveLength(5);
      expect(recent[0]?.taskId).toBe("t-sentiment-106");
      expect(recent[0]?.validator).toBe(keys.alice.ss58);
      expect(recent[0]?.requestSha256).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await restarted.close();
    }
  });
});

describe("info, health and metrics", () => {
  it("GET /v1/info names the hotkey, task types, models and their hashes", async () => {
    const info = (await (await fetch(`${miner.url}/v1/info`)).json()) as {
      hotkey: string;
      protocolVersion: number;
      models: { id: string; sha256: string; provider: string }[];
      taskTypes: { taskType: string; path: string }[];
    };
    expect(info.hotkey).toBe(keys.miner.ss58);
    expect(info.protocolVersion).toBe(1);
    expect(info.taskTypes.map((t) => t.taskType).sort()).toEqual([...TASK_TYPES].sort());
    expect(info.models).toHaveLength(4);
    for (const m of info.models) {
      expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(m.provider).toBe("cpu");
    }
  });

  it("a 404 echoes only the start of a long path", async () => {
    const reply = await fetch(`${miner.url}/${"x".repeat(12_000)}`);
    expect(reply.status).toBe(404);
    const body = (await reply.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message.length).toBeLessThan(300);
  });

  it("GET /healthz and /metrics", async () => {
    expect((await fetch(`${miner.url}/healthz`)).status).toBe(200);
    const text = await (await fetch(`${miner.url}/metrics`)).text();
    expect(text).toMatch(/miaoai_miner_requests_total\{outcome="ok",task_type="sentiment"\} \d+/);
    expect(text).toMatch(/miaoai_miner_requests_total\{outcome="unauthorized",task_type="sentiment"\} \d+/);
    expect(text).toContain("miaoai_miner_request_duration_seconds_bucket");
    expect(text).toContain("miaoai_miner_queue_depth");
  });
});

function batchCount(taskType: string): number {
  const text = metrics.render(() => 0);
  return Number(
    new RegExp(`miaoai_miner_batch_rows_count\\{task_type="${taskType}"\\} (\\d+)`).exec(text)?.[1] ?? 0,
  );
}

// Answers from a fresh engine that never batches (window 0, one row per run), for comparison.
let reference: InferenceEngine | undefined;
async function unbatchedAnswer(task: TaskRequest) {
  reference ??= await createOnnxEngine(await loadModelDirs([modelRoot]), {
    provider: "cpu",
    intraOpThreads: 1,
    interOpThreads: 1,
    batchWindowMs: 0,
    maxBatchRows: 1,
  });
  return reference.run(task);
}
afterAll(async () => reference?.close());

/** A raw HTTP POST that writes the body chunk by chunk until the server answers; counts bytes sent. */
function rawPost(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
  nextChunk: () => Buffer | null,
): Promise<{ status: number; sentBytes: number }> {
  const url = new URL(path, baseUrl);
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      headers,
    });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, sentBytes });
      req.destroy();
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered) {
        const chunk = nextChunk();
        if (chunk === null) return;
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
    };
    req.flushHeaders();
    pump();
  });
}
