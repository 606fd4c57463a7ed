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
  ENGINE: process.env.PROBE_ENGINE ?? "noop",
  MODELS: process.env.PROBE_MODELS ?? "",
};
const child = spawn(
  process.execPath,
  [
    "--cpu-prof",
    "--cpu-prof-dir=/tmp/prof",
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
const tt = "intent_classification";
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
