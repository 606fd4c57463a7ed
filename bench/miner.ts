/**
 * Miner benchmark (`npm run bench:miner`): a load generator signing real Epistula v2 requests drives the real
 * `miaoai-miner start` process on loopback, per task type at concurrency 1, 16 and 64, with
 *   - the no-op engine (the server's ceiling: HTTP + Epistula + gate + Redis + signing, no model),
 *   - the project's fixture models (hashed n-grams -> MLP / dual encoder, batched),
 *   - a compute-heavy wide MLP, batched vs unbatched,
 *   - the floor: a bare node:http server that only verifies the signature and signs its answer (floor-server.ts),
 * and times bare inference in this process on the same inputs: `session.run` alone and the engine
 * (featurize + run + answer) unbatched. Writes bench/results/miner.{json,md}.
 *
 * Requests are signed before each measured phase (the signer is the validator's cost, not the miner's), so
 * the server runs with EPISTULA_MAX_AGE_MS=60000; everything else is the production path. The client is an
 * undici pool with one keep-alive connection per concurrent worker (as a validator keeps connections), not
 * `fetch`, whose own overhead (~0.3 ms a request here) would be counted as the miner's.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { Pool } from "undici";
import { startRedisServer } from "../local/redis-server";
import { dialogueText, featurize } from "../miner/src/inference/featurize";
import { loadModelFiles, sha256Hex } from "../miner/src/inference/manifest";
import { createOnnxEngine, loadModelDirs } from "../miner/src/inference/onnx-engine";
import { hotkeyPairFromUri } from "../shared/src/keys/hotkey-pair";
import { loadSr25519Wasm } from "../shared/src/keys/sr25519-wasm.node.js"; // tsx reads "x.node" as an addon
import { TASK_TYPES, type TaskRequest, type TaskType } from "../shared/src/protocol";
import { mlp, writeFixtureModels } from "../test/miner/helpers/model-fixtures";
import { sampleTask } from "../test/miner/helpers/sample-tasks";
import { type SignedCaller, type SignedRequest, signTask } from "../test/miner/helpers/signed-client";

const CONCURRENCY = [1, 16, 64] as const;
const REQUESTS: Record<number, number> = { 1: 300, 16: 1200, 64: 2400 };
const WARMUP_REQUESTS = 100;
const SERVER_WARMUP = 400;
const REPS = 3;
const HEAVY = { dims: 4096, hidden: [4096, 4096] };

type Phase = {
  server: string;
  /** Throughput of each rep; the row is the median rep. */
  repsRps?: number[];
  taskType: TaskType;
  concurrency: number;
  requests: number;
  errors: number;
  throughputRps: number;
  p50Ms: number;
  p99Ms: number;
};

type Bare = { taskType: TaskType; model: string; sessionRunP50Ms: number; engineP50Ms: number };

