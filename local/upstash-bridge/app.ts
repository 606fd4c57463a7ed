import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Redis } from "ioredis";
import { accessFor, type BridgeTokens } from "./auth";
import { type Access, type CommandTable, checkCommand, mayWrite } from "./command-policy";
import {
  type CommandLimits,
  parseCommandBody,
  parseCommandListBody,
  type RedisCommand,
} from "./command-schema";
import { type Outcome, runCommand, runPipeline, runTransaction } from "./executor";
import { encodeReply, type ReplyEncoding, replyEncodingFrom } from "./reply-encoding";
import type { SyncClock } from "./sync-token";

/** Everything the bridge's routes need, built once by `startUpstashBridge`. */
export type BridgeDeps = {
  redis: Redis;
  table: CommandTable;
  tokens: BridgeTokens;
  clock: SyncClock;
  limits: CommandLimits;
  maxBodyBytes: number;
};

type Env = { Variables: { access: Access; encoding: ReplyEncoding; wrote: boolean } };
type Ctx = Context<Env>;

const ALLOWED_METHODS = new Set(["GET", "HEAD", "POST", "PUT"]);

/**
 * The Upstash Redis REST API over a real Redis: `POST /` (one JSON command), `POST /pipeline`,
 * `POST /multi-exec`, and path-style `GET|POST /set/key/value`.
 * https://upstash.com/docs/redis/features/restapi
 */
export function createBridgeApp(deps: BridgeDeps): Hono<Env> {
  const app = new Hono<Env>();

  app.use("*", async function upstashGate(c, next) {
    if (!ALLOWED_METHODS.has(c.req.method)) return c.json({ error: "Method Not Allowed" }, 405);
    // Authenticate before reading any body.
    const access = accessFor(c.req.header("authorization"), c.req.query("_token"), deps.tokens);
    if (!access) return c.json({ error: "Unauthorized" }, 401);
    const format = c.req.header("upstash-response-format");
    if (format && format.toLowerCase() !== "json") {
      return c.json({ error: `ERR Upstash-Response-Format '${format}' is not supported; use json` }, 400);
    }
    c.set("access", access);
    c.set("encoding", replyEncodingFrom(c.req.header("upstash-encoding")));
    c.set("wrote", false);
    await next();
    c.header("upstash-sync-token", deps.clock.next(c.get("wrote")));
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: deps.maxBodyBytes,
      onError: (c) =>
        c.json({ error: `ERR request body exceeds the limit of ${deps.maxBodyBytes} bytes` }, 413),
    }),
  );

  app.post("/pipeline", async (c) => {
    const parsed = parseCommandListBody(await c.req.text(), deps.limits);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    return c.json(await pipeline(c, parsed.value));
  });

  app.post("/multi-exec", async (c) => {
    const parsed = parseCommandListBody(await c.req.text(), deps.limits);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    return transaction(c, parsed.value);
  });

  app.post("/", async (c) => {
    const parsed = parseCommandBody(await c.req.text(), deps.limits);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    return single(c, parsed.value);
  });

  app.on(["GET", "POST", "PUT"], "/*", async (c) => {
    const parsed = await pathCommand(c, deps.limits);
    if (!parsed.ok) return c.json({ error: parsed.error }, 400);
    return single(c, parsed.value);
  });

  app.onError((error, c) => {
    // Redis unreachable or a reply the bridge cannot encode: a server fault, not the caller's.
    return c.json({ error: `ERR local Upstash bridge failed: ${error.message}` }, 500);
  });

  async function single(c: Ctx, command: RedisCommand) {
    const verdict = checkCommand(deps.table, command, c.get("access"));
    if (!verdict.ok) return c.json({ error: verdict.error }, 400);
    noteWrites(c, [command]);
    const outcome = await runCommand(deps.redis, command);
    if (outcome.kind === "error") return c.json({ error: outcome.message }, 400);
    return c.json({ result: encodeReply(outcome.reply, c.get("encoding")) });
  }

  async function pipeline(c: Ctx, commands: RedisCommand[]) {
    // Not atomic on Upstash either: refused commands fail alone, the rest still run in order.
    const verdicts = commands.map((command) => checkCommand(deps.table, command, c.get("access")));
    const allowed = commands.filter((_, i) => verdicts[i]?.ok);
    noteWrites(c, allowed);
    const ran = allowed.length > 0 ? await runPipeline(deps.redis, allowed) : [];
    let next = 0;
    return verdicts.map((verdict) =>
      verdict.ok ? toItem(ran[next++], c.get("encoding")) : { error: verdict.error },
    );
  }

  async function transaction(c: Ctx, commands: RedisCommand[]) {
    for (const command of commands) {
      const verdict = checkCommand(deps.table, command, c.get("access"));
      if (!verdict.ok) {
        return c.json(
          { error: `EXECABORT Transaction discarded because of previous errors. ${verdict.error}` },
          400,
        );
      }
    }
    noteWrites(c, commands);
    const outcome = await runTransaction(deps.redis, commands);
    if (outcome.kind === "aborted") return c.json({ error: outcome.message }, 400);
    return c.json(outcome.outcomes.map((item) => toItem(item, c.get("encoding"))));
  }

  function noteWrites(c: Ctx, commands: RedisCommand[]) {
    if (commands.some((command) => mayWrite(deps.table, command))) c.set("wrote", true);
  }

  return app;
}

function toItem(outcome: Outcome | undefined, encoding: ReplyEncoding) {
  if (!outcome) throw new Error("pipeline returned fewer replies than commands");
  return outcome.kind === "result"
    ? { result: encodeReply(outcome.reply, encoding) }
    : { error: outcome.message };
}

/**
 * Path-style commands: `/set/key/value` (segments URL-decoded), a POST body appended as the last
 * argument (raw bytes, so binary values work), then query parameters as `KEY value` pairs.
 */
async function pathCommand(c: Ctx, limits: CommandLimits) {
  const url = new URL(c.req.url);
  const segments = url.pathname.split("/").slice(1);
  if (segments.at(-1) === "") segments.pop();
  const args: (string | Buffer)[] = [];
  try {
    for (const segment of segments) args.push(decodeURIComponent(segment));
  } catch {
    return {
      ok: false as const,
      error: "ERR failed to parse command: the path is not valid percent-encoding",
    };
  }
  if (c.req.method !== "GET" && c.req.method !== "HEAD") {
    const body = Buffer.from(await c.req.arrayBuffer());
    if (body.length > 0) args.push(body);
  }
  for (const [key, value] of url.searchParams) {
    if (key === "_token") continue;
    args.push(key);
    if (value !== "") args.push(value);
  }
  const [name, ...rest] = args;
  if (typeof name !== "string" || name === "") {
    return {
      ok: false as const,
      error: "ERR failed to parse command: no command in the path, e.g. /get/key",
    };
  }
  if (args.length > limits.maxArgs) {
    return { ok: false as const, error: `ERR too many arguments: ${args.length} (limit ${limits.maxArgs})` };
  }
  return { ok: true as const, value: { name, args: rest } satisfies RedisCommand };
}
