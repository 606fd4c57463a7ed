import { describe, expect, it } from "vitest";
import { chainErrorName, decodeChainError } from "./chain-errors";

describe("decodeChainError: pool rejections", () => {
  it("names the node's wording of Custom(6) as SettingWeightsTooFast", () => {
    const e = decodeChainError(new Error("1010: Invalid Transaction: Custom error: 6"));
    expect(e).toEqual({ kind: "pool", code: 6, name: "SettingWeightsTooFast" });
    expect(chainErrorName(e)).toBe("pool.SettingWeightsTooFast");
  });
  it("reads Custom(n) and chopsticks' JSON form", () => {
    expect(decodeChainError("Invalid Transaction: Custom(17)")).toMatchObject({ name: "RevealTooEarly" });
    expect(decodeChainError(new Error('1010: {"invalid":{"custom":10}}'))).toMatchObject({
      name: "HotKeyNotRegisteredInSubNet",
    });
    expect(decodeChainError('{"invalid":{"stale":null}}')).toEqual({ kind: "pool", name: "Stale" });
    expect(decodeChainError("1010: Invalid Transaction: Transaction is outdated")).toEqual({
      kind: "pool",
      name: "Stale",
    });
  });
  it("keeps unknown custom codes and other messages", () => {
    expect(decodeChainError("Custom error: 77")).toEqual({ kind: "pool", code: 77, name: "Custom77" });
    expect(decodeChainError(new Error("socket hang up"))).toEqual({
      kind: "unknown",
      message: "socket hang up",
    });
  });
});

describe("decodeChainError: dispatch errors", () => {
  const registry = {
    findMetaError: (m: never) => {
      const { index, error } = m as { index: number; error: number };
      return index === 7 && error === 3
        ? { section: "subtensorModule", name: "SettingWeightsTooFast" }
        : { section: "x", name: "y" };
    },
  };
  it("finds module errors through the registry", () => {
    const err = { isModule: true, asModule: { index: 7, error: 3 }, type: "Module" };
    expect(decodeChainError(err, registry)).toEqual({
      kind: "module",
      pallet: "SubtensorModule",
      name: "SettingWeightsTooFast",
    });
  });
  it("names non-module dispatch errors by variant", () => {
    expect(decodeChainError({ isModule: false, asModule: null, type: "BadOrigin" }, registry)).toEqual({
      kind: "dispatch",
      name: "BadOrigin",
    });
  });
});
