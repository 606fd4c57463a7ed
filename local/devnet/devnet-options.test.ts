import { describe, expect, it } from "vitest";
import { DevnetUsageError, devnetOptionsSchema, parseDevnetArgs } from "./devnet-options";

describe("parseDevnetArgs", () => {
  it("reads the flags of issue 8", () => {
    expect(parseDevnetArgs(["--miners", "3", "--rounds", "2", "--keep-running"])).toMatchObject({
      miners: 3,
      rounds: 2,
      keepRunning: true,
      chain: "auto",
      help: false,
    });
  });

  it("defaults to six miners and the chain when present", () => {
    const parsed = devnetOptionsSchema.parse(parseDevnetArgs([]));
    expect(parsed).toMatchObject({ miners: 6, keepRunning: false, chain: "auto" });
  });

  it("maps --no-chain and --require-chain", () => {
    expect(parseDevnetArgs(["--no-chain"]).chain).toBe("off");
    expect(parseDevnetArgs(["--require-chain"]).chain).toBe("required");
    expect(() => parseDevnetArgs(["--no-chain", "--require-chain"])).toThrow(/contradict/);
  });

  it("names the bad flag", () => {
    expect(() => parseDevnetArgs(["--miners", "many"])).toThrow(/--miners needs a whole number/);
    expect(() => parseDevnetArgs(["--miners", "0"])).toThrow(/--miners/);
    expect(() => parseDevnetArgs(["--timeout-ms", "5"])).toThrow(/--timeout-ms/);
    expect(() => parseDevnetArgs(["--colour"])).toThrow(DevnetUsageError);
  });
});
