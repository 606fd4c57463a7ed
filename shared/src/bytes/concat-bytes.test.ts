import { describe, expect, it } from "vitest";
import { concatBytes } from "./concat-bytes";

describe("concatBytes", () => {
  it("joins the parts in order, empty parts included", () => {
    const out = concatBytes([
      Uint8Array.of(1, 2),
      new Uint8Array(0),
      Uint8Array.of(3),
      Uint8Array.of(4, 5, 6),
    ]);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it("returns a fresh array that does not alias its input", () => {
    const a = Uint8Array.of(7, 8);
    const out = concatBytes([a]);
    a[0] = 0;
    expect([...out]).toEqual([7, 8]);
    expect(concatBytes([]).length).toBe(0);
  });
});
