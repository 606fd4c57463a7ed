import { describe, expect, it } from "vitest";
import { classify, rankByScore, softmax } from "./answers";

describe("classify", () => {
  it("renormalizes the model's probabilities over the allowed labels, in request order", () => {
    const out = classify(["b", "c"], ["a", "b", "c"], Float32Array.of(0.5, 0.125, 0.375));
    expect(out).toEqual({ label: "c", probabilities: { b: 0.25, c: 0.75 } });
  });

  it("gives 0 to labels the model does not know and uniform when it knows none", () => {
    expect(classify(["x", "a"], ["a", "b"], Float32Array.of(0.4, 0.6)).probabilities).toEqual({ x: 0, a: 1 });
    expect(classify(["x", "y"], ["a"], Float32Array.of(1))).toEqual({
      label: "x",
      probabilities: { x: 0.5, y: 0.5 },
    });
  });

  it("breaks ties toward the earlier allowed label and ignores NaN", () => {
    expect(classify(["a", "b"], ["b", "a"], Float32Array.of(0.5, 0.5)).label).toBe("a");
    expect(classify(["a", "b"], ["a", "b"], Float32Array.of(Number.NaN, 0.2)).probabilities).toEqual({
      a: 0,
      b: 1,
    });
  });
});

describe("rankByScore", () => {
  it("orders best first, ties in offered order, non-finite scores last", () => {
    expect(rankByScore(["a", "b", "c", "d"], [0.1, 0.9, Number.NaN, 0.9])).toEqual(["b", "d", "a", "c"]);
  });
});

describe("softmax", () => {
  it("turns logits into probabilities that sum to 1, keeping their order", () => {
    const p = softmax(Float32Array.of(2, -1, 0.5));
    expect([...p].reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    expect(p[0]).toBeCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(-1) + Math.exp(0.5)), 6);
    expect((p[0] as number) > (p[2] as number) && (p[2] as number) > (p[1] as number)).toBe(true);
  });

  it("does not overflow on large logits, and gives zeros (then a uniform answer) for non-finite ones", () => {
    const p = softmax(Float32Array.of(1000, 1001));
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect([...softmax(Float32Array.of(Number.NaN, 1))]).toEqual([0, 0]);
    expect(classify(["a", "b"], ["a", "b"], softmax(Float32Array.of(Number.NaN, 1))).probabilities).toEqual({
      a: 0.5,
      b: 0.5,
    });
  });
});
