import { describe, expect, it } from "vitest";
import {
  checkResponseAgainstRequest,
  LIMITS,
  parseTaskRequest,
  parseTaskResponse,
  type TaskRequest,
  type TaskResponse,
} from "./index";

const PNG_1X1 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const selection = {
  protocolVersion: 1,
  taskId: "t-1",
  deadlineMs: 2000,
  taskType: "response_selection",
  language: "zh-Hans",
  turns: [{ speaker: "customer", text: "我的快递什么时候到？" }],
  candidates: [
    { id: "a", text: "亲，今天下午就能送到哦" },
    { id: "b", text: "这款有红色的" },
  ],
} as const;

const intent = {
  protocolVersion: 1,
  taskId: "t-2",
  deadlineMs: 2000,
  taskType: "intent_classification",
  language: "en",
  text: "where is my parcel?",
  labels: ["order_status", "refund"],
} as const;

const image = {
  protocolVersion: 1,
  taskId: "t-3",
  deadlineMs: 2000,
  taskType: "product_image",
  image: { mediaType: "image/png", data: PNG_1X1 },
  categories: ["bag", "sneaker"],
} as const;

function request(input: unknown): TaskRequest {
  const parsed = parseTaskRequest(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

function response(input: unknown): TaskResponse {
  const parsed = parseTaskResponse(input);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe("task requests", () => {
  it("accepts a well-formed request of each type", () => {
    expect(request(selection).taskType).toBe("response_selection");
    expect(request(intent).taskType).toBe("intent_classification");
    const { labels: _labels, ...sentiment } = intent;
    expect(request({ ...sentiment, taskType: "sentiment" }).taskType).toBe("sentiment");
    expect(request(image).taskType).toBe("product_image");
  });

  it("names the field that is wrong", () => {
    const bad = parseTaskRequest({ ...selection, turns: [{ speaker: "customer", text: "" }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain("turns[0].text");
  });

  it("refuses an unknown task type, a wrong version and unknown fields", () => {
    expect(parseTaskRequest({ ...intent, taskType: "translate" }).ok).toBe(false);
    expect(parseTaskRequest({ ...intent, protocolVersion: 2 }).ok).toBe(false);
    const extra = parseTaskRequest({ ...intent, groundTruth: "refund" });
    expect(extra.ok).toBe(false);
  });

  it("requires a BCP-47 language tag on text tasks", () => {
    const { language: _language, ...untagged } = intent;
    expect(parseTaskRequest(untagged).ok).toBe(false);
    expect(parseTaskRequest({ ...intent, language: "english!" }).ok).toBe(false);
    expect(parseTaskRequest({ ...intent, language: "sr-Latn-RS" }).ok).toBe(true);
  });

  it("bounds every list and string", () => {
    const long = "x".repeat(LIMITS.textChars + 1);
    expect(parseTaskRequest({ ...intent, text: long }).ok).toBe(false);
    const many = Array.from({ length: LIMITS.candidates + 1 }, (_, i) => ({ id: `c${i}`, text: "hi" }));
    expect(parseTaskRequest({ ...selection, candidates: many }).ok).toBe(false);
    const labels = Array.from({ length: LIMITS.labels + 1 }, (_, i) => `l${i}`);
    expect(parseTaskRequest({ ...intent, labels }).ok).toBe(false);
    expect(parseTaskRequest({ ...intent, deadlineMs: LIMITS.maxDeadlineMs + 1 }).ok).toBe(false);
  });

  it("refuses duplicate candidate ids and labels", () => {
    const dup = [
      { id: "a", text: "x" },
      { id: "a", text: "y" },
    ];
    expect(parseTaskRequest({ ...selection, candidates: dup }).ok).toBe(false);
    expect(parseTaskRequest({ ...intent, labels: ["refund", "refund"] }).ok).toBe(false);
  });

  it("checks image bytes against the media type and bounds their size", () => {
    expect(parseTaskRequest({ ...image, image: { mediaType: "image/jpeg", data: PNG_1X1 } }).ok).toBe(false);
    expect(parseTaskRequest({ ...image, image: { mediaType: "image/png", data: "not base64!!" } }).ok).toBe(
      false,
    );
    const huge = `iVBORw0KGgo${"A".repeat(Math.ceil(LIMITS.imageBytes / 3) * 4)}`;
    expect(parseTaskRequest({ ...image, image: { mediaType: "image/png", data: huge } }).ok).toBe(false);
  });
});

describe("responses checked against their request", () => {
  const envelope = { protocolVersion: 1, taskId: "t-1" } as const;

  it("accepts a ranking that is a permutation of the offered ids", () => {
    const res = response({ ...envelope, taskType: "response_selection", ranking: ["b", "a"] });
    expect(checkResponseAgainstRequest(request(selection), res)).toEqual({ ok: true });
  });

  it("refuses a ranking that omits, repeats or invents ids", () => {
    for (const ranking of [["a"], ["a", "a"], ["a", "z"]]) {
      const res = response({ ...envelope, taskType: "response_selection", ranking });
      expect(checkResponseAgainstRequest(request(selection), res)).toMatchObject({
        ok: false,
        field: "ranking",
      });
    }
  });

  it("refuses an answer to another task", () => {
    const res = response({
      ...envelope,
      taskId: "other",
      taskType: "response_selection",
      ranking: ["a", "b"],
    });
    expect(checkResponseAgainstRequest(request(selection), res)).toMatchObject({
      ok: false,
      field: "taskId",
    });
  });

  it("checks labels and that probabilities cover the labels and sum to one", () => {
    const req = request(intent);
    const ok = { protocolVersion: 1, taskId: "t-2", taskType: "intent_classification", label: "refund" };
    expect(
      checkResponseAgainstRequest(
        req,
        response({ ...ok, probabilities: { order_status: 0.3, refund: 0.7 } }),
      ),
    ).toEqual({ ok: true });
    expect(
      checkResponseAgainstRequest(
        req,
        response({ ...ok, label: "cancel", probabilities: { order_status: 0.3, refund: 0.7 } }),
      ),
    ).toMatchObject({ field: "label" });
    expect(
      checkResponseAgainstRequest(
        req,
        response({ ...ok, probabilities: { order_status: 0.9, refund: 0.9 } }),
      ),
    ).toMatchObject({ field: "probabilities" });
    expect(checkResponseAgainstRequest(req, response({ ...ok, probabilities: { refund: 1 } }))).toMatchObject(
      {
        field: "probabilities",
      },
    );
  });

  it("refuses probabilities outside [0, 1]", () => {
    const bad = parseTaskResponse({
      protocolVersion: 1,
      taskId: "t-2",
      taskType: "sentiment",
      label: "positive",
      probabilities: { negative: -0.5, neutral: 0.5, positive: 1 },
    });
    expect(bad.ok).toBe(false);
  });
});
