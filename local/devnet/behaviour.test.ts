import { describe, expect, it } from "vitest";
import { planRoster } from "./behaviour";

describe("planRoster", () => {
  it("gives the default six miners six different behaviours, the asserted ones first", () => {
    expect(planRoster(6).map((m) => m.behaviour)).toEqual([
      "trained",
      "copier",
      "garbage",
      "baseline",
      "slow",
      "down",
    ]);
  });

  it("keeps trained, copier and garbage in a three-miner devnet", () => {
    expect(planRoster(3).map((m) => m.behaviour)).toEqual(["trained", "copier", "garbage"]);
  });

  it("repeats baseline and slow miners beyond six, never a second trained original", () => {
    const roster = planRoster(10).map((m) => m.behaviour);
    expect(roster.slice(6)).toEqual(["baseline", "slow", "baseline", "slow"]);
    expect(roster.filter((b) => b === "trained")).toHaveLength(1);
  });

  it("refuses an empty or fractional roster", () => {
    expect(() => planRoster(0)).toThrow(RangeError);
    expect(() => planRoster(2.5)).toThrow(RangeError);
  });
});
