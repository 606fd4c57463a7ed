import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { floatWeightsToU16, simulateCandidate } from "./candidate";
import { runEpoch, SPEC_293_DEFAULTS } from "./epoch";
import { metagraphSnapshotSchema, snapshotToEpochInput } from "./snapshot";

const example = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/yuma/example-snapshot.json", import.meta.url), "utf8"),
);

describe("metagraph snapshot format", () => {
  it("parses the example fixture (both weight-row spellings) into an epoch input", () => {
    const input = snapshotToEpochInput(metagraphSnapshotSchema.parse(example));
    expect(input.stake).toEqual([600000000000n, 300000000000n, 100000000000n, 0n, 0n, 0n, 0n, 0n]);
    expect(input.weights[2]).toEqual([
      [5, 65535],
      [6, 65535],
      [7, 65535],
    ]);
    expect(input.validatorPermit).toEqual([true, true, true, false, false, false, false, false]);
    expect(input.params).toEqual({ ...SPEC_293_DEFAULTS, yuma3: true, maxAllowedValidators: 64 });
    expect(input.raoEmission).toBe(1_000_000_000n);
    const out = runEpoch(input);
    expect(out.bonds[0]?.find(([j]) => j === 7)).toBeUndefined(); // uid 7 registered within the last tempo
    expect(out.incentive.reduce((a, b) => a + b, 0)).toBeGreaterThan(65530);
  });

  it("names what is wrong with a bad snapshot", () => {
    const missingUid = { ...example, neurons: example.neurons.filter((n: { uid: number }) => n.uid !== 3) };
    const r1 = metagraphSnapshotSchema.safeParse(missingUid);
    expect(r1.success).toBe(false);
    expect(JSON.stringify(r1.error?.issues)).toContain("uid 3 is missing");
    const badWeight = structuredClone(example);
    badWeight.neurons[0].weights = [[3, 70000]];
    expect(metagraphSnapshotSchema.safeParse(badWeight).success).toBe(false);
    const unknownParam = { ...example, params: { kapa: 1 } };
    expect(metagraphSnapshotSchema.safeParse(unknownParam).success).toBe(false);
  });
});

describe("candidate weights", () => {
  it("scales floats like the Python SDK: max -> 65535, round half to even, zeros dropped", () => {
    expect(
      floatWeightsToU16([
        [3, 0.5],
        [4, 0.3],
        [5, 0.2],
        [6, 0],
      ]),
    ).toEqual([
      [3, 65535],
      [4, 39321],
      [5, 26214],
    ]);
    // 0.5 / 1 * 65535 = 32767.5 -> 32768 (even)
    expect(
      floatWeightsToU16([
        [0, 1],
        [1, 0.5],
      ]),
    ).toEqual([
      [0, 65535],
      [1, 32768],
    ]);
    expect(floatWeightsToU16([[1, 0]])).toEqual([]);
    expect(() => floatWeightsToU16([[1, Number.NaN]])).toThrow(RangeError);
  });

  it("agreeing with consensus raises a validator's dividends in the example", () => {
    const input = snapshotToEpochInput(metagraphSnapshotSchema.parse(example));
    const candidate = floatWeightsToU16([
      [3, 0.5],
      [4, 0.3],
      [5, 0.2],
    ]);
    const r = simulateCandidate({ input, validatorUid: 2, candidate, epochs: 3 });
    expect(r.baseline).toHaveLength(3);
    const before = r.baseline[2]?.dividends[2] ?? 0;
    const after = r.candidate[2]?.dividends[2] ?? 0;
    expect(after).toBeGreaterThan(before);
    expect(r.candidate[0]?.validatorTrust[2]).toBeGreaterThan(r.baseline[0]?.validatorTrust[2] ?? 0);
    expect(() => simulateCandidate({ input, validatorUid: 99, candidate, epochs: 1 })).toThrow(RangeError);
  });
});
