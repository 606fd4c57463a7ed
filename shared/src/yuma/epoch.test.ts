import { describe, expect, it } from "vitest";
import { weightedMedian } from "./consensus";
import { type EpochInput, EpochInputError, runEpoch, SPEC_293_DEFAULTS } from "./epoch";
import { fromNumber, ONE, toNumber } from "./fixed-point";
import { alphaSigmoid } from "./liquid-alpha";
import { topKNonZero } from "./stake";

// Two validators (uids 0, 1; stake 3:1, so 0.75 / 0.25 exactly) and three miners (uids 2, 3, 4).
// V0 weighs miners 2 and 3 equally; V1 puts everything on miner 3.
// Row-normalized W: V0 = (2: .5, 3: .5), V1 = (3: 1).
// Consensus (kappa ~ .5): m2 = .5 (V0's .75 stake is the majority), m3 = .5, m4 = 0.
// Clipped: V0 unchanged, V1 = (3: .5). Ranks: m2 = .75*.5 = .375, m3 = .375 + .25*.5 = .5.
// Incentive = ranks / .875: m2 = 3/7, m3 = 4/7. Trust m3 = .5 / (.375 + .25) = .8.
const twoByThree = (over: Partial<EpochInput> = {}): EpochInput => ({
  block: 1000,
  stake: [750n, 250n, 0n, 0n, 0n],
  weights: [
    [
      [2, 65535],
      [3, 65535],
    ],
    [[3, 65535]],
    [],
    [],
    [],
  ],
  bonds: [[], [], [], [], []],
  lastUpdate: [1000, 1000, 0, 0, 0],
  blockAtRegistration: [0, 0, 0, 0, 0],
  validatorPermit: [true, true, false, false, false],
  params: { ...SPEC_293_DEFAULTS, yuma3: true },
  ...over,
});

describe("runEpoch: 2 validators x 3 miners, Yuma3", () => {
  const out = runEpoch(twoByThree({ raoEmission: 1_000_000_000n }));

  it("computes consensus, incentive, trust and validator trust", () => {
    expect(out.consensus).toEqual([0, 0, 32767, 32767, 0]); // .5 * 65535 floors to 32767
    expect(out.incentive).toEqual([0, 0, 28086, 37448, 0]); // 3/7, 4/7 of 65535 = 28086.4, 37448.6
    expect(out.rank).toEqual(out.incentive);
    expect(out.trust).toEqual([0, 0, 65535, 52427, 0]); // .8 in I32F32 sits just under .8
    expect(out.validatorTrust).toEqual([65535, 32767, 0, 0, 0]); // 1 and .5
    expect(out.stakeWeight).toEqual([49151, 16383, 0, 0, 0]); // .75, .25
    expect(out.validatorPermit).toEqual([true, true, false, false, false]);
  });

  it("buys bonds at alpha = 0.1 of the clipped weights, and pays dividends through them", () => {
    // B = .1 * clipped = .05 each -> 3276 (.05 * 65535 = 3276.75). Column-normalized: m2 V0 = 1;
    // m3 V0 = V1 = .5. Per validator: V0 = 3/7 + 4/14 = 5/7, V1 = 2/7. Times stake: 15/28, 2/28.
    // Dividends = 15/17, 2/17 of 65535 (= 17 * 3855): 57825 and 7710, less the truncation of 2/17.
    expect(out.bonds).toEqual([
      [
        [2, 3276],
        [3, 3276],
      ],
      [[3, 3276]],
      [],
      [],
      [],
    ]);
    expect(out.dividends).toEqual([57825, 7709, 0, 0, 0]);
    expect(out.exact.dividends[0]).toBeCloseTo(15 / 17, 9);
  });

  it("splits the emission: incentive and dividends over their joint sum of 2", () => {
    expect(out.emission.server).toEqual([0n, 0n, 214285714n, 285714285n, 0n]); // 3/14, 4/14 of 1e9
    expect(out.emission.validator).toEqual([441176470n, 58823529n, 0n, 0n, 0n]); // 15/34, 2/34
  });

  it("grows bonds by the EMA over epochs: .1 * .5 + .9 * 3276/65535", () => {
    const e2 = runEpoch(twoByThree({ bonds: out.bonds }));
    // .05 + .9 * .0499886 = .0949897 -> 6225.2
    expect(e2.bonds[0]).toEqual([
      [2, 6225],
      [3, 6225],
    ]);
    expect(e2.bonds[1]).toEqual([[3, 6225]]);
    const e3 = runEpoch(twoByThree({ bonds: e2.bonds }));
    expect(e3.bonds[1]).toEqual([[3, 8879]]); // .05 + .9 * 6225/65535 = .135489 -> 8879.3
  });

  it("drops bonds to miners registered within the last tempo", () => {
    const fresh = runEpoch(
      twoByThree({ bonds: [[[2, 30000]], [], [], [], []], blockAtRegistration: [0, 0, 900, 0, 0] }),
    );
    expect(fresh.bonds[0]).toEqual([
      [2, 3276],
      [3, 3276],
    ]); // the old 30000 was masked: 1000 - 360 <= 900
  });
});

