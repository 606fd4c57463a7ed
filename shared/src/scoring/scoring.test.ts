import { describe, expect, it } from "vitest";
import type { TaskRequest, TaskResponse } from "../protocol";
import {
  allocateTasks,
  blendScores,
  brierScore,
  chooseMinersForRound,
  classificationQuality,
  computeWeightVector,
  detectCopies,
  ema,
  fingerprintAnswer,
  honeypotConsistency,
  latencyFactor,
  nextScoreState,
  reciprocalRank,
  scoreRound,
  scoreTask,
} from "./index";

describe("task quality", () => {
  it("reciprocal rank of the true reply", () => {
    expect(reciprocalRank(["a", "b", "c"], "a")).toBe(1);
    expect(reciprocalRank(["a", "b", "c"], "c")).toBeCloseTo(1 / 3, 12);
    expect(reciprocalRank(["a", "b"], "z")).toBe(0);
  });

  it("multiclass Brier score", () => {
    expect(brierScore({ a: 1, b: 0, c: 0 }, ["a", "b", "c"], "a")).toBe(0);
    expect(brierScore({ a: 0, b: 1, c: 0 }, ["a", "b", "c"], "a")).toBe(2);
    // (0.7-1)^2 + 0.2^2 + 0.1^2 = 0.09 + 0.04 + 0.01
    expect(brierScore({ a: 0.7, b: 0.2, c: 0.1 }, ["a", "b", "c"], "a")).toBeCloseTo(0.14, 12);
  });

  it("classification blends correctness with 1 - Brier/2", () => {
    expect(classificationQuality("a", { a: 0.7, b: 0.2, c: 0.1 }, ["a", "b", "c"], "a")).toBeCloseTo(
      0.5 + 0.5 * (1 - 0.07),
      12,
    );
    expect(classificationQuality("b", { a: 0, b: 1, c: 0 }, ["a", "b", "c"], "a")).toBe(0);
  });

  it("the Brier half is proper: honest 0.6 beats an overconfident 1.0 when right 60% of the time", () => {
    const labels = ["x", "y"];
    const expected = (p: number) =>
      0.6 * (1 - brierScore({ x: p, y: 1 - p }, labels, "x") / 2) +
      0.4 * (1 - brierScore({ x: p, y: 1 - p }, labels, "y") / 2);
    expect(expected(0.6)).toBeGreaterThan(expected(1));
    expect(expected(0.6)).toBeGreaterThan(expected(0.8));
  });
});

describe("latency factor", () => {
  it("is 1 inside the grace window and falls linearly to the floor at the timeout", () => {
    expect(latencyFactor(50, 1000)).toBe(1);
    expect(latencyFactor(100, 1000)).toBe(1);
    expect(latencyFactor(550, 1000)).toBeCloseTo(0.75, 12);
    expect(latencyFactor(1000, 1000)).toBeCloseTo(0.5, 12);
  });
});

const intent: TaskRequest = {
  protocolVersion: 1,
  taskId: "t1" as TaskRequest["taskId"],
  deadlineMs: 1000,
  taskType: "intent_classification",
  language: "en",
  text: "where is my parcel",
  labels: ["order_status", "refund"],
};
const answer = (label: string, p: number): TaskResponse =>
  ({
    protocolVersion: 1,
    taskId: "t1",
    taskType: "intent_classification",
    label,
    probabilities: { order_status: p, refund: 1 - p },
  }) as unknown as TaskResponse;
const truth = {
  taskType: "intent_classification" as const,
  label: "order_status",
  labels: ["order_status", "refund"],
};

describe("scoreTask", () => {
  it("multiplies quality by the latency factor", () => {
    const s = scoreTask(
      intent,
      truth,
      { kind: "answered", response: answer("order_status", 1), latencyMs: 550 },
      { timeoutMs: 1000 },
    );
    expect(s).toEqual({ score: 0.75, quality: 1, latencyFactor: 0.75, success: true });
  });

  it("scores every failure kind and inconsistent answers as 0", () => {
    const zero = { score: 0, quality: 0, latencyFactor: 0, success: false };
    for (const outcome of [
      { kind: "timeout", latencyMs: 1000 },
      { kind: "unreachable", message: "refused" },
      { kind: "http_error", status: 500 },
      { kind: "oversized", limitBytes: 10 },
      { kind: "unsigned", message: "no signature" },
      { kind: "invalid", message: "bad json" },
    ] as const) {
      expect(scoreTask(intent, truth, outcome, { timeoutMs: 1000 })).toEqual(zero);
    }
    const otherTask = { ...answer("order_status", 1), taskId: "zz" } as TaskResponse;
    expect(
      scoreTask(intent, truth, { kind: "answered", response: otherTask, latencyMs: 1 }, { timeoutMs: 1000 }),
    ).toEqual(zero);
    expect(
      scoreTask(
        intent,
        truth,
        { kind: "answered", response: answer("order_status", 1), latencyMs: 1001 },
        { timeoutMs: 1000 },
      ),
    ).toEqual(zero);
  });
});

