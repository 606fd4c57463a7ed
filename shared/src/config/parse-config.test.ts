import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  flagToEnvName,
  parseConfig,
  parseDotenv,
  parseFlags,
  splitList,
  stringSettings,
} from "./index";

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8091),
  REDIS_URL: z.url(),
  WALLET_NAME: z.string().default("default"),
});

describe("parseConfig", () => {
  it("applies defaults and lets later sources override earlier ones", () => {
    const config = parseConfig(schema, { REDIS_URL: "redis://a", PORT: "1" }, { PORT: "2" });
    expect(config).toEqual({ PORT: 2, REDIS_URL: "redis://a", WALLET_NAME: "default" });
  });

  it("names a missing variable and a wrong one in a single error", () => {
    let error: unknown;
    try {
      parseConfig(schema, { PORT: "99999" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("REDIS_URL is missing");
    expect(message).toMatch(/PORT: .*65535/);
  });

  it("treats an empty string as unset", () => {
    expect(parseConfig(schema, { REDIS_URL: "redis://a", PORT: "" }).PORT).toBe(8091);
  });
});

describe("parseDotenv", () => {
  it("reads KEY=value lines with comments and quotes", () => {
    expect(parseDotenv("# c\nA=1\nexport B=\"two words\"\n\nC='x=y'\n")).toEqual({
      A: "1",
      B: "two words",
      C: "x=y",
    });
  });

  it("reports a malformed line with its number", () => {
    expect(() => parseDotenv("A=1\nnot a pair\n")).toThrow(".dev.vars:2");
  });
});

describe("parseFlags", () => {
  it("maps btcli-style flags to variables and keeps positionals", () => {
    const { settings, positionals, spelled } = parseFlags(
      ["start", "--wallet.name", "miner", "--wallet.hotkey=default", "--verbose", "--port", "-1"],
      flagToEnvName,
      new Set(["VERBOSE"]),
    );
    expect(positionals).toEqual(["start"]);
    expect(settings).toEqual({ WALLET_NAME: "miner", WALLET_HOTKEY: "default", VERBOSE: "true", PORT: "-1" });
    expect(spelled.WALLET_HOTKEY).toBe("--wallet.hotkey");
  });

  it("refuses a valueless flag that is not a boolean, naming each", () => {
    const parse = (argv: string[]) => () => parseFlags(argv, flagToEnvName, new Set(["WARMUP"]));
    expect(parse(["start", "--redis-url"])).toThrow(/--redis-url needs a value/);
    expect(parse(["--wallet.name", "--wallet.hotkey", "hk", "--models"])).toThrow(
      /--wallet\.name needs a value\n.*--models needs a value/,
    );
    expect(parse(["--warmup", "--port", "1"])().settings).toEqual({ WARMUP: "true", PORT: "1" });
  });

  it("lets a boolean flag take true or false as its next word, as help texts print it", () => {
    const parse = (argv: string[]) => parseFlags(argv, flagToEnvName, new Set(["WARMUP"]));
    expect(parse(["info", "--warmup", "false"])).toMatchObject({
      settings: { WARMUP: "false" },
      positionals: ["info"],
    });
    expect(parse(["--warmup", "true", "start"])).toMatchObject({
      settings: { WARMUP: "true" },
      positionals: ["start"],
    });
    // Any other word is not the flag's: it stays a positional.
    expect(parse(["--warmup", "start"])).toMatchObject({
      settings: { WARMUP: "true" },
      positionals: ["start"],
    });
  });
});

describe("splitList and stringSettings", () => {
  it("splits a comma-separated list, trimming and dropping empty items", () => {
    expect(splitList(" wss://a , wss://b,,  ,wss://c ")).toEqual(["wss://a", "wss://b", "wss://c"]);
    expect(splitList("")).toEqual([]);
  });

  it("keeps only the string entries of a Worker env (vars and secrets, not bindings)", () => {
    const queue = { send: () => {} };
    expect(stringSettings({ NETUID: "356", EMPTY: "", DISPATCH_QUEUE: queue, N: 5 })).toEqual({
      NETUID: "356",
      EMPTY: "",
    });
  });
});
