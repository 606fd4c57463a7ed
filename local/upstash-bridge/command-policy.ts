import type { RedisCommand } from "./command-schema";

/** What a token may do: the main token runs anything allowed; the read-only one only reads. */
export type Access = "full" | "readonly";

/** Command flags as Redis reports them (`COMMAND`), keyed by `name` or `container|subcommand`. */
export type CommandTable = ReadonlyMap<string, ReadonlySet<string>>;

/** Whether a command may run through the bridge, with the Redis-style error to send when not. */
export type Verdict = { ok: true } | { ok: false; error: string };

/** The minimal client surface needed to read the command table (ioredis satisfies it). */
export type CommandIntrospector = { call(command: string): Promise<unknown> };

// Commands that keep per-connection state: over stateless HTTP on a shared connection they would
// leak into other requests (SELECT, CLIENT) or break the bridge's own transactions (MULTI, WATCH).
const CONNECTION_STATE = new Set([
  "multi",
  "exec",
  "discard",
  "watch",
  "unwatch",
  "select",
  "hello",
  "auth",
  "quit",
  "reset",
  "client",
  "readonly",
  "readwrite",
  "asking",
]);
// Pub/sub subscriptions and replication streams need a long-lived connection.
const STREAMING = new Set([
  "subscribe",
  "psubscribe",
  "ssubscribe",
  "unsubscribe",
  "punsubscribe",
  "sunsubscribe",
  "monitor",
  "sync",
  "psync",
]);
// Server administration that a REST database does not expose (CONFIG SET dir could write anywhere).
const ADMIN = new Set([
  "config",
  "acl",
  "debug",
  "shutdown",
  "module",
  "replicaof",
  "slaveof",
  "failover",
  "replconf",
  "cluster",
  "migrate",
  "wait",
  "waitaof",
]);
// Harmless commands that Redis does not flag `readonly` but a read-only token may still run.
const READONLY_EXTRAS = new Set(["ping", "echo", "time"]);

/** Reads every command's flags from the server, so policy follows the Redis version actually running. */
export async function loadCommandTable(redis: CommandIntrospector): Promise<CommandTable> {
  const reply = await redis.call("COMMAND");
  const table = new Map<string, ReadonlySet<string>>();
  const add = (entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== "string") return;
    const flags = Array.isArray(entry[2]) ? entry[2].filter((f): f is string => typeof f === "string") : [];
    table.set(entry[0].toLowerCase(), new Set(flags));
    // Redis 7 lists subcommands (`script|load`) in the tenth field, each shaped like a command.
    if (Array.isArray(entry[9])) for (const sub of entry[9]) add(sub);
  };
  if (Array.isArray(reply)) for (const entry of reply) add(entry);
  return table;
}

/** Decides whether `command` may run for a caller with `access`; unknown commands go to Redis to reject. */
export function checkCommand(table: CommandTable, command: RedisCommand, access: Access): Verdict {
  const name = command.name.toLowerCase();
  const refuse = (why: string): Verdict => ({
    ok: false,
    error: `ERR '${name}' is not supported by the local Upstash bridge: ${why}`,
  });
  if (CONNECTION_STATE.has(name)) {
    return refuse("it changes per-connection state, which stateless REST calls cannot keep");
  }
  if (STREAMING.has(name)) return refuse("subscriptions and monitors need a long-lived connection");
  if (ADMIN.has(name)) return refuse("server administration is not exposed over REST");
  const flags = flagsOf(table, name, command.args[0]);
  if (flags?.has("blocking") && !isNonBlockingStreamRead(name, command.args)) {
    return refuse("blocking commands would hold the shared connection; use the non-blocking form");
  }
  if (
    access === "readonly" &&
    !(READONLY_EXTRAS.has(name) || (flags?.has("readonly") && !flags.has("write")))
  ) {
    return { ok: false, error: `NOPERM this user has no permissions to run the '${name}' command` };
  }
  return { ok: true };
}

function flagsOf(table: CommandTable, name: string, firstArg: string | Buffer | undefined) {
  if (firstArg !== undefined) {
    const sub = table.get(`${name}|${firstArg.toString().toLowerCase()}`);
    if (sub) return sub;
  }
  return table.get(name);
}

// XREAD and XREADGROUP are flagged `blocking` but only block when given BLOCK (before STREAMS,
// after which every word is a key or an id).
function isNonBlockingStreamRead(name: string, args: (string | Buffer)[]): boolean {
  if (name !== "xread" && name !== "xreadgroup") return false;
  for (const arg of args) {
    const word = arg.toString().toUpperCase();
    if (word === "STREAMS") return true;
    if (word === "BLOCK") return false;
  }
  return true;
}

/** Whether a command may change data (anything Redis does not flag `readonly`), to advance sync tokens. */
export function mayWrite(table: CommandTable, command: RedisCommand): boolean {
  const flags = flagsOf(table, command.name.toLowerCase(), command.args[0]);
  return !flags?.has("readonly");
}
