import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import type { LocalUpstashProvided } from "./test/global-setup/local-upstash";
import type { ValidatorTestProvided } from "./test/validator/support/global-setup";

// Worker tests: these run inside workerd (Miniflare), with the Worker from wrangler.toml as SELF.
export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => {
      // Started by the global setup below; absent when redis-server is not installed.
      const upstash = inject<LocalUpstashProvided | null>("localUpstash");
      // Started by test/validator/support/global-setup.ts: test miners on loopback + the validator's vars.
      const validator = inject<ValidatorTestProvided | undefined>("validatorTest");
      return {
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...validator?.bindings,
            ...(upstash
              ? {
                  UPSTASH_REDIS_REST_URL: upstash.url,
                  UPSTASH_REDIS_REST_TOKEN: upstash.token,
                  UPSTASH_REDIS_REST_READONLY_TOKEN: upstash.readonlyToken,
                  LOCAL_REDIS_URL: upstash.redisUrl,
                }
              : {}),
          },
        },
      };
    }),
  ],
  test: {
    include: ["workers/**/*.test.ts", "test/workers/**/*.test.ts"],
    globalSetup: ["./test/global-setup/local-upstash.ts", "./test/validator/support/global-setup.ts"],
    testTimeout: 30_000,
  },
});
