import { defineConfig } from "vitest/config";
import { CHAIN_NODE_SUITES } from "./vitest.shared";

// Node suites against the real subtensor runtime under chopsticks. Each starts its own chain; on a 2-core
// machine two chains at once starve each other's block production, so files run one after another.
// Each suite skips, saying how to get the runtime, when it is absent (see local/chain/find-runtime.ts).
export default defineConfig({
  test: {
    include: CHAIN_NODE_SUITES,
    exclude: ["**/node_modules/**"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
