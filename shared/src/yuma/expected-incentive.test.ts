import { describe, expect, it } from "vitest";
import { runEpoch } from "./epoch";
import { denseWeights, expectedIncentive } from "./expected-incentive";
import { metagraphSnapshotSchema, snapshotToEpochInput } from "./snapshot";

const TAO = 1_000_000_000;

// Two validators (uid 0: us, 3000 TAO; uid 1: 1000 TAO) and three miners (2, 3, 4), Yuma3, block 1000.
const snapshot = (otherWeights: Array<[number, number]>, bonds: Array<[number, number]> = []) =>
  metagraphSnapshotSchema.parse({
    block: 1000,
    params: { yuma3: true, tempo: 99 },
    neurons: [
      { uid: 0, stake: String(3000 * TAO), lastUpdate: 950, validatorPermit: true },
      {
        uid: 1,
        stake: String(1000 * TAO),
        lastUpdate: 990,
        validatorPermit: true,
        weights: otherWeights,
        bonds,
      },
      { uid: 2, stake: 0, lastUpdate: 0 },
      { uid: 3, stake: 0, lastUpdate: 0 },
      { uid: 4, stake: 0, lastUpdate: 0 },
    ],
  });

describe("expectedIncentive", () => {
  it("equals runEpoch with our row replaced when the other validator's weights are known", () => {
    const snap = snapshot(
      [
        [2, 65535],
        [3, 65535],
      ],
      [[2, 30000]],
    );
    const r = expectedIncentive({
      snapshot: snap,
      validatorUid: 0,
      weights: [
        [2, 0.5],
        [3, 0.25],
        [4, 0.25],
      ],
    });
    expect(r.assumption).toBe("snapshot");
    expect(r.candidateU16).toEqual([
      [2, 65535],
      [3, 32768],
      [4, 32768],
    ]);
    const input = snapshotToEpochInput(snap);
    const reference = runEpoch({
      ...input,
      weights: input.weights.map((row, i) => (i === 0 ? r.candidateU16 : row)),
      lastUpdate: input.lastUpdate.map((u, i) => (i === 0 ? 1000 : u)),
    });
    expect(r.expected.incentiveU16).toEqual(reference.incentive);
    expect(r.expected.dividends).toBe((reference.dividends[0] ?? 0) / 65535);
    // Consensus (kappa ~0.5 of stake: our 75%) follows our row; uid 1 adds clipped weight to 2 and 3.
    expect(r.expected.incentiveU16[0]).toBe(0);
    expect(r.expected.incentiveU16[1]).toBe(0);
    const [, , i2, i3, i4] = r.expected.incentiveU16 as number[];
    expect(i2).toBeGreaterThan(i3 as number);
    expect(i3).toBeGreaterThan(i4 as number);
    expect((i2 as number) + (i3 as number) + (i4 as number)).toBeGreaterThanOrEqual(65534);
    // With our current (empty) row, uid 0 is active but has no weights: uid 1 alone decides.
    const current = runEpoch(input);
    expect(r.current.incentiveU16).toEqual(current.incentive);
    expect(r.expected.dividends).not.toBeNull();
    expect(r.expected.dividends as number).toBeGreaterThan(0);
  });

  it("mirrors our weights onto the other validators when none of theirs are known", () => {
    const r = expectedIncentive({
      snapshot: snapshot([]),
      validatorUid: 0,
      weights: denseWeights([0, 0, 0.75, 0.25, 0]),
    });
    expect(r.assumption).toBe("mirror");
    // Everyone agrees: incentive is our normalized row in u16 (0.75 and 0.25 of 65535; I32F32 division
    // lands a hair under 0.25, so the runtime's conversion gives 16383, not 16384).
    expect(r.candidateU16).toEqual([
      [2, 65535],
      [3, 21845],
    ]);
    expect(r.expected.incentiveU16).toEqual([0, 0, 49151, 16383, 0]);
    expect(r.expected.incentive.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // Zero bonds: after one epoch our bond share equals our stake share among the agreeing validators.
    expect(r.expected.dividends as number).toBeCloseTo(0.75, 3);
    // Same as running the epoch on the mirrored input by hand.
    const input = snapshotToEpochInput(snapshot([]));
    const reference = runEpoch({
      ...input,
      weights: input.weights.map((row, i) => (i <= 1 ? r.candidateU16 : row)),
      lastUpdate: input.lastUpdate.map((u, i) => (i <= 1 ? 1000 : u)),
    });
    expect(r.expected.incentiveU16).toEqual(reference.incentive);
    expect(r.expected.dividends).toBe((reference.dividends[0] ?? 0) / 65535);
  });

  it("without a uid: mirrors onto the top stakes, no dividends", () => {
    const snap = metagraphSnapshotSchema.parse({
      block: 500,
      params: { yuma3: true, maxAllowedValidators: 1 },
      neurons: [
        { uid: 0, stake: 10, lastUpdate: 0 },
        { uid: 1, stake: 500, lastUpdate: 0 },
        { uid: 2, stake: 0, lastUpdate: 0 },
      ],
    });
    const r = expectedIncentive({ snapshot: snap, validatorUid: null, weights: [[2, 1]] });
    expect(r).toMatchObject({ assumption: "mirror", simulatedUid: 1 });
    expect(r.expected.incentiveU16).toEqual([0, 0, 65535]);
    expect(r.expected.dividends).toBeNull();
  });

  it("rejects a uid outside the subnet and negative weights", () => {
    expect(() => expectedIncentive({ snapshot: snapshot([]), validatorUid: 9, weights: [[2, 1]] })).toThrow(
      /not in 0\.\.4/,
    );
    expect(() => expectedIncentive({ snapshot: snapshot([]), validatorUid: 0, weights: [[2, -1]] })).toThrow(
      RangeError,
    );
    expect(() => expectedIncentive({ snapshot: snapshot([]), validatorUid: 0, weights: [[7, 1]] })).toThrow(
      /uid 7/,
    );
  });
});
