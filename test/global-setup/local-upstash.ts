import type { TestProject } from "vitest/node";
import { RedisServerNotFoundError } from "../../local/redis-server";
import { startLocalUpstash } from "../../local/upstash-bridge";

/** What worker tests receive (through miniflare bindings) to reach the local Upstash. */
export type LocalUpstashProvided = {
  /** UPSTASH_REDIS_REST_URL of the bridge. */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN (full access). */
  token: string;
  readonlyToken: string;
  /** The redis-server behind the bridge, `redis://127.0.0.1:<port>`, for checking data directly. */
  redisUrl: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    /** null when redis-server is not installed; tests that need it then skip with a message. */
    localUpstash: LocalUpstashProvided | null;
  }
}

/**
 * Vitest global setup for worker tests: starts redis-server and the Upstash REST bridge once per run in
 * Node (workerd cannot spawn processes) and provides their address to the pool options.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const local = await startLocalUpstash();
    project.provide("localUpstash", {
      url: local.url,
      token: local.token,
      readonlyToken: local.readonlyToken,
      redisUrl: local.redis.url,
    });
    return () => local.stop();
  } catch (error) {
    if (!(error instanceof RedisServerNotFoundError)) throw error;
    console.warn(`local Upstash not started, worker tests that need it will skip: ${error.message}`);
    project.provide("localUpstash", null);
    return async () => {};
  }
}
