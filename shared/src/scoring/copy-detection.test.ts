import { describe, expect, it } from "vitest";
import type { TaskRequest, TaskResponse } from "../protocol";
import { createTaskBank, type DrawnTask } from "../tasks";
import { arrivedBefore, detectCopies, type ItemAnswer } from "./copy-detection";
import { fingerprintAnswer } from "./fingerprint";

// Two miners get the same bank item, each worded and dressed for itself (the Worker's task source).
const bank = createTaskBank({ seed: "copy-detection-test-seed" });
const draw = (minerSeed: string, taskType: TaskRequest["taskType"], slot = 4): DrawnTask =>
  bank.draw({ round: 7, slot, minerSeed, taskType });

const envelope = (task: DrawnTask) => ({
  protocolVersion: task.request.protocolVersion,
  taskId: task.request.taskId,
  taskType: task.request.taskType,
});

/** A ranking that orders candidates by canonical index through `order`, written in the miner's own ids. */
function rankingIn(task: DrawnTask, order: readonly number[]): TaskResponse {
  const idOf = new Map(Object.entries(task.candidateKeys).map(([id, key]) => [key, id]));
  return { ...envelope(task), ranking: order.map((k) => idOf.get(k) as string) } as TaskResponse;
}

const fingerprintOf = (task: DrawnTask, response: TaskResponse) =>
  fingerprintAnswer(response, task.candidateKeys);

const answerOf = (
  uid: number,
  task: DrawnTask,
  response: TaskResponse,
  receivedAt: number,
  latencyMs: number,
): ItemAnswer => ({
  uid,
  item: task.itemKey,
  fingerprint: fingerprintOf(task, response),
  receivedAt,
  latencyMs,
});

describe("copy detection in canonical space, over per-miner-worded tasks", () => {
  const a = draw("5Foriginal", "response_selection");
  const b = draw("5Fcopier", "response_selection");
  // One canonical order over the item's candidates, as a trained miner might rank them.
  const order = Object.values(a.candidateKeys).sort((x, y) => ((x * 7) % 11) - ((y * 7) % 11));

  it("the two miners were shown the same item, worded differently, under different ids", () => {
    expect(b.itemKey).toBe(a.itemKey);
    if (a.request.taskType !== "response_selection" || b.request.taskType !== "response_selection")
      throw new Error("not response selection");
    const idsA = a.request.candidates.map((c) => c.id);
    expect(b.request.candidates.some((c) => idsA.includes(c.id))).toBe(false);
    expect(JSON.stringify(b.request.turns)).not.toBe(JSON.stringify(a.request.turns));
    // Text-derived identities would differ; the bank's canonical ones are the same set.
    expect(Object.values(b.candidateKeys).sort()).toEqual(Object.values(a.candidateKeys).sort());
  });

  it("the same canonical ranking: the later arrival is flagged, even with the smaller latency", () => {
    const original = answerOf(1, a, rankingIn(a, order), 10_120, 120);
    // Dispatched in a later batch: a short round trip, but it arrived after the original.
    const copier = answerOf(2, b, rankingIn(b, order), 10_160, 15);
    expect(copier.fingerprint.full).toBe(original.fingerprint.full);
    expect(copier.fingerprint.distinctive).toBe(true);
    expect([...detectCopies([original, copier])]).toEqual([`2:${a.itemKey}`]);
    expect([...detectCopies([copier, original])]).toEqual([`2:${a.itemKey}`]);
  });

  it("credits whoever arrived first, whatever the uids and latencies", () => {
    const first = answerOf(2, b, rankingIn(b, order), 5_000, 900);
    const later = answerOf(1, a, rankingIn(a, order), 5_001, 1);
    expect([...detectCopies([later, first])]).toEqual([`1:${a.itemKey}`]);
  });

  it("different canonical rankings are not flagged", () => {
    const swapped = [order[1], order[0], ...order.slice(2)] as number[];
    const flagged = detectCopies([
      answerOf(1, a, rankingIn(a, order), 100, 50),
      answerOf(2, b, rankingIn(b, swapped), 200, 50),
    ]);
    expect(flagged.size).toBe(0);
  });

  it("a ranking over fewer than 8 candidates, or with unknown ids, proves nothing", () => {
    const short = fingerprintAnswer(rankingIn(a, order.slice(0, 7)), a.candidateKeys);
    expect(short.distinctive).toBe(false);
    const unknown = fingerprintAnswer(
      {
        ...envelope(a),
        ranking: ["z1", "z2", "z3", "z4", "z5", "z6", "z7", "z8", "z9", "z0"],
      } as TaskResponse,
      a.candidateKeys,
    );
    expect(unknown.distinctive).toBe(false);
  });

  it("answers to different items never group", () => {
    const other = draw("5Fcopier", "response_selection", 5);
    expect(other.itemKey).not.toBe(a.itemKey);
    const flagged = detectCopies([
      answerOf(1, a, rankingIn(a, order), 100, 50),
      {
        ...answerOf(2, other, rankingIn(a, order), 200, 50),
        fingerprint: fingerprintOf(a, rankingIn(a, order)),
      },
    ]);
    expect(flagged.size).toBe(0);
  });
});

