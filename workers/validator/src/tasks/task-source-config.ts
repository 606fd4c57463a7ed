import { z } from "zod";
import { parseConfig, type RawSettings } from "../../../../shared/src/config";
import { TASK_TYPES } from "../../../../shared/src/protocol";
import { GENERATED_LANGUAGES } from "../../../../shared/src/tasks";
import type { BankSourceOptions } from "./bank-task-source";

const csvOf = <T extends string>(allowed: readonly T[], what: string) =>
  z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(allowed as [T, ...T[]], {
          message: `each entry must be one of: ${allowed.join(", ")} (${what})`,
        }),
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
});

function randomSeed(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads the task bank's options from the Worker env (string vars only); throws ConfigError naming bad ones. */
export function parseTaskSourceEnv(env: Record<string, unknown>): BankSourceOptions {
  const raw: RawSettings = {};
  for (const key of Object.keys(taskSourceEnvSchema.shape)) {
    const v = env[key];
    if (typeof v === "string") raw[key] = v;
  }
  const e = parseConfig(taskSourceEnvSchema, raw);
  return {
    seed: e.TASK_BANK_SEED ?? randomSeed(),
    taskTypes: e.TASK_TYPES,
    languages: e.TASK_LANGUAGES,
    candidates: e.TASK_CANDIDATES,
  };
}
