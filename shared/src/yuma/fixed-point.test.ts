import { describe, expect, it } from "vitest";
import {
  checkedDiv,
  exp,
  fromInt,
  fromNumber,
  HALF,
  mul,
  normalizeStake64,
  ONE,
  proportionOfAmount,
  proportionToU16,
  ratio64To32,
  round,
  safeDiv,
  toNumber,
  toU16,
  u16ToProportion,
} from "./fixed-point";

describe("I32F32 arithmetic with substrate-fixed rounding", () => {
  it("multiplies rounding toward -inf and divides rounding toward zero", () => {
    const third = safeDiv(ONE, fromInt(3));
    expect(third).toBe(1431655765n); // floor(2^32 / 3)
    expect(safeDiv(fromInt(-1), fromInt(3))).toBe(-1431655765n); // toward zero, not -inf
    expect(mul(-1n, HALF)).toBe(-1n); // -2^-32 * 0.5 = -2^-33 -> floor -> -2^-32
    expect(mul(1n, HALF)).toBe(0n);
  });

  it("safe_div gives 0 on division by zero and on overflow", () => {
    expect(safeDiv(ONE, 0n)).toBe(0n);
    expect(checkedDiv(fromInt(1 << 30), 1n)).toBeNull();
    expect(safeDiv(fromInt(1 << 30), 1n)).toBe(0n);
  });

  it("quantizes proportions to u16 by flooring, as fixed_proportion_to_u16", () => {
    expect(proportionToU16(ONE)).toBe(65535);
    expect(proportionToU16(HALF)).toBe(32767); // 32767.5 floors
    expect(proportionToU16(safeDiv(fromInt(4), fromInt(5)))).toBe(52427); // 4/5 truncates just under .8
    expect(toU16(fromInt(70000))).toBe(65535);
    expect(toU16(-ONE)).toBe(0);
    expect(u16ToProportion(65535)).toBe(ONE);
    expect(u16ToProportion(32767)).toBe(2147450879n); // floor(32767 * 2^32 / 65535)
  });

  it("rounds ties away from zero", () => {
    expect(round(fromNumber(2.5))).toBe(fromInt(3));
    expect(round(fromNumber(2.4999))).toBe(fromInt(2));
    expect(round(fromNumber(-2.5))).toBe(fromInt(-3));
  });

  it("normalizes integer stake in I64F64 then narrows to I32F32", () => {
    expect(normalizeStake64([750n, 250n, 0n])).toEqual([3n << 30n, 1n << 30n, 0n]);
    expect(normalizeStake64([1n, 1n, 1n])).toEqual([1431655765n, 1431655765n, 1431655765n]);
    expect(normalizeStake64([0n, 0n])).toEqual([0n, 0n]);
  });

  it("turns bonds_moving_average 900000 into alpha 1 - floor(0.9 * 2^32) / 2^32", () => {
    expect(ratio64To32(900_000n, 1_000_000n)).toBe(3865470566n);
    expect(ONE - ratio64To32(900_000n, 1_000_000n)).toBe(429496730n);
  });

  it("splits an emission amount in I96F32 and floors to rao", () => {
    expect(proportionOfAmount(HALF, 1_000_000_001n)).toBe(500_000_000n);
    expect(proportionOfAmount(ONE, 123n)).toBe(123n);
  });
});

describe("substrate_fixed::transcendental::exp for I32F32", () => {
  it("special-cases 0 and 1 (1 gives e truncated to 23 fractional bits)", () => {
    expect(exp(0n)).toBe(ONE);
    expect(exp(ONE)).toBe(22802601n << 9n);
    expect(toNumber(exp(ONE) as bigint)).toBeCloseTo(Math.E, 6);
  });

  it("agrees with Math.exp to ~1e-8 on the liquid-alpha range [-5, 5]", () => {
    for (const x of [-5, -3.3, -1, -0.25, 0.5, 1.5, 2, 5]) {
      const got = toNumber(exp(fromNumber(x)) as bigint);
      expect(Math.abs(got - Math.exp(x)) / Math.exp(x)).toBeLessThan(1e-7);
    }
  });

  it("fails (null) when a Taylor term overflows, as the runtime's exp does", () => {
    expect(exp(fromInt(40))).toBeNull();
    expect(exp(fromInt(-40))).toBeNull(); // 1/exp(40) is computed through exp(40)
  });
});
