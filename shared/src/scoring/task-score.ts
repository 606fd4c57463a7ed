import type { TaskRequest, TaskResponse } from "../protocol";
import { checkResponseAgainstRequest } from "../protocol";
import { DEFAULT_LATENCY_POLICY, type LatencyPolicy, latencyFactor } from "./latency";
import type { DispatchOutcome, Truth } from "./outcome";
import {
  type ClassificationWeights,
  classificationQuality,
  DEFAULT_CLASSIFICATION_WEIGHTS,
  reciprocalRank,
} from "./task-quality";

/** Settings for scoring one task. */
export type TaskScoring = {
  timeoutMs: number;
  latency?: LatencyPolicy;
  classification?: ClassificationWeights;
};

/** The score of one task: `quality * latencyFactor`, both kept for the record. */
export type TaskScore = {
  score: number;
  quality: number;
  latencyFactor: number;
  /** Answered, consistent with its request and within the timeout: what `trust` counts. */
  success: boolean;
};

const ZERO: TaskScore = { score: 0, quality: 0, latencyFactor: 0, success: false };

/**
 * Scores one dispatch outcome against the task's held-back truth. Anything but a consistent answer
 * within the timeout scores 0; otherwise `quality(response, truth) * latencyFactor(latency, timeout)`.
 */
export function scoreTask(
  request: TaskRequest,
  truth: Truth,
  outcome: DispatchOutcome,
  settings: TaskScoring,
): TaskScore {
  if (outcome.kind !== "answered") return ZERO;
  if (outcome.latencyMs > settings.timeoutMs) return ZERO;
  const response = outcome.response;
  if (!checkResponseAgainstRequest(request, response).ok) return ZERO;
  const quality = answerQuality(response, truth, settings.classification ?? DEFAULT_CLASSIFICATION_WEIGHTS);
  if (quality === null) return ZERO;
  const factor = latencyFactor(
    outcome.latencyMs,
    settings.timeoutMs,
    settings.latency ?? DEFAULT_LATENCY_POLICY,
  );
  return { score: quality * factor, quality, latencyFactor: factor, success: true };
}

function answerQuality(response: TaskResponse, truth: Truth, weights: ClassificationWeights): number | null {
  if (response.taskType !== truth.taskType) return null;
  if (response.taskType === "response_selection" && truth.taskType === "response_selection") {
    return reciprocalRank(response.ranking, truth.trueId);
  }
  if (response.taskType !== "response_selection" && truth.taskType !== "response_selection") {
    return classificationQuality(response.label, response.probabilities, truth.labels, truth.label, weights);
  }
  return null;
}