describe("runEpoch: original Yuma (Yuma3 off)", () => {
  it("uses stake-weighted, column-normalized bonds and stores them max-upscaled", () => {
    const out = runEpoch(twoByThree({ params: { ...SPEC_293_DEFAULTS, yuma3: false } }));
    // dB = W_clipped * S, column-normalized: m2 V0 = 1; m3 V0 = .375/.5 = .75, V1 = .25.
    // Dividends = B . I: V0 = 3/7 + .75 * 4/7 = 6/7, V1 = 1/7.
    expect(out.dividends).toEqual([56172, 9362, 0, 0, 0]); // 56172.9, 9362.1
    expect(out.bonds[0]).toEqual([
      [2, 65535],
      [3, 65535],
    ]);
    expect(out.bonds[1]).toEqual([[3, 21844]]); // 1/3 after max-upscale, truncated
    expect(out.incentive).toEqual([0, 0, 28086, 37448, 0]);
  });
});

describe("runEpoch: liquid alpha", () => {
  it("is off: a single alpha (0.1) for every entry", () => {
    const out = runEpoch(twoByThree({ params: { ...SPEC_293_DEFAULTS, yuma3: true, liquidAlpha: false } }));
    expect(out.bonds[1]).toEqual([[3, 3276]]);
  });

  it("is on: alpha from the sigmoid of weight above consensus", () => {
    // Bonds penalty 0 so bonds follow raw weights. Defaults: alpha in [.7, .9], steepness 1000 (x -10).
    // V0 at m2: weight .5 = consensus -> diff 0 -> sigmoid(1/(1+e^5)) = .006693 -> alpha .70134 -> bond .35067
    // V1 at m3: weight 1, consensus .5 -> diff .5 -> sigmoid .5 -> alpha .8 -> bond .8
    const out = runEpoch(
      twoByThree({ params: { ...SPEC_293_DEFAULTS, yuma3: true, liquidAlpha: true, bondsPenalty: 0 } }),
    );
    expect(out.exact.bonds[0]?.[0]?.[1]).toBeCloseTo((0.7 + 0.2 / (1 + Math.exp(5))) * 0.5, 4);
    expect(out.bonds).toEqual([
      [
        [2, 22981],
        [3, 22981],
      ],
      [[3, 52428]],
      [],
      [],
      [],
    ]);
    expect(out.exact.bonds[1]?.[0]?.[1]).toBeCloseTo(0.8, 4);
  });

  it("alphaSigmoid sells faster when the bond is above the weight", () => {
    const p = { low: fromNumber(0.7), high: fromNumber(0.9), steepness: fromNumber(1000) };
    const hold = toNumber(alphaSigmoid(fromNumber(0.5), fromNumber(0.5), fromNumber(0.5), p));
    const sell = toNumber(alphaSigmoid(fromNumber(0.5), fromNumber(0), fromNumber(1), p));
    expect(hold).toBeCloseTo(0.7 + 0.2 / (1 + Math.exp(5)), 6);
    expect(sell).toBeCloseTo(0.7 + 0.2 / (1 + Math.exp(-5)), 6);
  });
});