describe("EMA per hotkey", () => {
  const alphas = { qualityAlpha: 0.1, trustAlpha: 0.02 };
  it("takes the first sample as is, then folds with alpha", () => {
    expect(ema(null, 0.8, 0.1)).toBe(0.8);
    expect(ema(0.5, 1, 0.1)).toBeCloseTo(0.55, 12);
    const s1 = nextScoreState(null, "hk1", 0.8, 1, alphas);
    const s2 = nextScoreState(s1, "hk1", 0.2, 0, alphas);
    expect(s2.quality).toBeCloseTo(0.1 * 0.2 + 0.9 * 0.8, 12);
    expect(s2.trust).toBeCloseTo(0.98, 12);
    expect(s2.rounds).toBe(2);
  });
  it("resets when the uid changes hands", () => {
    const old = { hotkey: "hk1", quality: 0.9, trust: 0.9, rounds: 50 };
    expect(nextScoreState(old, "hk2", 0.1, 0, alphas)).toEqual({
      hotkey: "hk2",
      quality: 0.1,
      trust: 0,
      rounds: 1,
    });
  });
});

describe("copy detection and honeypots", () => {
  const fp = (label: string, p: number) => fingerprintAnswer(answer(label, p));
  it("flags every member of a distinctive identical group but the first to arrive", () => {
    const flagged = detectCopies([
      { uid: 1, item: "i", fingerprint: fp("order_status", 0.8312), receivedAt: 1_040, latencyMs: 40 },
      { uid: 2, item: "i", fingerprint: fp("order_status", 0.8312), receivedAt: 1_090, latencyMs: 90 },
      { uid: 3, item: "i", fingerprint: fp("order_status", 0.8312), receivedAt: 1_070, latencyMs: 70 },
      { uid: 4, item: "i", fingerprint: fp("order_status", 0.77), receivedAt: 1_010, latencyMs: 10 },
      { uid: 5, item: "j", fingerprint: fp("order_status", 0.8312), receivedAt: 1_010, latencyMs: 10 },
    ]);
    expect([...flagged].sort()).toEqual(["2:i", "3:i"]);
  });
  it("does not flag coarse, hand-written probabilities", () => {
    expect(fp("order_status", 0.9).distinctive).toBe(false);
    const flagged = detectCopies([
      { uid: 1, item: "i", fingerprint: fp("order_status", 0.9), receivedAt: 40, latencyMs: 40 },
      { uid: 2, item: "i", fingerprint: fp("order_status", 0.9), receivedAt: 90, latencyMs: 90 },
    ]);
    expect(flagged.size).toBe(0);
  });
  it("canonicalises rankings through the per-miner id map", () => {
    const r = (ranking: string[]) =>
      ({ protocolVersion: 1, taskId: "x", taskType: "response_selection", ranking }) as TaskResponse;
    const shownA = ["p", "q", "s", "t", "u", "v", "w", "x"];
    const shownB = ["k", "m", "n", "o", "y", "z", "g", "h"];
    const order = [2, 0, 1, 3, 7, 6, 5, 4];
    const a = fingerprintAnswer(
      r(shownA),
      Object.fromEntries(shownA.map((id, i) => [id, order[i] as number])),
    );
    const b = fingerprintAnswer(
      r(shownB),
      Object.fromEntries(shownB.map((id, i) => [id, order[i] as number])),
    );
    expect(a.answer).toBe("r:2,0,1,3,7,6,5,4");
    expect(a).toEqual(b);
    expect(a.distinctive).toBe(true);
    // Four candidates: once the true reply is agreed on, 3! orders are left; too few to prove anything.
    expect(fingerprintAnswer(r(shownA.slice(0, 4)), { p: 2, q: 0, s: 1, t: 3 }).distinctive).toBe(false);
  });
  it("honeypot consistency counts agreeing pairs among the checkable ones", () => {
    expect(
      honeypotConsistency([
        [fp("refund", 0.3), fp("refund", 0.4)],
        [fp("refund", 0.3), fp("order_status", 0.6)],
      ]),
    ).toBe(0.5);
    expect(honeypotConsistency([[null, fp("refund", 0.3)]])).toBe(1);
  });
});

