import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import type { ChainWorkersProvided } from "./test/chain-workers/support/provided";
import type { LocalUpstashProvided } from "./test/global-setup/local-upstash";

// The validator Worker inside workerd against the real subtensor runtime (chopsticks, started in Node by
// the global setup) and the local Upstash: the weight setter's end-to-end suite. One chain per run.
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => {
      const upstash = inject<LocalUpstashProvided | null>("localUpstash");
      const chain = inject<ChainWorkersProvided>("chainWorkers");
      const ready = chain?.kind === "ready" ? chain : null;
      return {
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            CHAIN_WORKERS: JSON.stringify(chain ?? { kind: "missing", howTo: "global setup did not run" }),
            ...(ready
              ? {
                  METAGRAPH_SOURCE: "chain",
                  SUBTENSOR_URL: ready.wsUrl,
                  NETUID: String(ready.netuid),
                  VALIDATOR_HOTKEY_SEED: ready.validatorUris[0] ?? "",
                  STATE_PREFIX: `miaoai-chain-${Date.now().toString(36)}`,
                  // chopsticks makes blocks on demand; the reveal round is computed for 1 s blocks.
                  WEIGHTS_BLOCK_SECONDS: "1",
                }
              : {}),
            ...(upstash
              ? { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token }
              : {}),
          },
        },
      };
    }),
  ],
  test: {
    include: ["test/chain-workers/**/*.test.ts"],
    globalSetup: ["./test/global-setup/local-upstash.ts", "./test/chain-workers/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One chain is shared by the whole suite; its tests run in order.
    fileParallelism: false,
  },
});
