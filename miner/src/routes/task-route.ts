import type { Hono, MiddlewareHandler } from "hono";
import {
  checkResponseAgainstRequest,
  describeIssues,
  TASK_TYPES,
  type TaskRequest,
  type TaskType,
  taskPath,
  taskSchemas,
} from "../../../shared/src/protocol";
import { admitRequest, callerGate } from "../auth/admission";
import { epistulaAuth } from "../auth/epistula-auth";
import { type MinerEnv, sendError, sendJson } from "../http/context";
import { ExpiredError, InputError } from "../inference/engine";

/** The path of a task type's route (shared with validators): `POST /v1/tasks/<task_type>`. */
export { taskPath };

/**
 * Registers `POST /v1/tasks/<task_type>` for every task type of the protocol. Order of checks: task type served
 * (404) -> timeout armed (504) -> Epistula headers, bounded body, signature (401/413) -> gate (403) -> rate
 * limit (429) with replay (401) -> JSON + schema (400 naming the field) -> model -> consistency -> signed answer.
 */
export function registerTaskRoutes(app: Hono<MinerEnv>): void {
  for (const taskType of TASK_TYPES) {
    app.post(
      taskPath(taskType),
      observe(taskType),
      requestTimeout(),
      epistulaAuth(),
      callerGate(),
      admitRequest(),
      async function taskHandler(c) {
        const parsed = parseTask(taskType, c.get("body"));
        if (!parsed.ok) return sendError(c, 400, "bad_request", "invalid_task", parsed.message);
        const request = parsed.value;
        c.set("taskId", request.taskId);
        const { engine, log } = c.get("deps");
        const waitMs = Math.min(request.deadlineMs, c.get("limits").requestTimeoutMs);
        let response: Awaited<ReturnType<typeof engine.run>>;
        try {
          const options = { expiresAt: Date.now() + waitMs, caller: c.get("caller")?.hotkey };
          response = await withDeadline(engine.run(request, options), waitMs);
        } catch (error) {
          if (error instanceof InputError)
            return sendError(c, 400, "bad_request", "invalid_task", `${error.field}: ${error.message}`);
          if (error instanceof DeadlineError || error instanceof ExpiredError)
            return sendError(c, 504, "timeout", "deadline_exceeded", error.message);
          log.error("engine failed", { taskType, error: (error as Error).message });
          return sendError(c, 500, "error", "inference_failed", "the model failed on this task");
        }
        const consistent = checkResponseAgainstRequest(request, response);
        if (!consistent.ok) {
          log.error("engine gave an inconsistent answer", { taskType, field: consistent.field });
          return sendError(
            c,
            500,
            "error",
            "inconsistent_answer",
            `${consistent.field}: ${consistent.message}`,
          );
        }
        c.set("outcome", "ok");
        return sendJson(c, 200, response);
      },
    );
  }
}

type Parse = { ok: true; value: TaskRequest } | { ok: false; message: string };

function parseTask(taskType: TaskType, body: Uint8Array): Parse {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return { ok: false, message: "(body): not valid UTF-8 JSON" };
  }
  const result = taskSchemas[taskType].request.safeParse(json);
  if (!result.success) return { ok: false, message: describeIssues(result.error).join("; ") };
  return { ok: true, value: result.data as TaskRequest };
}

/** 404 for task types the engine does not serve, then latency, outcome counting and the served log. */
function observe(taskType: TaskType): MiddlewareHandler<MinerEnv> {
  return async function observeMiddleware(c, next) {
    const deps = c.get("deps");
    if (!deps.engine.taskTypes.includes(taskType)) {
      return sendError(
        c,
        404,
        "bad_request",
        "task_type_not_served",
        `this miner does not serve ${taskType}`,
      );
    }
    const startedAt = performance.now();
    c.set("taskType", taskType);
    c.set("outcome", "error");
    c.set("taskId", null);
    if (deps.metrics) deps.metrics.inFlight.value++;
    try {
      await next();
    } finally {
      const outcome = c.get("outcome");
      const seconds = (performance.now() - startedAt) / 1000;
      if (deps.metrics) {
        deps.metrics.inFlight.value--;
        deps.metrics.requests.inc({ task_type: taskType, outcome });
        deps.metrics.latency.observe({ task_type: taskType, outcome }, seconds);
      }
      const caller = c.get("caller");
      // Only callers the gate let through are recorded: anyone can make a key and sign with it, and each new
      // hotkey would otherwise add a Redis hash for good and push real validators out of the served log.
      if (caller && c.get("permitted")) {
        deps.store
          .record({
            at: deps.clock(),
            validator: caller.hotkey,
            taskId: c.get("taskId"),
            taskType,
            requestSha256: c.get("bodySha256"),
            latencyMs: Math.round(seconds * 1e6) / 1e3,
            outcome,
          })
          .catch((error: Error) => deps.log.warn("served-log write failed", { error: error.message }));
      }
    }
  };
}

/** Answers 504 when the whole request takes longer than `requestTimeoutMs`. */
function requestTimeout(): MiddlewareHandler<MinerEnv> {
  return async function requestTimeoutMiddleware(c, next) {
    const ms = c.get("limits").requestTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), ms);
    });
    c.set("expired", expired);
    try {
      const winner = await Promise.race([next().then(() => "done" as const), expired]);
      if (winner === "timeout") {
        c.res = sendError(c, 504, "timeout", "request_timeout", `request took longer than ${ms} ms`);
      }
    } finally {
      clearTimeout(timer);
    }
  };
}

class DeadlineError extends Error {}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DeadlineError(
            `no answer within ${ms} ms (the task's deadlineMs, or the miner's timeout if shorter)`,
          ),
        ),
      ms,
    );
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
