import { describe, expect, it } from "vitest";
import { createRng, permute, seedFrom } from "./seeded-random";

describe("seeded randomness", () => {
  it("repeats exactly for the same seed and differs for another", () => {
    const a = createRng(seedFrom("x", 1));
    const b = createRng(seedFrom("x", 1));
    const c = createRng(seedFrom("x", 2));
    const sa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(sa);
    expect(sa.every((v) => v >= 0 && v < 1)).toBe(true);
  });
  it("permute is a bijection on [0, size) for awkward sizes", () => {
    for (const size of [1, 2, 3, 10, 77, 1000, 4097]) {
      const seen = new Set(Array.from({ length: size }, (_, i) => permute(i, size, 42)));
      expect(seen.size).toBe(size);
      expect(Math.max(...seen)).toBe(size - 1);
    }
  });
  it("permute orders differ by key", () => {
    const a = Array.from({ length: 20 }, (_, i) => permute(i, 20, 1));
    const b = Array.from({ length: 20 }, (_, i) => permute(i, 20, 2));
    expect(a).not.toEqual(b);
  });
});
