import type { RequestOf, ResponseOf, TaskRequest, TaskResponse } from "../../../shared/src/protocol";
import { PROTOCOL_VERSION, SENTIMENT_LABELS } from "../../../shared/src/protocol";

/**
 * Turning model outputs into protocol answers: pure functions, so batched and unbatched runs give the same
 * response for the same numbers, and tests can pin them exactly.
 */

/**
 * Probabilities over the request's allowed labels, from a model's probabilities over its own labels: labels
 * the model does not know get 0, the rest are renormalized; if none is known the answer is uniform. The
 * chosen label is the most probable, ties going to the earlier allowed label.
 */
export function classify(
  allowed: readonly string[],
  modelLabels: readonly string[],
  modelProbs: Float32Array,
): { label: string; probabilities: Record<string, number> } {
  const index = new Map(modelLabels.map((l, i) => [l, i]));
  const raw = allowed.map((label) => {
    const i = index.get(label);
    const p = i === undefined ? 0 : (modelProbs[i] ?? 0);
    return Number.isFinite(p) && p > 0 ? p : 0;
  });
  const sum = raw.reduce((s, p) => s + p, 0);
  const probs = sum > 0 ? raw.map((p) => p / sum) : raw.map(() => 1 / allowed.length);
  let best = 0;
  probs.forEach((p, i) => {
    if (p > (probs[best] ?? 0)) best = i;
  });
  const probabilities: Record<string, number> = {};
  allowed.forEach((label, i) => {
    probabilities[label] = Math.min(1, probs[i] ?? 0);
  });
  return { label: allowed[best] as string, probabilities };
}

/** Softmax of a model's raw logits (shifted by their maximum, so large logits do not overflow). */
export function softmax(logits: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const x of logits) if (x > max) max = x;
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (const [i, x] of logits.entries()) {
    const e = Math.exp(x - max);
    out[i] = e;
    sum += e;
  }
  if (!(sum > 0) || !Number.isFinite(sum)) return out.fill(0);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/** Candidate ids ordered by score, best first; ties keep the offered order (a stable sort). */
export function rankByScore(ids: readonly string[], scores: readonly number[]): string[] {
  return ids
    .map((id, i) => ({
      id,
      i,
      s: Number.isFinite(scores[i]) ? (scores[i] as number) : Number.NEGATIVE_INFINITY,
    }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.id);
}

/** The labels a classification request allows, in request order. */
export function allowedLabels(request: TaskRequest): readonly string[] {
  switch (request.taskType) {
    case "intent_classification":
      return request.labels;
    case "product_image":
      return request.categories;
    case "sentiment":
      return SENTIMENT_LABELS;
    case "response_selection":
      return [];
  }
}

/** Builds the response to a classification request from the chosen label and probabilities. */
export function classificationResponse(
  request: Exclude<TaskRequest, RequestOf<"response_selection">>,
  answer: { label: string; probabilities: Record<string, number> },
): TaskResponse {
  return {
    protocolVersion: PROTOCOL_VERSION,
    taskId: request.taskId,
    taskType: request.taskType,
    label: answer.label,
    probabilities: answer.probabilities,
  } as TaskResponse;
}

/** Builds the response to a response-selection request from a ranking. */
export function rankingResponse(
  request: RequestOf<"response_selection">,
  ranking: string[],
): ResponseOf<"response_selection"> {
  return { protocolVersion: PROTOCOL_VERSION, taskId: request.taskId, taskType: request.taskType, ranking };
}
