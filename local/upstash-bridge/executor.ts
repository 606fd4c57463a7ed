import type { Redis } from "ioredis";
import type { RedisCommand } from "./command-schema";

/** The outcome of one command: Redis' reply, or the error reply Redis (or the bridge) gave. */
export type Outcome = { kind: "result"; reply: unknown } | { kind: "error"; message: string };

/** A transaction either ran (each command with its own outcome, as EXEC reports) or was discarded. */
export type TransactionOutcome =
  | { kind: "executed"; outcomes: Outcome[] }
  | { kind: "aborted"; message: string };

// ioredis rewrites replies and arguments of some commands by their lowercase name (HGETALL -> object,
// HSET/MSET from objects); sending names upper-cased bypasses that and keeps the raw reply.
const argv = (command: RedisCommand): [string, ...(string | Buffer)[]] => [
  command.name.toUpperCase(),
  ...command.args,
];

/** Runs one command with buffer replies, so values stay binary-safe. */
export async function runCommand(redis: Redis, command: RedisCommand): Promise<Outcome> {
  try {
    return { kind: "result", reply: await redis.callBuffer(...argv(command)) };
  } catch (error) {
    return asOutcome(error);
  }
}

/** Runs commands back to back in one write (not atomic, as Upstash's /pipeline), one outcome each. */
export async function runPipeline(redis: Redis, commands: RedisCommand[]): Promise<Outcome[]> {
  const pipeline = redis.pipeline();
  for (const command of commands) pipeline.callBuffer(...argv(command));
  return toOutcomes(await pipeline.exec(), commands.length);
}

/**
 * Runs commands inside MULTI/EXEC. ioredis writes MULTI, the commands and EXEC in one chunk on the shared
 * connection, so no other request's command lands inside the transaction.
 */
export async function runTransaction(redis: Redis, commands: RedisCommand[]): Promise<TransactionOutcome> {
  const multi = redis.multi();
  for (const command of commands) multi.callBuffer(...argv(command));
  try {
    const replies = await multi.exec();
    if (replies === null) return { kind: "aborted", message: "EXECABORT Transaction discarded" };
    return { kind: "executed", outcomes: toOutcomes(replies, commands.length) };
  } catch (error) {
    if (!isReplyError(error)) throw error;
    // Queue-time errors (wrong arity, unknown command) abort the whole transaction; name them.
    const causes = (error as { previousErrors?: Error[] }).previousErrors?.map((e) => e.message) ?? [];
    return { kind: "aborted", message: [error.message, ...causes].join(" ") };
  }
}

function toOutcomes(replies: [Error | null, unknown][] | null, expected: number): Outcome[] {
  if (replies === null || replies.length !== expected) {
    throw new Error(`redis returned ${replies?.length ?? "no"} replies for ${expected} commands`);
  }
  return replies.map(([error, reply]) => (error ? asOutcome(error) : { kind: "result", reply }));
}

// Error replies from Redis become outcomes; anything else (lost connection, timeout) is a bridge fault.
function asOutcome(error: unknown): Outcome {
  if (isReplyError(error)) return { kind: "error", message: error.message };
  throw error;
}

function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === "ReplyError";
}
