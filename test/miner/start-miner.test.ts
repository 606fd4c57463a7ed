import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RedisServer, startRedisServer } from "../../local/redis-server";
import { silentLogger } from "../../miner/src/app-deps";
import { minerConfigSchema } from "../../miner/src/env";
import { type InferenceEngine, noopEngine } from "../../miner/src/inference/engine";
import { type StartedMiner, startMiner } from "../../miner/src/main";
import { parseConfig } from "../../shared/src/config";
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
});
