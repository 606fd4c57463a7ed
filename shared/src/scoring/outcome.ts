import type { TaskResponse } from "../protocol";

/**
 * What happened to one request sent to a miner, as the dispatcher saw it. Only `answered` can earn a
 * score; every other kind scores exactly 0 (docs/scoring.md, "Failures").
 */
export type DispatchOutcome =
  | { kind: "answered"; response: TaskResponse; latencyMs: number }
  | { kind: "timeout"; latencyMs: number }
  | { kind: "unreachable"; message: string }
  | { kind: "http_error"; status: number }
  | { kind: "oversized"; limitBytes: number }
  | { kind: "unsigned"; message: string }
  | { kind: "invalid"; message: string };

/** Outcome kinds, for counting and display. */
export type OutcomeKind = DispatchOutcome["kind"];

/** The held-back answer of a task, as the scorer needs it. */
export type Truth =
  | { taskType: "response_selection"; trueId: string }
  | { taskType: "intent_classification" | "sentiment" | "product_image"; label: string; labels: string[] };
