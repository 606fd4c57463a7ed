import { readFileSync } from "node:fs";
import { createTestHarness } from "wrangler";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
const e = JSON.parse(readFileSync("/tmp/dvs/env.json", "utf8"));
const h = createTestHarness({
  root: "/tmp/dvs/wrap",
  workers: [
    {
      configPath: "/tmp/dvs/wrap/wrangler.toml",
      vars: {
        METAGRAPH_SOURCE: "chain",
        SUBTENSOR_URL: e.ws.replace("ws://", "http://"),
        AXON_ADDRESS_OVERRIDES: "192.0.2.1=127.0.0.1",
        NETUID: String(e.netuid),
        MINER_TASK_PATH: "/v1/tasks/:taskType",
      },
      secrets: {
        UPSTASH_REDIS_REST_URL: e.up,
        UPSTASH_REDIS_REST_TOKEN: e.token,
        VALIDATOR_HOTKEY_SEED: e.v,
      },
    },
  ],
});
await h.listen();
console.log(await h.getWorker().scheduled({ cron: "*/2 * * * *", scheduledTime: new Date() }));
await new Promise((r) => setTimeout(r, 1500));
console.log(JSON.stringify(h.getLogs()).slice(0, 3000));
await h.close();
