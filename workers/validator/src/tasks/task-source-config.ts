import { z } from "zod";
import { parseConfig, splitList, stringSettings } from "../../../../shared/src/config";
import { TASK_TYPES } from "../../../../shared/src/protocol";
import { GENERATED_LANGUAGES, poolSpecSchema } from "../../../../shared/src/tasks";
import type { BankSourceOptions } from "./bank-task-source";

const csvOf = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .default("")
    .transform(splitList)
    .pipe(
      z.array(
        z.enum(allowed as [T, ...T[]], {
          message: `each entry must be one of: ${allowed.join(", ")} (${what})`,
        }),
      ),
    );

/** At most this many dataset pools: each is fetched and held by the cron's isolate. */
export const MAX_TASK_POOLS = 8;

/** `TASK_POOLS`: a JSON array of pool specs whose locations are http(s) URLs (R2 public buckets, any host). */
const taskPoolsSchema = z
  .string()
  .default("[]")
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON array of pool specs" });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(
        poolSpecSchema.extend({
          location: z.url({
            protocol: /^https?$/,
            error: "must be an http(s) URL (the Worker reads no files)",
          }),
          labelsLocation: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
        }),
      )
      .max(MAX_TASK_POOLS, `at most ${MAX_TASK_POOLS} pools`)
      .refine(
        (pools) => new Set(pools.map((p) => p.name)).size === pools.length,
        "pool names must be unique",
      ),
  );

/** The task bank's variables (docs/running_validator.md, "Tasks"); all optional. */
export const taskSourceEnvSchema = z.object({
  /** Secret seed of the bank; when unset, each isolate draws a random one (rounds are planned in one). */
  TASK_BANK_SEED: z.string().min(16, "use at least 16 characters").optional(),
  /** Task types to draw, comma-separated; empty = all four. */
  TASK_TYPES: csvOf(TASK_TYPES, "task types"),
  /** Languages of generated items, comma-separated; empty = all the generator writes. */
  TASK_LANGUAGES: csvOf(GENERATED_LANGUAGES, "generated languages"),
  /** Candidates per response-selection request. */
  TASK_CANDIDATES: z.coerce.number().int().min(2).max(100).default(10),
  /** Datasets to draw from besides the generator, e.g. `[{"name":"edc","format":"edc","location":"https://..."}]`. */
  TASK_POOLS: taskPoolsSchema,
});

function randomSeed(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads the task bank's options from the Worker env (string vars only); throws ConfigError naming bad ones. */
export function parseTaskSourceEnv(env: Record<string, unknown>): BankSourceOptions {
  const e = parseConfig(taskSourceEnvSchema, stringSettings(env));
  return {
    seed: e.TASK_BANK_SEED ?? randomSeed(),
    taskTypes: e.TASK_TYPES,
    languages: e.TASK_LANGUAGES,
    candidates: e.TASK_CANDIDATES,
    pools: e.TASK_POOLS,
  };
}
