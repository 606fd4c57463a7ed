import { defineConfig } from "vitest/config";
import { CHAIN_NODE_SUITES } from "./vitest.shared";

// Plain Node tests: shared/, miner/, local/ and the integration suites in test/. Worker suites (test/workers,
// test/chain-workers) run inside workerd under their own configs; chain suites under vitest.chain-node.config.ts.
export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "miner/**/*.test.ts", "local/**/*.test.ts", "test/**/*.test.ts"],
    exclude: [
      "**/node_modules/**",
      "test/workers/**",
      "test/chain-workers/**",
      "workers/**",
      ...CHAIN_NODE_SUITES,
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
