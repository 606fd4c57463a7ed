/**
 * `npm run upstash:local [-- --port 8079 --host 127.0.0.1 --token T --readonly-token R]`
 * Starts redis-server and the Upstash REST bridge in front of it, prints the env lines a Worker or the
 * miner needs, and stops both on Ctrl-C.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { RedisServerNotFoundError } from "../local/redis-server";
import { startLocalUpstash } from "../local/upstash-bridge";

const argsSchema = z.object({
  port: z.coerce.number().int().min(1).max(65_535).default(8079),
  host: z.string().min(1).default("127.0.0.1"),
  token: z.string().min(8).optional(),
  "readonly-token": z.string().min(8).optional(),
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string" },
      "readonly-token": { type: "string" },
    },
  });
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(
      `upstash:local: bad arguments: ${parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
    return 2;
  }
  const args = parsed.data;
  const local = await startLocalUpstash({
    bridge: { port: args.port, host: args.host, token: args.token, readonlyToken: args["readonly-token"] },
  });
  console.log(`UPSTASH_REDIS_REST_URL=${local.url}`);
  console.log(`UPSTASH_REDIS_REST_TOKEN=${local.token}`);
  console.log(`UPSTASH_REDIS_REST_READONLY_TOKEN=${local.readonlyToken}`);
  console.error(`(redis-server at ${local.redis.url}, data in ${local.redis.dir}; Ctrl-C stops both)`);

  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  await local.stop();
  console.error("upstash:local stopped");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof RedisServerNotFoundError) console.error(`upstash:local: ${error.message}`);
    else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error("upstash:local: the port is taken; pick another with --port <n>");
    } else console.error("upstash:local failed:", error);
    process.exit(1);
  },
);
