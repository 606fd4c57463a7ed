import { describe, expect, it } from "vitest";
import type { TaskRequest, TaskResponse } from "../../shared/src/protocol";
import { createAnswerBoard, remapAnswer, textSimilarity } from "./answer-board";

const sentiment = (taskId: string, text: string): TaskRequest =>
  ({
    protocolVersion: 1,
    taskId,
    taskType: "sentiment",
    deadlineMs: 1000,
    language: "en",
    text,
  }) as TaskRequest;

const ranking = (taskId: string, candidates: [string, string][]): TaskRequest =>
  ({
    protocolVersion: 1,
    taskId,
    taskType: "response_selection",
    deadlineMs: 1000,
    language: "en",
    turns: [{ speaker: "customer", text: "where is order 1234?" }],
    candidates: candidates.map(([id, text]) => ({ id, text })),
  }) as TaskRequest;

describe("textSimilarity", () => {
  it("is 1 for equal texts, high for the same template, low for unrelated ones", () => {
    expect(textSimilarity("my parcel 8831 is late", "my parcel 8831 is late")).toBe(1);
    expect(textSimilarity("my parcel 8831 is late", "my parcel 1207 is late")).toBeGreaterThan(0.5);
    expect(textSimilarity("my parcel 8831 is late", "I love this bag")).toBeLessThan(0.1);
  });
});

describe("the answer board a copier reads", () => {
  it("finds the look-alike task's answer, waiting for it to be recorded", async () => {
    const board = createAnswerBoard();
    const theirs = sentiment("a", "The parcel 8831 arrived broken, nobody answers");
    const answer = {
      protocolVersion: 1,
      taskId: "a",
      taskType: "sentiment",
      label: "negative",
      probabilities: { negative: 0.912345, neutral: 0.05, positive: 0.037655 },
    } as TaskResponse;
    const pending = board.find(sentiment("b", "The parcel 1207 arrived broken, nobody answers"), 1000);
    board.record(sentiment("z", "I love this bag"), {
      ...answer,
      taskId: "z",
      label: "positive",
    } as TaskResponse);
    board.record(theirs, answer);
    const hit = await pending;
    expect(hit?.request.taskId).toBe("a");
    expect(remapAnswer(hit as NonNullable<typeof hit>, sentiment("b", "x"))).toEqual({
      ...answer,
      taskId: "b",
    });
  });

  it("takes the most similar answer of this round, even a loosely worded one, never an old look-alike", async () => {
    let clock = 10_000;
    const board = createAnswerBoard({ now: () => clock, lookbackMs: 1_000 });
    const answer = (taskId: string, label: string) =>
      ({ protocolVersion: 1, taskId, taskType: "sentiment", label }) as TaskResponse;
    board.record(
      sentiment("old", "The parcel 1207 arrived broken, nobody answers!"),
      answer("old", "neutral"),
    );
    clock += 5_000; // the next round
    board.record(sentiment("other", "I love this bag"), answer("other", "positive"));
    board.record(sentiment("mine", "Order 1207: item broken, no reply"), answer("mine", "negative"));
    const mine = sentiment("b", "The parcel 1207 arrived broken, nobody answers");
    expect(
      textSimilarity("Order 1207: item broken, no reply", "The parcel 1207 arrived broken, nobody answers"),
    ).toBeLessThan(0.3);
    expect((await board.find(mine, 0))?.request.taskId).toBe("mine");
  });

  it("gives up after waitMs when nothing alike was answered", async () => {
    const board = createAnswerBoard();
    board.record(sentiment("z", "I love this bag"), {} as TaskResponse);
    expect(await board.find(sentiment("b", "The parcel arrived broken"), 30)).toBeNull();
  });

  it("re-maps a ranking onto the copier's own ids by candidate text", () => {
    const theirs = ranking("a", [
      ["k1", "Your order 1234 ships today"],
      ["k2", "We have size M in blue"],
      ["k3", "Refunds take 3 days"],
    ]);
    const mine = ranking("b", [
      ["x9", "Refunds take 3 days"],
      ["x7", "Your order 5678 ships today"],
      ["x8", "We have size M in blue"],
    ]);
    const copied = {
      protocolVersion: 1,
      taskId: "a",
      taskType: "response_selection",
      ranking: ["k1", "k3", "k2"],
    } as TaskResponse;
    expect(remapAnswer({ request: theirs, response: copied }, mine)).toEqual({
      protocolVersion: 1,
      taskId: "b",
      taskType: "response_selection",
      ranking: ["x7", "x9", "x8"],
    });
  });
});