async function main(): Promise<void> {
  const sr25519 = await loadSr25519Wasm();
  const validator = hotkeyPairFromUri("//Alice");
  const minerKey = hotkeyPairFromUri("//Bob");
  const caller: SignedCaller = { validator, miner: minerKey.ss58, sr25519 };
  const redis = await startRedisServer();
  const work = await mkdtemp(join(tmpdir(), "miaoai-bench-miner-"));
  const fixtureDir = join(work, "fixture");
  const heavyDir = join(work, "heavy");
  await writeFixtureModels(fixtureDir, { dims: 4096, hidden: [256] });
  await writeHeavyModel(heavyDir);
  const phases: Phase[] = [];
  const bare: Bare[] = [];
  let engineBatching = { batchedRps: 0, unbatchedRps: 0 };
  try {
    // Bare inference first, alone on the machine.
    for (const taskType of TASK_TYPES) bare.push(await bareInference(fixtureDir, taskType, "fixture"));
    bare.push(await bareInference(heavyDir, "intent_classification", "heavy-mlp"));
    engineBatching = await engineThroughputs(heavyDir);

    const base = {
      HOTKEY_URI: "//Bob",
      REDIS_URL: redis.url,
      GATE_MODE: "allow-list",
      ALLOW_HOTKEYS: validator.ss58,
      EPISTULA_MAX_AGE_MS: "60000",
      RATE_LIMIT_PER_WINDOW: "1000000",
      MAX_CONCURRENT_PER_VALIDATOR: "100000",
      EXECUTION_PROVIDER: "cpu",
      INTRA_OP_THREADS: "1",
    };
    type Server = {
      name: string;
      args?: readonly string[];
      env: Record<string, string>;
      taskTypes: readonly TaskType[];
    };
    // Servers compared with each other run side by side and their phases alternate, REPS times each, so a
    // drift of this shared machine's speed hits both alike; every row reports the median of its reps.
    const groups: { servers: Server[]; concurrencies: readonly number[]; requests?: number }[] = [
      {
        servers: [
          { name: "floor", args: FLOOR_ARGS, env: { HOTKEY_URI: "//Bob" }, taskTypes: TASK_TYPES },
          { name: "noop", env: { ...base, ENGINE: "noop" }, taskTypes: TASK_TYPES },
          { name: "fixture-batched", env: { ...base, MODELS: fixtureDir }, taskTypes: TASK_TYPES },
        ],
        concurrencies: CONCURRENCY,
      },
      {
        servers: [
          {
            name: "heavy-batched",
            env: { ...base, MODELS: heavyDir, BATCH_WINDOW_MS: "2", MAX_BATCH_ROWS: "64" },
            taskTypes: ["intent_classification"],
          },
          {
            name: "heavy-unbatched",
            env: { ...base, MODELS: heavyDir, BATCH_WINDOW_MS: "0", MAX_BATCH_ROWS: "1" },
            taskTypes: ["intent_classification"],
          },
        ],
        concurrencies: [64],
        requests: 600,
      },
    ];
    for (const group of groups) {
      const running: { server: Server; miner: Awaited<ReturnType<typeof startServerProcess>> }[] = [];
      try {
        for (const server of group.servers)
          running.push({ server, miner: await startServerProcess(server.args ?? MINER_ARGS, server.env) });
        // Every route of a fresh server is JIT-warmed before anything is timed (not only the first phase's).
        for (const { server, miner } of running)
          for (const taskType of server.taskTypes)
            await loadPhase(miner.url, caller, taskType, 8, SERVER_WARMUP);
        for (const taskType of group.servers[0]?.taskTypes ?? []) {
          for (const c of group.concurrencies) {
            const reps = new Map<string, Omit<Phase, "server">[]>();
            for (let rep = 0; rep < REPS; rep++) {
              for (const { server, miner } of running) {
                const phase = await loadPhase(
                  miner.url,
                  caller,
                  taskType,
                  c,
                  group.requests ?? REQUESTS[c] ?? 300,
                );
                reps.set(server.name, [...(reps.get(server.name) ?? []), phase]);
              }
            }
            for (const [server, runs] of reps) {
              const phase = { server, ...medianPhase(runs) };
              phases.push(phase);
              console.log(
                `${server.padEnd(16)} ${taskType.padEnd(22)} c=${String(c).padStart(2)}  ${phase.throughputRps.toFixed(0).padStart(6)} req/s  p50 ${phase.p50Ms.toFixed(2)} ms  p99 ${phase.p99Ms.toFixed(2)} ms  errors ${phase.errors}  (reps: ${runs.map((r) => r.throughputRps.toFixed(0)).join(", ")} req/s)`,
              );
            }
          }
        }
      } finally {
        for (const { miner } of running) await miner.stop();
      }
    }
  } finally {
    await redis.stop();
    await rm(work, { recursive: true, force: true });
  }
  await report(phases, bare, engineBatching);
}

/** The median rep by throughput (its p50/p99 with it), errors summed over all reps, raw throughputs kept. */
function medianPhase(runs: Omit<Phase, "server">[]): Omit<Phase, "server"> {
  const sorted = [...runs].sort((a, b) => a.throughputRps - b.throughputRps);
  const median = sorted[Math.floor(sorted.length / 2)] as Omit<Phase, "server">;
  return {
    ...median,
    errors: runs.reduce((n, r) => n + r.errors, 0),
    repsRps: runs.map((r) => r.throughputRps),
  };
}