describe("copy detection for classifiers", () => {
  const a = draw("5Foriginal", "intent_classification");
  const b = draw("5Fcopier", "intent_classification");
  const labels = a.request.taskType === "intent_classification" ? a.request.labels : [];
  const classify = (task: DrawnTask, label: string, p: number): TaskResponse => {
    const rest = (1 - p) / (labels.length - 1);
    const probabilities = Object.fromEntries(labels.map((l) => [l, l === label ? p : rest]));
    return { ...envelope(task), label, probabilities } as TaskResponse;
  };
  const label = labels[0] as string;

  it("honest miners agreeing on the label (their own probabilities) are not flagged", () => {
    const flagged = detectCopies([
      answerOf(1, a, classify(a, label, 0.8731), 100, 50),
      answerOf(2, b, classify(b, label, 0.8412), 200, 50),
    ]);
    expect(flagged.size).toBe(0);
  });

  it("bit-identical probabilities on differently worded text: the later arrival is flagged", () => {
    expect(b.itemKey).toBe(a.itemKey);
    expect(b.request).not.toEqual({ ...a.request, taskId: b.request.taskId });
    const flagged = detectCopies([
      answerOf(1, a, classify(a, label, 0.8731), 100, 50),
      answerOf(2, b, classify(b, label, 0.8731), 200, 5),
    ]);
    expect([...flagged]).toEqual([`2:${a.itemKey}`]);
  });

  it("probabilities a hair apart are not bit-identical", () => {
    const x = fingerprintAnswer(classify(a, label, 0.8731));
    const y = fingerprintAnswer(classify(b, label, 0.8731 + 1e-12));
    expect(x.answer).toBe(y.answer);
    expect(x.full).not.toBe(y.full);
  });
});

describe("arrival order", () => {
  const fp = fingerprintAnswer({
    protocolVersion: 1,
    taskId: "t",
    taskType: "sentiment",
    label: "negative",
    probabilities: { negative: 0.61, neutral: 0.3, positive: 0.09 },
  } as TaskResponse);
  const at = (uid: number, receivedAt: number, latencyMs: number): ItemAnswer => ({
    uid,
    item: "i",
    fingerprint: fp,
    receivedAt,
    latencyMs,
  });

  it("orders by arrival, then latency, then uid", () => {
    expect(arrivedBefore(at(9, 100, 500), at(1, 101, 1))).toBe(true);
    expect(arrivedBefore(at(9, 100, 20), at(1, 100, 30))).toBe(true);
    expect(arrivedBefore(at(1, 100, 20), at(9, 100, 20))).toBe(true);
    expect(arrivedBefore(at(9, 100, 20), at(1, 100, 20))).toBe(false);
  });

  it("flags all later arrivals of a three-way group, and never the same uid twice over", () => {
    const flagged = detectCopies([at(3, 300, 10), at(1, 100, 90), at(2, 200, 10), at(1, 400, 90)]);
    expect([...flagged].sort()).toEqual(["2:i", "3:i"]);
  });
});
