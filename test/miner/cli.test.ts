import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../local/redis-server";
import { minerConfigSchema } from "../../miner/src/env";
import { parseConfig } from "../../shared/src/config";
import { writeByoModel } from "./helpers/byo-models";
import { testKeys } from "./helpers/harness";
import { writeFixtureModels } from "./helpers/model-fixtures";
import { sampleTask } from "./helpers/sample-tasks";
import { postSigned, signTask, verifyReply } from "./helpers/signed-client";

// The real `miaoai-miner` bin as an operator runs it: a child process configured by env and flags.

const BIN = join(import.meta.dirname, "../../miner/bin/miaoai-miner.js");
let redis: RedisServer;
let modelRoot: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  modelRoot = await mkdtemp(join(tmpdir(), "miaoai-cli-models-"));
  await writeFixtureModels(modelRoot, { taskTypes: ["sentiment", "intent_classification"] });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await redis?.stop();
  if (modelRoot) await rm(modelRoot, { recursive: true, force: true });
});

async function waitFor(ready: () => boolean, why: () => string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `start` with the no-op engine, listening; `inner` is the CLI process under the launcher. */
async function startNoopMiner() {
  const keys = await testKeys();
  const p = run(["start", "--port", "0", "--host", "127.0.0.1", "--engine", "noop"], {
    HOTKEY_URI: "//Bob",
    REDIS_URL: redis.url,
    GATE_MODE: "allow-list",
    ALLOW_HOTKEYS: keys.alice.ss58,
  });
  await waitFor(
    () => /"url":"http/.test(p.out()),
    () => `no listening line; stderr: ${p.err()}`,
  );
  const inner = execFileSync("pgrep", ["-P", String(p.child.pid)], { encoding: "utf8" }).trim();
  expect(inner).toMatch(/^\d+$/);
  return { p, inner: Number(inner) };
}

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe("miaoai-miner CLI", () => {
  it("--help lists the commands", async () => {
    const p = run(["--help"]);
    expect(await p.exited).toBe(0);
    for (const word of ["start", "info", "register-axon", "--wallet.name", "--hotkey-uri"])
      expect(p.out()).toContain(word);
  });

  it("with no command prints the help and exits 0", async () => {
    const p = run([]);
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain("register-axon");
  });

  it("names a bad setting and exits 2", async () => {
    const p = run(["start", "--port", "99999"]);
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain("PORT");
  });

  it("register-axon refuses to announce 127.0.0.1 before touching the chain", async () => {
    const p = run([
      "register-axon",
      "--hotkey-uri",
      "//Bob",
      "--axon-ip",
      "127.0.0.1",
      "--netuid",
      "1",
      "--chain-endpoint",
      "ws://127.0.0.1:1",
    ]);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain("InvalidIpAddress");
    const host = run([
      "register-axon",
      "--hotkey-uri",
      "//Bob",
      "--axon-ip",
      "miner.example.com",
      "--netuid",
      "1",
    ]);
    expect(await host.exited).toBe(1);
    expect(host.err()).toContain("miner.example.com is not an IPv4 or IPv6 address");
  });

  it("register-axon needs --netuid (no default: 0 is the root network) and announces PORT by default", async () => {
    const p = run(["register-axon", "--hotkey-uri", "//Bob", "--axon-ip", "203.0.113.7"]);
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain("register-axon needs --netuid");
    const config = parseConfig(minerConfigSchema, { PORT: "9000" });
    expect([config.NETUID, config.AXON_PORT ?? config.PORT]).toEqual([undefined, 9000]);
  });

  it("refuses a newcomer's flag mistakes with exit 2, naming each", async () => {
    for (const [args, message] of [
      [["start", "--redis-url"], "--redis-url needs a value"],
      [["start", "--wallet.name", "--wallet.hotkey", "hk"], "--wallet.name needs a value"],
      [["start", "-p", "8091"], "unexpected argument(s): -p 8091 (flags take two dashes)"],
      [["start", "--wallet.hotkye", "hk"], "unknown flag(s): --wallet.hotkye"],
      [["start", "--redis-url", "http://127.0.0.1:6379"], "REDIS_URL: must be a redis:// or rediss:// URL"],
      [["info", "--url", "localhost:8091"], "--url must be an http(s) URL"],
      [
        ["probe", "--hotkey-uri", "//Alice"],
        'probe needs --url, an http(s) URL such as http://203.0.113.7:8091 (got "")',
      ],
      [
        ["probe", "--url", "http://127.0.0.1:9", "--task-type", "refunds"],
        "--task-type must be one of response_selection, intent_classification, sentiment, product_image",
      ],
      [
        [
          "start",
          "--allow-hotkeys",
          "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY,5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQ",
        ],
        "ALLOW_HOTKEYS.1: not a valid SS58 address",
      ],
    ] as const) {
      const p = run([...args]);
      expect(await p.exited, args.join(" ")).toBe(2);
      expect(p.err(), args.join(" ")).toContain(message);
    }
  });

  it("says why info --url cannot read a miner", async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const p = run(["info", "--url", `http://127.0.0.1:${closed}`]);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain(`cannot read http://127.0.0.1:${closed}/v1/info: connect ECONNREFUSED`);
  });

  it("names MODELS when a model folder does not exist, without an error class in front", async () => {
    const p = run([
      "info",
      "--hotkey-uri",
      "//Bob",
      "--models",
      "/nonexistent/models",
      "--execution-provider",
      "cpu",
    ]);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain("miaoai-miner: MODELS: /nonexistent/models does not exist");
  });

  it("info warms the models up as start does: a graph that outputs NaN fails it, named", async () => {
    const broken = await mkdtemp(join(tmpdir(), "miaoai-cli-nan-"));
    try {
      await writeByoModel(join(broken, "nan"), { output: "logits", nan: true });
      const p = run(["info", "--hotkey-uri", "//Bob", "--models", broken, "--execution-provider", "cpu"]);
      expect(await p.exited).not.toBe(0);
      expect(p.err()).toContain("model byo-logits-logits failed its warm-up");
      const skipped = run(["info", "--hotkey-uri", "//Bob", "--models", broken, "--warmup", "false"]);
      expect(await skipped.exited, skipped.err()).toBe(0);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it("info checks the models and prints their hashes", async () => {
    const p = run(["info", "--hotkey-uri", "//Bob", "--models", modelRoot, "--execution-provider", "cpu"]);
    expect(await p.exited).toBe(0);
    const info = JSON.parse(p.out()) as { hotkey: string; models: { sha256: string }[] };
    const keys = await testKeys();
    expect(info.hotkey).toBe(keys.miner.ss58);
    expect(info.models).toHaveLength(2);
  });

  it("start serves signed tasks from env + flags and stops on SIGTERM", async () => {
    const keys = await testKeys();
    const p = run(["start", "--port", "0", "--host", "127.0.0.1", "--models", modelRoot], {
      HOTKEY_URI: "//Bob",
      REDIS_URL: redis.url,
      GATE_MODE: "allow-list",
      ALLOW_HOTKEYS: keys.alice.ss58,
      EXECUTION_PROVIDER: "cpu",
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${p.err()}`)), 30_000);
      const check = () => {
        const m = /"url":"(http:\/\/[^"]+)"/.exec(p.out());
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        } else setTimeout(check, 50);
      };
      check();
    });
    const caller = { validator: keys.alice, miner: keys.miner.ss58, sr25519: keys.sr25519 };
    const req = signTask(caller, sampleTask("sentiment", 1));
    const reply = await postSigned(url, "sentiment", req);
    expect(reply.status, reply.text).toBe(200);
    expect((await verifyReply(caller, req, reply)).ok).toBe(true);
    const product = await postSigned(url, "product_image", signTask(caller, sampleTask("product_image", 1)));
    expect(product.status).toBe(404);
    const info = run(["info", "--url", url]);
    expect(await info.exited, info.err()).toBe(0);
    expect((JSON.parse(info.out()) as { hotkey: string }).hotkey).toBe(keys.miner.ss58);
    // probe: one signed task as a validator sends it; the allow-listed key gets a signed 200 ...
    const probe = run(["probe", "--url", url, "--hotkey-uri", "//Alice", "--task-type", "sentiment"]);
    expect(await probe.exited, probe.err()).toBe(0);
    expect(JSON.parse(probe.out())).toMatchObject({
      caller: keys.alice.ss58,
      kind: "answered",
      miner: keys.miner.ss58,
      status: 200,
      signature: "valid",
      body: { taskType: "sentiment", label: expect.any(String) },
    });
    // ... any other key a signed 403, and the exit code and a hint say so.
    const refused = run(["probe", "--url", url, "--hotkey-uri", "//Charlie"]);
    expect(await refused.exited).toBe(1);
    expect(JSON.parse(refused.err().split("\n")[0] ?? "")).toMatchObject({ status: 403, signature: "valid" });
    expect(refused.err()).toContain("add this one to the miner's ALLOW_HOTKEYS");
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain("stopping");
  });

  it("probe treats the other side as untrusted: no redirects followed, bounded reads, one line saying why", async () => {
    let mode: "redirect" | "huge" = "redirect";
    const hostile = createHttpServer((_req, res) => {
      if (mode === "redirect") res.writeHead(302, { location: "http://127.0.0.1:1/v1/info" }).end();
      else
        res.writeHead(200, { "content-type": "application/json" }).end(`{"hotkey":"${"x".repeat(100_000)}"}`);
    });
    await new Promise<void>((resolve) => hostile.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
    try {
      for (const [m, reason] of [
        ["redirect", "redirects to http://127.0.0.1:1/v1/info; miners do not"],
        ["huge", "the reply exceeds 65536 bytes"],
      ] as const) {
        mode = m;
        const p = run(["probe", "--url", url, "--hotkey-uri", "//Alice"]);
        expect(await p.exited).toBe(1);
        expect(JSON.parse(p.err())).toMatchObject({ kind: "not_a_miner", reason });
      }
    } finally {
      hostile.close();
    }
  });

  it("stops gracefully when the whole process tree is signalled at once, as pm2 does", async () => {
    const { p, inner } = await startNoopMiner();
    // The launcher forwards its SIGINT to the CLI, which also gets its own: the second must not kill it.
    process.kill(inner, "SIGINT");
    p.child.kill("SIGINT");
    const started = Date.now();
    const code = await new Promise<number | string>((resolve) =>
      p.child.on("exit", (c, signal) => resolve(c ?? signal ?? -1)),
    );
    // The CLI stopped cleanly (exit 0), so the launcher exits 0 too, well before pm2's 15 s kill timeout.
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.out().match(/"stopping"/g)).toHaveLength(1);
  });

  it("a SIGHUP to the launcher (a closed terminal) stops the miner too, instead of orphaning it", async () => {
    const { p, inner } = await startNoopMiner();
    p.child.kill("SIGHUP");
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('"signal":"SIGHUP"');
    expect(() => process.kill(inner, 0)).toThrow(); // the CLI process is gone
  });
});
