import { type RedisServer, type RedisServerOptions, startRedisServer } from "../redis-server";
import { startUpstashBridge, type UpstashBridge, type UpstashBridgeOptions } from "./bridge";

/** Options for {@link startLocalUpstash}: one group for redis-server, one for the bridge. */
export type LocalUpstashOptions = {
  redis?: RedisServerOptions;
  bridge?: Omit<UpstashBridgeOptions, "redisUrl">;
};

/** A local stand-in for an Upstash database: a real redis-server behind the REST bridge. */
export type LocalUpstash = {
  /** UPSTASH_REDIS_REST_URL. */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN. */
  token: string;
  readonlyToken: string;
  /** The Redis behind it, for reading data back with ioredis (`redis.url`). */
  redis: RedisServer;
  bridge: UpstashBridge;
  /** Stops the bridge, then redis-server. Idempotent. */
  stop(): Promise<void>;
};

/** Starts redis-server and an Upstash REST bridge in front of it, stopped together by one `stop()`. */
export async function startLocalUpstash(opts: LocalUpstashOptions = {}): Promise<LocalUpstash> {
  const redis = await startRedisServer(opts.redis);
  let bridge: UpstashBridge;
  try {
    bridge = await startUpstashBridge({ ...opts.bridge, redisUrl: redis.url });
  } catch (error) {
    await redis.stop();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: bridge.url,
    token: bridge.token,
    readonlyToken: bridge.readonlyToken,
    redis,
    bridge,
    stop: () => {
      stopping ??= bridge.stop().finally(() => redis.stop());
      return stopping;
    },
  };
}
