import { defineConfig } from "vitest/config";

// Plain Node tests: shared/, miner/, local/ and the integration suites in test/ (not test/workers).
export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "miner/**/*.test.ts", "local/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/workers/**", "workers/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
