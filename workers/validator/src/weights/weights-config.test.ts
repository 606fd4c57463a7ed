import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../shared/src/config";
import { parseWeightsConfig } from "./weights-config";

describe("parseWeightsConfig", () => {
  it("is off without an endpoint or when asked, on with the defaults otherwise", () => {
    expect(parseWeightsConfig({})).toEqual({ kind: "off", reason: "SUBTENSOR_URL is not set" });
    expect(parseWeightsConfig({ SUBTENSOR_URL: "ws://a", WEIGHTS_SETTER: "off" }).kind).toBe("off");
    const on = parseWeightsConfig({ SUBTENSOR_URL: "wss://a, wss://b", NOT_A_STRING: 5 });
    expect(on).toMatchObject({ kind: "on", endpoints: ["wss://a", "wss://b"], versionKey: 1000n });
  });

  it("takes the largest 19-digit version key as a bigint", () => {
    const on = parseWeightsConfig({ SUBTENSOR_URL: "ws://a", WEIGHTS_VERSION_KEY: "9999999999999999999" });
    expect(on.kind === "on" && on.versionKey).toBe(9_999_999_999_999_999_999n);
  });

  it("throws one ConfigError naming every bad variable", () => {
    const bad = () =>
      parseWeightsConfig({
        SUBTENSOR_URL: "ws://a",
        WEIGHTS_VERSION_KEY: "-1",
        WEIGHTS_COMMIT_REVEAL: "maybe",
        WEIGHTS_BLOCK_SECONDS: "0",
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const problems = (error as ConfigError).problems.join("\n");
      for (const name of ["WEIGHTS_VERSION_KEY", "WEIGHTS_COMMIT_REVEAL", "WEIGHTS_BLOCK_SECONDS"])
        expect(problems).toContain(name);
    }
  });
});
