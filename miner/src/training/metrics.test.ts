import { describe, expect, it } from "vitest";
import { accuracy, macroF1, rankingMetrics, rankOfTrue } from "./metrics";

describe("metrics", () => {
  it("accuracy and macro-F1 on a hand-checked case", () => {
    const truth = [0, 0, 1, 1, 2];
    const pred = [0, 1, 1, 1, 0];
    expect(accuracy(pred, truth)).toBeCloseTo(0.6, 10);
    // F1: class0 tp1 fp1 fn1 -> 0.5; class1 tp2 fp1 fn0 -> 0.8; class2 tp0 -> 0. Mean 0.4333...
    expect(macroF1(pred, truth)).toBeCloseTo(1.3 / 3, 10);
  });
  it("ranks the true candidate, counting ties against it", () => {
    expect(rankOfTrue([0.1, 0.9, 0.5], 1)).toBe(1);
    expect(rankOfTrue([0.1, 0.9, 0.5], 0)).toBe(3);
    expect(rankOfTrue([0.5, 0.5], 0)).toBe(2);
  });
  it("R@k and MRR", () => {
    const m = rankingMetrics([1, 2, 5, 10]);
    expect(m["r@1"]).toBe(0.25);
    expect(m["r@2"]).toBe(0.5);
    expect(m["r@5"]).toBe(0.75);
    expect(m.mrr).toBeCloseTo((1 + 0.5 + 0.2 + 0.1) / 4, 10);
  });
});