describe("scoreRound", () => {
  const task = (
    uid: number,
    item: string,
    score: number,
    fp: ReturnType<typeof fingerprintAnswer> | null,
    latencyMs = 10,
  ) => ({
    uid,
    item,
    score: { score, quality: score, latencyFactor: 1, success: score > 0 },
    fingerprint: fp,
    latencyMs,
    receivedAt: 1_000 + latencyMs,
  });
  it("zeroes copied answers and applies the honeypot multiplier", () => {
    const fpA = fingerprintAnswer(answer("order_status", 0.8312));
    const rounds = scoreRound([
      task(1, "i", 0.9, fpA, 10),
      task(1, "j", 0.7, fingerprintAnswer(answer("refund", 0.25)), 10),
      task(1, "j", 0.7, fingerprintAnswer(answer("order_status", 0.55)), 10),
      task(2, "i", 0.9, fpA, 30),
    ]);
    expect(rounds).toEqual([
      // mean (0.9+0.7+0.7)/3, honeypot 0/1 agree -> x0.5
      { uid: 1, quality: ((0.9 + 0.7 + 0.7) / 3) * 0.5, successRate: 1, tasks: 3, copied: 0, honeypot: 0 },
      { uid: 2, quality: 0, successRate: 0, tasks: 1, copied: 1, honeypot: 1 },
    ]);
  });
});

describe("allocation and selection", () => {
  const miners = [
    { uid: 0, stake: 100, trust: 0.1 },
    { uid: 1, stake: 300, trust: 0.9 },
    { uid: 2, stake: 0, trust: 0 },
  ];
  it("equal gives everyone the same share", () => {
    expect(Object.fromEntries(allocateTasks(miners, "equal", 9, 1, 6))).toEqual({ 0: 3, 1: 3, 2: 3 });
  });
  it("stake splits the spare budget by stake, with a floor for everyone", () => {
    // 3 floor + 6 spare: 1/4 and 3/4 of 6 -> 1.5 and 4.5; remainder tie goes to the lower uid.
    expect(Object.fromEntries(allocateTasks(miners, "stake", 9, 1, 6))).toEqual({ 0: 3, 1: 5, 2: 1 });
  });
  it("trust respects the per-miner cap and redistributes", () => {
    expect(Object.fromEntries(allocateTasks(miners, "trust", 12, 1, 4))).toEqual({ 0: 4, 1: 4, 2: 1 });
  });
  it("chooses a rotating window so every miner is visited equally", () => {
    const all = Array.from({ length: 10 }, (_, uid) => ({ uid }));
    const visits = new Map<number, number>();
    for (let round = 0; round < 5; round++)
      for (const m of chooseMinersForRound(all, round, 4)) visits.set(m.uid, (visits.get(m.uid) ?? 0) + 1);
    expect([...visits.values()]).toEqual(Array(10).fill(2));
  });
});

describe("blend and weight vector", () => {
  it("blends quality, trust and stake 0.7/0.1/0.2 and never pays for stake alone", () => {
    const s = blendScores([
      { uid: 0, quality: 0.5, trust: 1, stake: 50 },
      { uid: 1, quality: 1, trust: 0.5, stake: 100 },
      { uid: 2, quality: 0, trust: 1, stake: 1000 },
    ]);
    expect(s.get(0)).toBeCloseTo(0.7 * 0.5 + 0.1 + 0.2 * 0.05, 12);
    expect(s.get(1)).toBeCloseTo(0.7 + 0.05 + 0.2 * 0.1, 12);
    expect(s.get(2)).toBe(0);
  });
  it("normalises to sum 1 over uids and drops bad entries", () => {
    const v = computeWeightVector(
      new Map([
        [0, 1],
        [2, 3],
        [7, 5],
        [1, Number.NaN],
      ]),
      4,
      { kind: "burn", ownerUid: 0 },
    );
    expect(v.kind).toBe("weights");
    if (v.kind === "weights") expect([...v.weights]).toEqual([0.25, 0, 0.75, 0]);
  });
  it("burns to the owner uid when nothing scored, or skips", () => {
    const v = computeWeightVector(new Map([[1, 0]]), 3, { kind: "burn", ownerUid: 0 });
    expect(v).toMatchObject({ kind: "weights", burned: true, ownerUid: 0 });
    if (v.kind === "weights") expect([...v.weights]).toEqual([1, 0, 0]);
    expect(computeWeightVector(new Map(), 3, { kind: "skip" })).toEqual({
      kind: "skip",
      reason: "nothing_scored",
    });
    expect(computeWeightVector(new Map(), 0, { kind: "burn", ownerUid: 0 })).toEqual({
      kind: "skip",
      reason: "empty_metagraph",
    });
  });
});
