import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../local/redis-server";
import { silentLogger } from "../../miner/src/app-deps";
import { minerConfigSchema } from "../../miner/src/env";
import { type InferenceEngine, noopEngine } from "../../miner/src/inference/engine";
import { type StartedMiner, startMiner } from "../../miner/src/main";
import { ConfigError, parseConfig, type RawSettings } from "../../shared/src/config";
import { hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";
import { testKeys } from "./helpers/harness";
import { sampleTask } from "./helpers/sample-tasks";
import { postSigned, signTask, verifyReply } from "./helpers/signed-client";

// How a devnet starts N miners in one process: startMiner(config, log, overrides), each on a free port.

let redis: RedisServer;
const miners: StartedMiner[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const m of miners) await m.stop();
  await redis?.stop();
});

describe("startMiner (in-process, as the devnet uses it)", () => {
  it("starts two miners with their own hotkeys, one with an injected engine, sharing one Redis", async () => {
    const keys = await testKeys();
    const config = (uri: string) =>
      parseConfig(minerConfigSchema, {
        HOTKEY_URI: uri,
        HOST: "127.0.0.1",
        PORT: "0",
        REDIS_URL: redis.url,
        GATE_MODE: "allow-list",
        ALLOW_HOTKEYS: keys.alice.ss58,
        ENGINE: "noop",
      });
    // A deliberately bad miner: always reverses the offered order.
    const contrarian: InferenceEngine = {
      ...noopEngine(),
      run: async (t) => {
        const answer = await noopEngine().run(t);
        return "ranking" in answer ? { ...answer, ranking: [...answer.ranking].reverse() } : answer;
      },
    };
    miners.push(await startMiner(config("//Bob"), silentLogger));
    miners.push(await startMiner(config("//Charlie"), silentLogger, { engine: contrarian }));
    const task = sampleTask("response_selection", 2);
    const ids = (task as { candidates: { id: string }[] }).candidates.map((c) => c.id);
    for (const [i, miner] of miners.entries()) {
      const minerKey = hotkeyPairFromUri(i === 0 ? "//Bob" : "//Charlie");
      expect(miner.hotkey).toBe(minerKey.ss58);
      const caller = { validator: keys.alice, miner: minerKey.ss58, sr25519: keys.sr25519 };
      const req = signTask(caller, task);
      const reply = await postSigned(miner.url, "response_selection", req);
      expect(reply.status, reply.text).toBe(200);
      expect((await verifyReply(caller, req, reply)).ok).toBe(true);
      expect((reply.json as { ranking: string[] }).ranking).toEqual(i === 0 ? ids : [...ids].reverse());
    }
  });

  describe("an operator's mistakes and outages", () => {
    const settings = (over: RawSettings) =>
      parseConfig(minerConfigSchema, {
        HOTKEY_URI: "//Bob",
        HOST: "127.0.0.1",
        PORT: "0",
        REDIS_URL: redis.url,
        ENGINE: "noop",
        ...over,
      });

    it("refuses a gate no validator could pass before touching Redis or the chain", async () => {
      const dead = { REDIS_URL: "redis://127.0.0.1:1" };
      for (const [over, problem] of [
        [{ GATE_MODE: "allow-list" }, /ALLOW_HOTKEYS is empty/],
        [{ GATE_MODE: "metagraph" }, /NETUID is missing/],
      ] as const) {
        const error = await startMiner(settings({ ...dead, ...over }), silentLogger).catch((e: Error) => e);
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as Error).message).toMatch(problem);
      }
    });

    it("names REDIS_URL, with its password hidden, when Redis is unreachable at start", async () => {
      const error = await startMiner(
        settings({
          REDIS_URL: "redis://:hunter2@127.0.0.1:1",
          GATE_MODE: "allow-list",
          ALLOW_HOTKEYS: hotkeyPairFromUri("//Alice").ss58,
        }),
        silentLogger,
      ).catch((e: Error) => e);
      expect((error as Error).message).toMatch(
        /cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1.*\(REDIS_URL\)/,
      );
      expect((error as Error).message).not.toContain("hunter2");
    });

    it("starts while the chain is down and answers 503 metagraph_unavailable until it loads", async () => {
      const keys = await testKeys();
      const lines: string[] = [];
      const log = {
        ...silentLogger,
        warn: (m: string, f?: Record<string, unknown>) => lines.push(`${m} ${JSON.stringify(f)}`),
      };
      const miner = await startMiner(
        settings({ GATE_MODE: "metagraph", NETUID: "1", CHAIN_ENDPOINT: "ws://127.0.0.1:1" }),
        log,
      );
      miners.push(miner);
      const caller = { validator: keys.alice, miner: keys.miner.ss58, sr25519: keys.sr25519 };
      const reply = await postSigned(miner.url, "sentiment", signTask(caller, sampleTask("sentiment", 1)));
      expect(reply.status, reply.text).toBe(503);
      expect(reply.text).toContain("metagraph_unavailable");
      expect(reply.headers.get("retry-after")).toBe("5");
      const health = await fetch(`${miner.url}/healthz`);
      expect([health.status, await health.json()]).toEqual([503, { ok: false, metagraph: "not loaded" }]);
      expect(lines.join("\n")).toMatch(/refusing callers \(503\) until one loads.*ECONNREFUSED/);
    });

    it("answers 503 (tasks and /healthz) while Redis is gone, and keeps running", async () => {
      const keys = await testKeys();
      const own = await startRedisServer();
      const miner = await startMiner(
        settings({ REDIS_URL: own.url, GATE_MODE: "allow-list", ALLOW_HOTKEYS: keys.alice.ss58 }),
        silentLogger,
      );
      miners.push(miner);
      expect((await fetch(`${miner.url}/healthz`)).status).toBe(200);
      await own.stop();
      const caller = { validator: keys.alice, miner: keys.miner.ss58, sr25519: keys.sr25519 };
      const reply = await postSigned(miner.url, "sentiment", signTask(caller, sampleTask("sentiment", 2)));
      expect(reply.status, reply.text).toBe(503);
      expect(reply.text).toContain("state_unavailable");
      const health = await fetch(`${miner.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ ok: false, redis: "unreachable" });
      expect((await fetch(`${miner.url}/v1/info`)).status).toBe(200);
    });
  });
});
