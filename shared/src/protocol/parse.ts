import type { z } from "zod";
import { taskRequestSchema, taskResponseSchema } from "./messages";

/** A message that failed its schema, with every problem named by its path (`turns[0].text: ...`). */
export type ParseFailure = { ok: false; issues: string[]; message: string };
export type Parsed<T> = { ok: true; value: T } | ParseFailure;

/** Renders zod issues as `path: message` lines, so a 400 says which field was wrong. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => {
    const path = issue.path
      .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
      .join("");
    return `${path || "(body)"}: ${issue.message}`;
  });
}

/** Validates unknown input against a schema, returning a value or the named issues. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const issues = describeIssues(result.error);
  return { ok: false, issues, message: issues.join("; ") };
}

/** Parses a task request of any type. */
export const parseTaskRequest = (input: unknown) => parseWith(taskRequestSchema, input);
/** Parses a task response of any type. */
export const parseTaskResponse = (input: unknown) => parseWith(taskResponseSchema, input);
