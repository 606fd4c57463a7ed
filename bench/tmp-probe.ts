import { spawn } from "node:child_process";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { startRedisServer } from "../local/redis-server";
import { hotkeyPairFromUri } from "../shared/src/keys/hotkey-pair";
import { loadSr25519Wasm } from "../shared/src/keys/sr25519-wasm.node.js";
import { sampleTask } from "../test/miner/helpers/sample-tasks";
import { signTask } from "../test/miner/helpers/signed-client";

const sr25519 = await loadSr25519Wasm();
const validator = hotkeyPairFromUri("//Alice");
const caller = { validator, miner: hotkeyPairFromUri("//Bob").ss58, sr25519 };
const redis = await startRedisServer();
import { writeFixtureModels } from "../test/miner/helpers/model-fixtures";
import { mkdtemp } from "node:fs/promises";
let modelsDir = "";
if (process.env.PROBE_FIXTURE) { modelsDir = await mkdtemp(join(tmpdir(), "probe-")); await writeFixtureModels(modelsDir, { dims: 4096, hidden: [256] }); }
const env = {
  HOTKEY_URI: "//Bob",
  REDIS_URL: redis.url,
  GATE_MODE: "allow-list",
  ALLOW_HOTKEYS: validator.ss58,
  EPISTULA_MAX_AGE_MS: "60000",
  RATE_LIMIT_PER_WINDOW: "1000000",
  MAX_CONCURRENT_PER_VALIDATOR: "100000",
  EXECUTION_PROVIDER: "cpu",
  INTRA_OP_THREADS: "1",
  ...(modelsDir ? { MODELS: modelsDir } : { ENGINE: "noop" }),
  ...JSON.parse(process.env.PROBE_ENV ?? "{}"),
};
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    join(import.meta.dirname, "../miner/src/cli.ts"),
    "start",
    "--port",
    "0",
    "--host",
    "127.0.0.1",
  ],
  { env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env }, stdio: ["ignore", "pipe", "inherit"] },
);
let out = "";
child.stdout?.on("data", (d) => {
  out += d;
});
const url = await new Promise<string>((resolve) => {
  const p = () => {
    const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
    if (m?.[1]) resolve(m[1]);
    else setTimeout(p, 50);
  };
  p();
});
const tt = (process.env.PROBE_TT ?? "intent_classification") as "intent_classification";
const sign = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    signTask(caller, { ...sampleTask(tt, i), taskId: `p${i}-${Math.random().toString(36).slice(2)}` }),
  );
const q = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]?.toFixed(3);
};
const pool = new Pool(url, { connections: 1, pipelining: 1 });
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const u = new URL(url);
const clients: Record<string, (r: { body: string; headers: Record<string, string> }) => Promise<number>> = {
  fetch: async (r) => {
    const res = await fetch(`${url}/v1/tasks/${tt}`, { method: "POST", headers: r.headers, body: r.body });
    await res.arrayBuffer();
    return res.status;
  },
  undici: async (r) => {
    const res = await pool.request({
      path: `/v1/tasks/${tt}`,
      method: "POST",
      headers: r.headers,
      body: r.body,
    });
    await res.body.arrayBuffer();
    return res.statusCode;
  },
  http: (r) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: `/v1/tasks/${tt}`,
          method: "POST",
          headers: { ...r.headers, "content-length": Buffer.byteLength(r.body) },
          agent,
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(r.body);
    }),
};
const C = Number(process.env.PROBE_C ?? 0);
if (C > 0) {
  const p64 = new Pool(url, { connections: C, pipelining: 1 });
  for (let rep = 0; rep < 3; rep++) {
    const reqs = sign(3000); let next = 0; const t0 = performance.now();
    const { readFileSync } = await import("node:fs");
    const ticks = (pid: number) => { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); return Number(f[11]) + Number(f[12]); };
    const total = () => { const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.split(/\s+/).slice(1).map(Number); return { busy: f[0]! + f[1]! + f[2]! + f[5]! + f[6]!, steal: f[7]!, idle: f[3]! + f[4]!, all: f.reduce((a, b) => a + b, 0) }; };
    const { readdirSync } = await import("node:fs");
    const threads = () => new Map(readdirSync(`/proc/${child.pid}/task`).map((tid) => { const raw = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, "utf8"); const name = raw.slice(raw.indexOf("(") + 1, raw.lastIndexOf(")")); const f = raw.split(") ")[1]!.split(" "); return [`${tid}:${name}`, Number(f[11]) + Number(f[12])]; }));
    const t0s = threads();
    const s0 = ticks(child.pid!), c0 = process.cpuUsage(), m0 = total();
    await Promise.all(Array.from({ length: C }, async () => { for (;;) { const r = reqs[next++]; if (!r) return; const res = await p64.request({ path: `/v1/tasks/${tt}`, method: "POST", headers: r.headers, body: r.body }); await res.body.arrayBuffer(); if (res.statusCode !== 200) throw new Error(String(res.statusCode)); } }));
    const secs = (performance.now() - t0) / 1000; const cu = process.cpuUsage(c0); const m1 = total();
    const t1s = threads(); console.log([...t1s].map(([k, v]) => [k, Math.round((v - (t0s.get(k) ?? 0)) / secs)] as const).filter(([, v]) => v > 2).map(([k, v]) => `${k}=${v}%`).join(" "));
    console.log(`c=${C}`, (3000 / secs).toFixed(0), "req/s", "server %", ((ticks(child.pid!) - s0) / secs).toFixed(0), "client %", ((cu.user + cu.system) / 1e4 / secs).toFixed(0), "machine busy %", ((100 * (m1.busy - m0.busy)) / (m1.all - m0.all) * 2).toFixed(0), "steal %", ((100 * (m1.steal - m0.steal)) / (m1.all - m0.all) * 2).toFixed(0), "idle %", ((100 * (m1.idle - m0.idle)) / (m1.all - m0.all) * 2).toFixed(0));
  }
} else
for (let rep = 0; rep < 2; rep++)
  for (const [name, send] of Object.entries(clients)) {
    const reqs = sign(600);
    const lat: number[] = [];
    for (const [i, r] of reqs.entries()) {
      const t0 = performance.now();
      const s = await send(r);
      if (s !== 200) throw new Error(String(s));
      if (i >= 100) lat.push(performance.now() - t0);
    }
    console.log(name, "p50", q(lat));
  }
console.log(JSON.stringify((await (await fetch(`${url}/v1/info`)).json()).models?.map((m: { id: string }) => m.id)));
const m = await (await fetch(`${url}/metrics`)).text();
console.log(
  m
    .split("\n")
    .filter((l) => l.includes("intent") && (l.includes("_sum") || l.includes("_count")))
    .join("\n"),
);
child.kill("SIGINT");
await new Promise((r) => child.once("exit", r));
await redis.stop();
await pool.close();
process.exit(0);