describe("runEpoch: edge cases", () => {
  it("no stake: nothing is earned and no permits are granted", () => {
    const out = runEpoch(twoByThree({ stake: [0n, 0n, 0n, 0n, 0n], raoEmission: 100n }));
    expect(out.incentive).toEqual([0, 0, 0, 0, 0]);
    expect(out.dividends).toEqual([0, 0, 0, 0, 0]);
    expect(out.consensus).toEqual([0, 0, 0, 0, 0]);
    expect(out.validatorPermit).toEqual([false, false, false, false, false]);
    expect(out.emission.validator).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(out.bonds).toEqual([[], [], [], [], []]); // permits lost: rows cleared
  });

  it("all-zero weights: no incentive, validators get emission by active stake", () => {
    const out = runEpoch(
      twoByThree({
        weights: [[[2, 0]], [[3, 0]], [], [], []],
        raoEmission: 1000n,
      }),
    );
    expect(out.incentive).toEqual([0, 0, 0, 0, 0]);
    expect(out.dividends).toEqual([0, 0, 0, 0, 0]);
    expect(out.emission.validator).toEqual([750n, 250n, 0n, 0n, 0n]);
    expect(out.emission.server).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(out.pruningScores).toEqual([65535, 21845, 0, 0, 0]);
  });

  it("single validator: consensus is its weights, it earns all dividends", () => {
    const out = runEpoch({
      ...twoByThree(),
      stake: [1000n, 0n, 0n, 0n, 0n],
      weights: [
        [
          [2, 65535],
          [3, 21845],
        ],
        [],
        [],
        [],
        [],
      ],
    });
    expect(out.consensus).toEqual([0, 0, 49151, 16383, 0]); // .75, .25
    expect(out.incentive).toEqual([0, 0, 49151, 16383, 0]);
    expect(out.dividends).toEqual([65535, 0, 0, 0, 0]);
    expect(out.validatorPermit).toEqual([true, false, false, false, false]);
    expect(out.bonds[1]).toEqual([]); // V1 lost its permit
  });

  it("masks inactive validators, non-permit rows, self-weights and outdated weights", () => {
    const base = twoByThree();
    const inactive = runEpoch({ ...base, lastUpdate: [1000, 1000 - 5001, 0, 0, 0] });
    expect(inactive.active).toEqual([true, false, true, true, true]); // miners: 0 + 5000 >= 1000
    expect(inactive.incentive).toEqual([0, 0, 32767, 32767, 0]); // V0 alone: .5, .5
    const noPermit = runEpoch({ ...base, validatorPermit: [true, false, false, false, false] });
    expect(noPermit.incentive).toEqual(inactive.incentive);
    // V1 sets its weights before miner 3 re-registered: that weight is dropped.
    const outdated = runEpoch({
      ...base,
      lastUpdate: [1000, 500, 0, 0, 0],
      blockAtRegistration: [0, 0, 0, 600, 0],
    });
    expect(outdated.incentive).toEqual([0, 0, 32767, 32767, 0]);
    // Self-weight is removed unless it is the owner's.
    const self = { ...base, weights: [[[0, 65535] as const], [[3, 65535] as const], [], [], []] };
    // Without V0's weight, V1 (.25 stake) alone is below the majority: miner 3 is clipped to 0.
    expect(runEpoch(self).incentive).toEqual([0, 0, 0, 0, 0]);
    expect(runEpoch({ ...self, ownerUid: 0 }).incentive).toEqual([65535, 0, 0, 0, 0]);
  });

  it("rejects malformed input with the list of problems", () => {
    expect(() => runEpoch(twoByThree({ lastUpdate: [1] }))).toThrow(EpochInputError);
    expect(() => runEpoch(twoByThree({ weights: [[[2, 70000]], [], [], [], []] }))).toThrow(/not a u16/);
  });
});

describe("consensus and permits", () => {
  it("weighted median follows the stake majority", () => {
    const third = ONE / 3n;
    const stake = [third, third, third];
    const score = [fromNumber(0.1), fromNumber(0.9), fromNumber(0.5)];
    const median = weightedMedian(stake, score, [0, 1, 2], ONE - fromNumber(0.5), 0n, ONE);
    expect(toNumber(median)).toBeCloseTo(0.5, 9);
  });

  it("permits go to the top-k non-zero stakes; ties drop the lower uid first", () => {
    expect(topKNonZero([5n, 1n, 3n, 0n], 2)).toEqual([true, false, true, false]);
    expect(topKNonZero([2n, 2n, 2n], 2)).toEqual([false, true, true]);
    expect(topKNonZero([2n, 0n], 5)).toEqual([true, false]);
  });
});
