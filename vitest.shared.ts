/** Node suites that run the real subtensor runtime (chopsticks): one chain at a time, so they run apart. */
export const CHAIN_NODE_SUITES = [
  "test/chain/**/*.test.ts",
  "test/**/*-on-chain.test.ts",
  "test/yuma-chain.test.ts",
  "test/devnet/**/*.test.ts",
];
