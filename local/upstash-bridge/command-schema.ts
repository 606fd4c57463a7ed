import { z } from "zod";

/**
 * Request bodies of the Upstash REST API, as the @upstash/redis client sends them:
 * `POST /` takes one command (`["SET","k","v"]`), `/pipeline` and `/multi-exec` take an array of them.
 * https://upstash.com/docs/redis/features/restapi
 */

/** One argument: JSON strings go to Redis as UTF-8; numbers and booleans as their decimal text. */
export const commandArgSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A command as sent over JSON: the name first, then its arguments. */
export type JsonCommand = [string, ...z.infer<typeof commandArgSchema>[]];

/** A command ready for Redis: the name and binary-safe arguments (a path-style POST body is raw bytes). */
export type RedisCommand = { name: string; args: (string | Buffer)[] };

/** Size limits a request must respect; both bound the work one request can cause. */
export type CommandLimits = { maxArgs: number; maxCommands: number };

/** A parsed request, or the reason it is malformed (sent back as a 400 `{ error }`). */
export type ParsedBody<T> = { ok: true; value: T } | { ok: false; error: string };

/** Builds the schema of one command under the given argument limit. */
export function commandSchema(limits: CommandLimits) {
  return z
    .array(z.unknown(), { error: 'must be a JSON array like ["SET","key","value"]' })
    .min(1, { error: "is an empty array; the first element must be the command name" })
    .max(limits.maxArgs, { error: `has more than ${limits.maxArgs} elements` })
    .superRefine((items, ctx) => {
      if (typeof items[0] !== "string" || items[0].length === 0) {
        ctx.addIssue({ code: "custom", message: "must start with the command name as a non-empty string" });
      }
      items.forEach((item, i) => {
        if (!commandArgSchema.safeParse(item).success) {
          ctx.addIssue({
            code: "custom",
            message: `element ${i} must be a string, a finite number or a boolean, got ${describe(item)}`,
          });
        }
      });
    })
    .transform((items) => items as JsonCommand);
}

/** Parses the body of `POST /`: one JSON command. */
export function parseCommandBody(text: string, limits: CommandLimits): ParsedBody<RedisCommand> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const result = commandSchema(limits).safeParse(json.value);
  if (!result.success)
    return { ok: false, error: `ERR failed to parse command: the body ${firstIssue(result.error)}` };
  return { ok: true, value: toRedisCommand(result.data) };
}

/** Parses the body of `POST /pipeline` or `POST /multi-exec`: a non-empty array of JSON commands. */
export function parseCommandListBody(text: string, limits: CommandLimits): ParsedBody<RedisCommand[]> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const list = json.value;
  if (!Array.isArray(list)) {
    return {
      ok: false,
      error: 'ERR failed to parse pipeline: the body must be an array of commands like [["GET","k"]]',
    };
  }
  if (list.length === 0)
    return { ok: false, error: "ERR failed to parse pipeline: the command list is empty" };
  if (list.length > limits.maxCommands) {
    return {
      ok: false,
      error: `ERR too many commands in one request: ${list.length} (limit ${limits.maxCommands})`,
    };
  }
  const schema = commandSchema(limits);
  const commands: RedisCommand[] = [];
  for (const [i, item] of list.entries()) {
    const result = schema.safeParse(item);
    if (!result.success) {
      return { ok: false, error: `ERR failed to parse pipeline: command ${i} ${firstIssue(result.error)}` };
    }
    commands.push(toRedisCommand(result.data));
  }
  return { ok: true, value: commands };
}

/** Turns a validated JSON command into text arguments (numbers keep JSON's shortest decimal form). */
export function toRedisCommand([name, ...rest]: JsonCommand): RedisCommand {
  return { name, args: rest.map((arg) => (typeof arg === "string" ? arg : String(arg))) };
}

function parseJson(text: string): ParsedBody<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: "ERR failed to parse command: the request body is not valid JSON" };
  }
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "is invalid";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  return typeof value === "object" ? "an object" : typeof value;
}
