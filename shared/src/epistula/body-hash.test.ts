import { describe, expect, it } from "vitest";
import { readBodyBounded, sha256Hex } from "./body-hash";

function streamOf(chunks: Uint8Array[], onCancel: () => void = () => {}): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
    cancel: onCancel,
  });
}

describe("readBodyBounded", () => {
  it("returns the bytes and the same SHA-256 as hashing them whole", async () => {
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array(1000).fill(9), new Uint8Array([4])];
    const result = await readBodyBounded(streamOf(chunks), 1004);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.bytes).toHaveLength(1004);
    expect(result.bytes[1003]).toBe(4);
    expect(result.sha256Hex).toBe(sha256Hex(result.bytes));
  });

  it("stops and cancels the stream once the limit is passed", async () => {
    let cancelled = false;
    const chunks = [new Uint8Array(600), new Uint8Array(600), new Uint8Array(600)];
    const result = await readBodyBounded(
      streamOf(chunks, () => {
        cancelled = true;
      }),
      1000,
    );
    expect(result).toEqual({ ok: false, reason: "too_large", message: "body exceeds 1000 bytes" });
    expect(cancelled).toBe(true);
  });

  it("treats a missing body as empty", async () => {
    const result = await readBodyBounded(null, 10);
    expect(result).toMatchObject({ ok: true, sha256Hex: sha256Hex(new Uint8Array(0)) });
  });
});
