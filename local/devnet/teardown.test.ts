import { describe, expect, it } from "vitest";
import { Teardown } from "./teardown";

describe("Teardown", () => {
  it("stops last-started first, each once, and reports failures without skipping the rest", async () => {
    const order: string[] = [];
    const t = new Teardown();
    t.add("redis", 1, async () => order.push("redis"));
    t.add("worker", 2, async () => {
      order.push("worker");
      throw new Error("boom");
    });
    t.add("miner", 3, async () => order.push("miner"));
    const [a, b] = await Promise.all([t.run(), t.run()]);
    expect(order).toEqual(["miner", "worker", "redis"]);
    expect(a).toEqual(["worker: boom"]);
    expect(b).toBe(a);
  });

  it("gives up on a stopper that hangs, and still runs the others", async () => {
    const order: string[] = [];
    const t = new Teardown();
    t.add("redis", 1, async () => order.push("redis"));
    t.add("stuck", 2, () => new Promise(() => {}));
    expect(await t.run(50)).toEqual(["stuck: did not stop within 50 ms"]);
    expect(order).toEqual(["redis"]);
  });

  it("throws from add once its signal is aborted, after registering the stopper", async () => {
    const abort = new AbortController();
    const t = new Teardown(abort.signal);
    const stopped: number[] = [];
    t.add("a", 1, async (v) => stopped.push(v));
    abort.abort();
    expect(() => t.add("b", 2, async (v) => stopped.push(v))).toThrow();
    await t.run();
    expect(stopped).toEqual([2, 1]);
  });
});
