import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../local/redis-server";
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
      "--chain-endpoint",
      "ws://127.0.0.1:1",
    ]);
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain("InvalidIpAddress");
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
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain("stopping");
  });
});
