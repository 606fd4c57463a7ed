import { PROTOCOL_VERSION, type TaskRequest, type TaskType } from "../../../shared/src/protocol";

// A tiny valid PNG (1x1 gray) so an image model's warm-up goes through the real decoder.
const WARMUP_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==";
/** Near the protocol's 2,000-character cap: a tokenizer fills its maxLength with it. */
const LONG_TEXT = "where is my order? ".repeat(100).trim();

/**
 * The two requests each model runs together, as one batch, at start: a short one and one at the longest a text
 * can be. A graph that cannot take a batch of two, or whose position table is shorter than the tokenizer's
 * maxLength, then fails at start instead of under load.
 */
export function warmUpRequests(taskType: TaskType): [TaskRequest, TaskRequest] {
  return [warmUpRequest(taskType, "where is my order?"), warmUpRequest(taskType, LONG_TEXT)];
}

function warmUpRequest(taskType: TaskType, text: string): TaskRequest {
  const base = { protocolVersion: PROTOCOL_VERSION, taskId: "warmup", deadlineMs: 10_000 } as const;
  switch (taskType) {
    case "response_selection":
      return {
        ...base,
        taskType,
        language: "en",
        turns: [{ speaker: "customer", text }],
        candidates: [
          { id: "a", text: "It ships tomorrow." },
          { id: "b", text },
        ],
      } as TaskRequest;
    case "intent_classification":
      return { ...base, taskType, language: "en", text, labels: ["a", "b"] } as TaskRequest;
    case "sentiment":
      return { ...base, taskType, language: "en", text } as TaskRequest;
    case "product_image":
      return {
        ...base,
        taskType,
        image: { mediaType: "image/png", data: WARMUP_PNG },
        categories: ["a", "b"],
      } as TaskRequest;
  }
}
