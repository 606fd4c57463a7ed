import { describe, expect, it } from "vitest";
import { AxonOverrideError, overrideAxon, parseAxonOverrides } from "./axon-overrides";
import { toValidatorMetagraph } from "./chain-metagraph-source";

describe("AXON_ADDRESS_OVERRIDES", () => {
  it("maps an ip, or one ip:port, and keeps everything else", () => {
    const o = parseAxonOverrides("192.0.2.1=127.0.0.1, 10.0.0.2:8092=127.0.0.1:9999,[2001:db8::1]=[::1]:1");
    expect(overrideAxon({ ip: "192.0.2.1", port: 8091 }, o)).toEqual({ ip: "127.0.0.1", port: 8091 });
    expect(overrideAxon({ ip: "10.0.0.2", port: 8092 }, o)).toEqual({ ip: "127.0.0.1", port: 9999 });
    expect(overrideAxon({ ip: "10.0.0.2", port: 8093 }, o)).toEqual({ ip: "10.0.0.2", port: 8093 });
    expect(overrideAxon({ ip: "2001:db8::1", port: 80 }, o)).toEqual({ ip: "::1", port: 1 });
    expect(parseAxonOverrides("").size).toBe(0);
  });

  it("names the bad entry", () => {
    expect(() => parseAxonOverrides("192.0.2.1")).toThrow(AxonOverrideError);
    expect(() => parseAxonOverrides("192.0.2.1=localhost")).toThrow(/'192.0.2.1=localhost'/);
    expect(() => parseAxonOverrides("1.2.3.4:0=127.0.0.1")).toThrow(AxonOverrideError);
    expect(() => parseAxonOverrides("1.2.3.999=127.0.0.1")).toThrow(AxonOverrideError);
  });
});

describe("toValidatorMetagraph", () => {
  const axon = (ip: string, port: number, block: number) => ({
    ip,
    port,
    ipType: 4,
    protocol: 4,
    version: 1,
    block,
  });
  const chain = {
    netuid: 7,
    block: 120,
    n: 3,
    uids: [0, 1, 2],
    hotkeys: ["5A", "5B", "5C"],
    coldkeys: ["5X", "5Y", "5Z"],
    stake: [1_500_000_000_000n, 0n, 2_000_000_000n],
    alphaStake: [0n, 0n, 0n],
    validatorPermit: [true, false, false],
    lastUpdate: [0, 0, 0],
    active: [true, true, true],
    axons: [axon("0.0.0.0", 0, 0), axon("192.0.2.1", 8091, 100), axon("10.0.0.9", 8092, 101)],
    incentive: [0, 0, 0],
    dividends: [0, 0, 0],
    trust: [0, 0, 0],
    hyperparams: {} as never,
  };

  it("converts stake to TAO, drops unserved axons and applies overrides", () => {
    const m = toValidatorMetagraph(chain as never, parseAxonOverrides("192.0.2.1=127.0.0.1"));
    expect(m).toEqual({
      netuid: 7,
      block: 120,
      neurons: [
        { uid: 0, hotkey: "5A", coldkey: "5X", stake: 1500, validatorPermit: true, axon: null },
        {
          uid: 1,
          hotkey: "5B",
          coldkey: "5Y",
          stake: 0,
          validatorPermit: false,
          axon: { ip: "127.0.0.1", port: 8091 },
        },
        {
          uid: 2,
          hotkey: "5C",
          coldkey: "5Z",
          stake: 2,
          validatorPermit: false,
          axon: { ip: "10.0.0.9", port: 8092 },
        },
      ],
    });
  });
});
