import type { RequestOf, ResponseOf, TaskRequest, TaskResponse, TaskType } from "./messages";

/** Why a well-formed response still does not answer its request. */
export type Mismatch = { ok: false; field: string; message: string };
export type Consistency = { ok: true } | Mismatch;

const PROBABILITY_SUM_TOLERANCE = 0.01;

/**
 * Checks what a schema alone cannot: the response answers this very task, ranks exactly the offered
 * candidates, picks an allowed label, and gives one probability per allowed label summing to ~1.
 */
export function checkResponseAgainstRequest(request: TaskRequest, response: TaskResponse): Consistency {
  if (response.taskId !== request.taskId) return mismatch("taskId", "answers another task");
  if (response.taskType !== request.taskType) return mismatch("taskType", `expected ${request.taskType}`);
  switch (request.taskType) {
    case "response_selection":
      return checkRanking(request, response as ResponseOf<"response_selection">);
    case "intent_classification":
      return checkClassification(request.labels, response as ResponseOf<"intent_classification">);
    case "sentiment":
      return checkClassification(["negative", "neutral", "positive"], response as ResponseOf<"sentiment">);
    case "product_image":
      return checkClassification(request.categories, response as ResponseOf<"product_image">);
  }
}

function checkRanking(
  request: RequestOf<"response_selection">,
  response: ResponseOf<"response_selection">,
): Consistency {
  const offered = new Set(request.candidates.map((c) => c.id));
  const ranked = new Set(response.ranking);
  if (ranked.size !== response.ranking.length) return mismatch("ranking", "repeats a candidate id");
  if (ranked.size !== offered.size || response.ranking.some((id) => !offered.has(id))) {
    return mismatch("ranking", "must list every offered candidate id exactly once");
  }
  return { ok: true };
}

function checkClassification(
  allowed: readonly string[],
  response: { label: string; probabilities: Record<string, number> },
): Consistency {
  if (!allowed.includes(response.label))
    return mismatch("label", `'${response.label}' is not an allowed label`);
  const keys = Object.keys(response.probabilities);
  if (keys.length !== allowed.length || allowed.some((l) => !(l in response.probabilities))) {
    return mismatch("probabilities", "must give exactly one probability per allowed label");
  }
  const sum = keys.reduce((s, k) => s + (response.probabilities[k] ?? 0), 0);
  if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) {
    return mismatch("probabilities", `must sum to 1 (got ${sum.toFixed(4)})`);
  }
  return { ok: true };
}

function mismatch(field: string, message: string): Mismatch {
  return { ok: false, field, message };
}

/** Narrows a response to the type of its request once consistency has been checked. */
export type AnswerOf<R extends TaskRequest> = ResponseOf<R["taskType"] & TaskType>;
