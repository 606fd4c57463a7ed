import { createTestHarness } from "wrangler";
import { findRuntime } from "../chain/find-runtime";
import { startLocalUpstash } from "../upstash-bridge";
import { startChainLayer } from "./chain-layer";

process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
const rt = findRuntime();
if (rt.kind !== "found") throw new Error();
const up = await startLocalUpstash();
const c = await startChainLayer({ specPath: rt.specPath, miners: 1, keyPrefix: "dbg" + Date.now() });
await c.serveAxons([45678]);
const h = createTestHarness({
  root: "/work/main",
  workers: [
    {
      configPath: "/work/main/wrangler.toml",
      vars: {
        METAGRAPH_SOURCE: "chain",
        SUBTENSOR_URL: c.wsUrl,
        AXON_ADDRESS_OVERRIDES: "192.0.2.1=127.0.0.1",
        NETUID: String(c.netuid),
        METAGRAPH_REFRESH_BLOCKS: "1",
        MINER_TASK_PATH: "/v1/tasks/:taskType",
      },
      secrets: {
        UPSTASH_REDIS_REST_URL: up.url,
        UPSTASH_REDIS_REST_TOKEN: up.token,
        VALIDATOR_HOTKEY_SEED: c.validatorUri,
      },
    },
  ],
});
const { url } = await h.listen();
const r = await h.getWorker().scheduled({ cron: "*/2 * * * *", scheduledTime: new Date() });
console.log("outcome", r);
await new Promise((r) => setTimeout(r, 1500));
console.log(JSON.stringify(h.getLogs(), null, 1).slice(0, 3000));
console.log(await (await fetch(url.origin + "/v1/status")).text());
h.debug();
await h.close();
await c.stop();
await up.stop();