/** The same heavy model driven in-process (no HTTP) by 256 concurrent tasks: batched vs unbatched engine. */
async function engineThroughputs(dir: string): Promise<{ batchedRps: number; unbatchedRps: number }> {
  const files = await loadModelDirs([dir]);
  const tasks = Array.from({ length: 256 }, (_, i) => sampleTask("intent_classification", i));
  const rps: number[] = [];
  for (const [windowMs, maxRows] of [
    [2, 64],
    [0, 1],
  ] as const) {
    const engine = await createOnnxEngine(files, {
      provider: "cpu",
      intraOpThreads: 1,
      interOpThreads: 1,
      batchWindowMs: windowMs,
      maxBatchRows: maxRows,
    });
    await Promise.all(tasks.slice(0, 64).map((t) => engine.run(t)));
    const t0 = performance.now();
    await Promise.all(tasks.map((t) => engine.run(t)));
    rps.push(round(tasks.length / ((performance.now() - t0) / 1000)));
    await engine.close();
  }
  return { batchedRps: rps[0] ?? 0, unbatchedRps: rps[1] ?? 0 };
}

/** Writes the wide MLP (4096 -> 2048 -> 2048 -> 6) as an intent model folder. */
async function writeHeavyModel(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const labels = ["order_status", "refund", "shipping", "cancel", "complaint", "greeting"];
  const model = mlp([HEAVY.dims, ...HEAVY.hidden, labels.length], 7);
  await writeFile(join(dir, "model.onnx"), model);
  await writeFile(
    join(dir, "manifest.json"),
    JSON.stringify({
      id: "bench-wide-mlp",
      taskType: "intent_classification",
      languages: ["*"],
      file: "model.onnx",
      sha256: sha256Hex(model),
      labels,
      featurizer: {
        kind: "hashed-ngrams",
        dims: HEAVY.dims,
        wordNgrams: [1, 2],
        charNgrams: [1, 2, 3],
        lowercase: true,
        seed: 0,
      },
      io: { inputs: { features: "input" }, outputs: { probabilities: "probs" } },
    }),
  );
}

/** p50 of bare `session.run` (batch 1, features precomputed) and of the unbatched engine, same inputs. */
async function bareInference(dir: string, taskType: TaskType, name: string): Promise<Bare> {
  const [files] = await loadModelDirs([join(dir, taskType.replace(/_/g, "-"))]).catch(() =>
    loadModelDirs([dir]),
  );
  if (!files) throw new Error(`no model in ${dir}`);
  const { manifest } = await loadModelFiles(files.dir);
  const session = await ort.InferenceSession.create(files.modelBytes, {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
  });
  const engine = await createOnnxEngine([files], {
    provider: "cpu",
    intraOpThreads: 1,
    interOpThreads: 1,
    batchWindowMs: 0,
    maxBatchRows: 1,
  });
  const tasks = Array.from({ length: 200 }, (_, i) => sampleTask(taskType, i));
  const feeds = tasks.map((task) => feedsFor(manifest, task));
  const sessionTimes: number[] = [];
  const engineTimes: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const [i, feed] of feeds.entries()) {
      const t0 = performance.now();
      await session.run(feed);
      if (round === 1) sessionTimes.push(performance.now() - t0);
      const t1 = performance.now();
      await engine.run(tasks[i] as TaskRequest);
      if (round === 1) engineTimes.push(performance.now() - t1);
    }
  }
  await session.release();
  await engine.close();
  return {
    taskType,
    model: name,
    sessionRunP50Ms: quantile(sessionTimes, 0.5),
    engineP50Ms: quantile(engineTimes, 0.5),
  };
}

