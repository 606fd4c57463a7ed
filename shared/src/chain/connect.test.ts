import { describe, expect, it } from "vitest";
import { connectChain, describeFailure } from "./connect";

describe("connectChain failures", () => {
  it("describes a WebSocket error event by its message, never as [object Object]", () => {
    expect(describeFailure(new Error("boom"))).toBe("boom");
    expect(describeFailure({ type: "error", message: "connect ECONNREFUSED 127.0.0.1:1" })).toBe(
      "connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(describeFailure({ type: "error", message: "", error: new Error("inner") })).toBe("inner");
    expect(describeFailure({ type: "close" })).toBe("WebSocket close (no further detail)");
    expect(describeFailure("plain")).toBe("plain");
  });

  it("names the refused endpoint and why", async () => {
    const result = await connectChain({ endpoints: ["ws://127.0.0.1:1"], timeoutMs: 3_000 });
    expect(result).toEqual({
      kind: "unreachable",
      attempts: [{ endpoint: "ws://127.0.0.1:1", error: expect.stringMatching(/ECONNREFUSED/) }],
    });
  });
});
