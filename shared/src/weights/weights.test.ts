import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { convertWeightsAndUidsForEmit, InvalidWeightsError, roundHalfEven } from "./convert-for-emit";
import { normalizeMaxWeight } from "./normalize-max-weight";
import type { Dtype } from "./numpy-float";
import { pairwiseSum, quantileLinear } from "./numpy-float";
import { maxWeightLimitFromU16, processWeightsForNetuid } from "./process-weights";

// Vectors from scripts/gen-weight-fixtures.py, a numpy transcription of bittensor/utils/weight_utils.py.
function fixture<T>(name: string): { meta: { numpy: string; exactHalfTies: number }; cases: T[] } {
  return JSON.parse(readFileSync(new URL(`../../../test/fixtures/weights/${name}`, import.meta.url), "utf8"));
}

/** Bit-for-bit equality: Object.is on every element (so -0 and NaN would show too). */
function expectBits(actual: readonly number[], expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  const diffs = actual.flatMap((a, i) => (Object.is(a, expected[i]) ? [] : [{ i, a, e: expected[i] }]));
  expect(diffs).toEqual([]);
}

interface ProcessCase {
  name: string;
  uids: number[];
  weights: number[];
  n: number;
  minAllowedWeights: number;
  maxWeightLimitU16: number;
  excludeQuantile: number;
  expected: { uids: number[]; weights: number[]; dtype: Dtype; emitUids: number[]; emitValues: number[] };
}
interface NormalizeCase {
  name: string;
  x: number[];
  dtype: Dtype;
  limit: number;
  expected: number[];
}
interface EmitCase {
  name: string;
  uids: number[];
  weights: number[];
  expected: { uids: number[]; values: number[] } | { error: string };
}

describe("process_weights_for_netuid (SDK weight_utils, numpy fixtures)", () => {
  const { cases } = fixture<ProcessCase>("process-weights.json");
  it("covers the named edge cases and sizes 1..256", () => {
    const names = cases.map((c) => c.name);
    for (const n of [
      "all-zero",
      "n-below-min-allowed",
      "fewer-nonzero-than-min-allowed",
      "quantile-exclusion",
    ]) {
      expect(names).toContain(n);
    }
    expect(names).toContain("max-weight-limit-clipping");
    expect(Math.max(...cases.map((c) => c.weights.length))).toBe(256);
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const out = processWeightsForNetuid({
      uids: c.uids,
      weights: c.weights,
      n: c.n,
      minAllowedWeights: c.minAllowedWeights,
      maxWeightLimit: maxWeightLimitFromU16(c.maxWeightLimitU16),
      excludeQuantile: c.excludeQuantile,
    });
    expect(out.dtype).toBe(c.expected.dtype);
    expect(out.uids).toEqual(c.expected.uids);
    expectBits(out.weights, c.expected.weights);
    const emit = convertWeightsAndUidsForEmit(out.uids, out.weights);
    expect(emit.uids).toEqual(c.expected.emitUids);
    expect(emit.values).toEqual(c.expected.emitValues);
  });
});

describe("normalize_max_weight (SDK weight_utils, numpy fixtures)", () => {
  const { cases } = fixture<NormalizeCase>("normalize-max-weight.json");
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expectBits(normalizeMaxWeight(c.x, c.limit, c.dtype), c.expected);
  });
  it("never exceeds the limit by more than float32 rounding once it can be met", () => {
    const y = normalizeMaxWeight([10, 1, 1, 1, 1, 1, 1, 1, 1, 1], 0.2);
    expect(Math.max(...y)).toBeLessThanOrEqual(Math.fround(0.2) + 1e-6);
    expect(pairwiseSum(y, "float32")).toBeCloseTo(1, 6);
  });
});

describe("convert_weights_and_uids_for_emit (SDK weight_utils, numpy fixtures)", () => {
  const { cases, meta } = fixture<EmitCase>("convert-for-emit.json");
  it("has exact .5 ties to exercise round-half-to-even", () => {
    expect(meta.exactHalfTies).toBeGreaterThanOrEqual(10);
  });
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    if ("error" in c.expected) {
      expect(() => convertWeightsAndUidsForEmit(c.uids, c.weights)).toThrow(InvalidWeightsError);
    } else {
      expect(convertWeightsAndUidsForEmit(c.uids, c.weights)).toEqual(c.expected);
    }
  });
  it("rejects mismatched lengths and negative uids", () => {
    expect(() => convertWeightsAndUidsForEmit([1, 2], [0.5])).toThrow(InvalidWeightsError);
    expect(() => convertWeightsAndUidsForEmit([-1], [0.5])).toThrow(InvalidWeightsError);
  });
});

describe("numpy arithmetic helpers", () => {
  it("roundHalfEven rounds ties to even like Python's round()", () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });
  it("pairwiseSum in float32 differs from a naive float64 sum where numpy's does", () => {
    const xs = Array.from({ length: 200 }, (_, i) => Math.fround(1 / (i + 3)));
    const f32 = pairwiseSum(xs, "float32");
    expect(Math.fround(f32)).toBe(f32);
    expect(f32).not.toBe(xs.reduce((a, b) => a + b, 0));
  });
  it("quantileLinear interpolates like np.quantile's default method", () => {
    expect(quantileLinear([4, 1, 3, 2], 0.5, "float64")).toBe(2.5);
    expect(quantileLinear([4, 1, 3, 2], 1, "float64")).toBe(4);
    expect(quantileLinear([4, 1, 3, 2], 0, "float64")).toBe(1);
  });
});

describe("np.quantile, linear method (numpy fixtures)", () => {
  const { cases } = fixture<{ name: string; x: number[]; q: number; expected: number }>("quantile.json");
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(Object.is(quantileLinear(c.x, c.q, "float32"), c.expected)).toBe(true);
  });
});