function feedsFor(
  manifest: Awaited<ReturnType<typeof loadModelFiles>>["manifest"],
  task: TaskRequest,
): Record<string, ort.Tensor> {
  const io = manifest.io.inputs;
  const f = manifest.featurizer;
  if (task.taskType === "response_selection") {
    const ctx = featurize(f, { kind: "text", text: dialogueText(task.turns) });
    const n = task.candidates.length;
    const ctxs = new Float32Array(n * ctx.length);
    const cands = new Float32Array(n * ctx.length);
    task.candidates.forEach((c, i) => {
      ctxs.set(ctx, i * ctx.length);
      cands.set(featurize(f, { kind: "text", text: c.text }), i * ctx.length);
    });
    return {
      [io.context as string]: new ort.Tensor("float32", ctxs, [n, ctx.length]),
      [io.candidate as string]: new ort.Tensor("float32", cands, [n, ctx.length]),
    };
  }
  const x =
    task.taskType === "product_image"
      ? featurize(f, {
          kind: "image",
          bytes: Buffer.from(task.image.data, "base64"),
          mediaType: task.image.mediaType,
        })
      : featurize(f, { kind: "text", text: task.text });
  return { [(io.features ?? io.pixels) as string]: new ort.Tensor("float32", x, [1, x.length]) };
}

/** Runs `total` signed requests with `concurrency` workers after a warm-up; client-side latencies. */
async function loadPhase(
  url: string,
  caller: SignedCaller,
  taskType: TaskType,
  concurrency: number,
  total: number,
) {
  const sign = (n: number, offset: number) =>
    Array.from({ length: n }, (_, i) =>
      signTask(caller, {
        ...sampleTask(taskType, i),
        taskId: `b${offset + i}-${Math.random().toString(36).slice(2, 10)}`,
      }),
    );
  await drive(url, taskType, sign(WARMUP_REQUESTS, 0), Math.min(concurrency, 16));
  const requests = sign(total, WARMUP_REQUESTS);
  const t0 = performance.now();
  const { latencies, errors } = await drive(url, taskType, requests, concurrency);
  const seconds = (performance.now() - t0) / 1000;
  return {
    taskType,
    concurrency,
    requests: total,
    errors,
    throughputRps: round(total / seconds),
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
  };
}

async function drive(url: string, taskType: TaskType, requests: SignedRequest[], concurrency: number) {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
  const worker = async () => {
    for (;;) {
      const req = requests[next++];
      if (!req) return;
      const t0 = performance.now();
      const res = await pool.request({
        path: `/v1/tasks/${taskType}`,
        method: "POST",
        headers: req.headers,
        body: req.body,
      });
      await res.body.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (res.statusCode !== 200) errors++;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return { latencies, errors };
}

const MINER_ARGS = [
  join(import.meta.dirname, "../miner/bin/miaoai-miner.js"),
  "start",
  "--port",
  "0",
  "--host",
  "127.0.0.1",
];
const FLOOR_ARGS = ["--import", "tsx", join(import.meta.dirname, "floor-server.ts")];

/** Starts a server process (the miner, or the floor) on a free port and waits for the line with its url. */
async function startServerProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`miner did not start: ${err}`)), 60_000);
    const poll = () => {
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      } else if (child.exitCode !== null) {
        clearTimeout(timer);
        reject(new Error(`miner exited: ${err}`));
      } else setTimeout(poll, 50);
    };
    poll();
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

