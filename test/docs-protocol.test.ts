import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkResponseAgainstRequest,
  errorBodySchema,
  parseTaskRequest,
  parseTaskResponse,
  type TaskRequest,
} from "../shared/src/protocol";

// Keeps docs/protocol.md true: every example on that page must parse and agree with its request.
const doc = readFileSync(new URL("../docs/protocol.md", import.meta.url), "utf8");
const blocks = [...doc.matchAll(/```json (request|response|error)\n([\s\S]*?)```/g)].map((m) => ({
  kind: m[1],
  value: JSON.parse(m[2] ?? "") as unknown,
}));

describe("docs/protocol.md examples", () => {
  it("has a request and a response for every task type", () => {
    const requests = blocks.filter((b) => b.kind === "request").map((b) => (b.value as TaskRequest).taskType);
    expect(new Set(requests)).toEqual(
      new Set(["response_selection", "intent_classification", "sentiment", "product_image"]),
    );
    expect(blocks.filter((b) => b.kind === "response")).toHaveLength(requests.length);
  });

  it("parses each example and checks each response against its request", () => {
    const requests = new Map<string, TaskRequest>();
    for (const block of blocks) {
      if (block.kind === "request") {
        const parsed = parseTaskRequest(block.value);
        expect(parsed, JSON.stringify(block.value)).toMatchObject({ ok: true });
        if (parsed.ok) requests.set(parsed.value.taskId, parsed.value);
      } else if (block.kind === "response") {
        const parsed = parseTaskResponse(block.value);
        expect(parsed, JSON.stringify(block.value)).toMatchObject({ ok: true });
        if (!parsed.ok) continue;
        const request = requests.get(parsed.value.taskId);
        expect(request, `a request for ${parsed.value.taskId}`).toBeDefined();
        if (request) expect(checkResponseAgainstRequest(request, parsed.value)).toEqual({ ok: true });
      } else {
        expect(errorBodySchema.safeParse(block.value).success).toBe(true);
      }
    }
  });
});
