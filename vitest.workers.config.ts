import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Worker tests: these run inside workerd (Miniflare), with the Worker from wrangler.toml as SELF.
export default defineConfig({
  plugins: [
    cloudflareTest(() => ({
      wrangler: { configPath: "./wrangler.toml" },
    })),
  ],
  test: {
    include: ["workers/**/*.test.ts", "test/workers/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