async function report(
  phases: Phase[],
  bare: Bare[],
  engineBatching: { batchedRps: number; unbatchedRps: number },
): Promise<void> {
  const find = (server: string, taskType: string, c: number) =>
    phases.find((p) => p.server === server && p.taskType === taskType && p.concurrency === c);
  const summary = TASK_TYPES.map((taskType) => {
    const b = bare.find((x) => x.taskType === taskType && x.model === "fixture");
    const e2e = find("fixture-batched", taskType, 1);
    const noop1 = find("noop", taskType, 1);
    const floor1 = find("floor", taskType, 1);
    const model64 = find("fixture-batched", taskType, 64);
    const noop64 = find("noop", taskType, 64);
    return {
      taskType,
      e2eP50Ms: e2e?.p50Ms ?? null,
      engineP50Ms: b?.engineP50Ms ?? null,
      sessionRunP50Ms: b?.sessionRunP50Ms ?? null,
      // What HTTP + auth add over the same inference done in-process (c=1, p50).
      overheadP50Ms: e2e && b ? round(e2e.p50Ms - b.engineP50Ms) : null,
      overheadRatio: e2e && b ? round(e2e.p50Ms / b.sessionRunP50Ms) : null,
      noopP50Ms: noop1?.p50Ms ?? null,
      // The least a Node server verifying and signing Epistula costs here (bench/floor-server.ts), and the
      // production path without a model (Hono, Redis, zod...) against it.
      floorP50Ms: floor1?.p50Ms ?? null,
      noopOverFloorMs: noop1 && floor1 ? round(noop1.p50Ms - floor1.p50Ms) : null,
      c64VsNoopCeiling: model64 && noop64 ? round(model64.throughputRps / noop64.throughputRps) : null,
    };
  });
  const heavyB = find("heavy-batched", "intent_classification", 64);
  const heavyU = find("heavy-unbatched", "intent_classification", 64);
  const batchingSpeedup = heavyB && heavyU ? round(heavyB.throughputRps / heavyU.throughputRps) : null;
  const engineSpeedup =
    engineBatching.unbatchedRps > 0 ? round(engineBatching.batchedRps / engineBatching.unbatchedRps) : null;
  const meta = {
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    date: new Date().toISOString(),
    heavyModel: HEAVY,
  };
  const dir = join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "miner.json"),
    `${JSON.stringify({ meta, summary, batchingSpeedup, engineBatching: { ...engineBatching, speedup: engineSpeedup }, bare, phases }, null, 2)}\n`,
  );
  const lines = [
    "# Miner benchmark",
    "",
    `${meta.date}, Node ${meta.node}, ${meta.cpu} (${meta.cores} cores), CPU execution provider. Load generator and server share the machine.`,
    "",
    "## Summary (targets: overhead <= 0.5 ms p50; c=64 throughput >= 0.8 of no-op ceiling; batching >= 3x)",
    "",
    "| task type | e2e p50 c=1 (ms) | engine p50 (ms) | session.run p50 (ms) | HTTP+auth overhead p50 (ms) | e2e / session.run | no-op e2e p50 (ms) | floor e2e p50 (ms) | no-op − floor (ms) | c=64 vs no-op ceiling |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...summary.map(
      (s) =>
        `| ${s.taskType} | ${s.e2eP50Ms} | ${s.engineP50Ms} | ${s.sessionRunP50Ms} | ${s.overheadP50Ms} | ${s.overheadRatio} | ${s.noopP50Ms} | ${s.floorP50Ms} | ${s.noopOverFloorMs} | ${s.c64VsNoopCeiling} |`,
    ),
    "",
    `Rows are the median of ${REPS} reps; servers compared with each other run side by side and their reps alternate. Floor: bench/floor-server.ts, plain node:http that only hashes, verifies and signs (sr25519 verify + sign alone take ~0.25 ms here).`,
    "",
    `Wide MLP (${HEAVY.dims} -> ${HEAVY.hidden.join(" -> ")} -> 6), 1 intra-op thread, through HTTP at c=64: batched ${heavyB?.throughputRps} req/s vs unbatched ${heavyU?.throughputRps} req/s = **${batchingSpeedup}x**; the same engine in-process, 256 concurrent tasks: batched ${engineBatching.batchedRps} req/s vs unbatched ${engineBatching.unbatchedRps} req/s = **${engineSpeedup}x**.`,
    "",
    "## All phases",
    "",
    "| server | task type | concurrency | requests | errors | req/s | p50 (ms) | p99 (ms) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...phases.map(
      (p) =>
        `| ${p.server} | ${p.taskType} | ${p.concurrency} | ${p.requests} | ${p.errors} | ${p.throughputRps} | ${p.p50Ms} | ${p.p99Ms} |`,
    ),
    "",
    "## Bare inference in-process (batch 1)",
    "",
    "| model | task type | session.run p50 (ms) | engine (featurize + run + answer) p50 (ms) |",
    "| --- | --- | --- | --- |",
    ...bare.map((b) => `| ${b.model} | ${b.taskType} | ${b.sessionRunP50Ms} | ${b.engineP50Ms} |`),
    "",
  ];
  await writeFile(join(dir, "miner.md"), lines.join("\n"));
  console.log(lines.slice(4, 12 + summary.length).join("\n"));
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
