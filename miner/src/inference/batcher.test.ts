import { describe, expect, it } from "vitest";
import { MicroBatcher } from "./batcher";

const doubler = (log: number[][]) => async (items: readonly number[]) => {
  log.push([...items]);
  return items.map((x) => x * 2);
};

describe("MicroBatcher", () => {
  it("runs items submitted within the window as one batch, each getting its own result", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher(doubler(batches), { windowMs: 5, maxRows: 100, idleFlush: false });
    const results = await Promise.all([1, 2, 3].map((x) => b.submit(x)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("runs a lone item at once when idle, and batches what arrives while it runs", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher(doubler(batches), { windowMs: 10_000, maxRows: 100 });
    const results = await Promise.all([1, 2, 3].map((x) => b.submit(x)));
    expect(results).toEqual([2, 4, 6]);
    // The window is 10 s: finishing at all proves the backlog went as soon as the first batch completed.
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it("flushes at maxRows without waiting for the window, counting multi-row items", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher(doubler(batches), { windowMs: 10_000, maxRows: 4, idleFlush: false });
    const results = await Promise.all([b.submit(1, 2), b.submit(2, 2), b.submit(3, 3), b.submit(4, 1)]);
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("runs an item larger than maxRows alone", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher(doubler(batches), { windowMs: 0, maxRows: 2 });
    expect(await b.submit(7, 5)).toBe(14);
    expect(batches).toEqual([[7]]);
  });

  it("queues while maxInFlight batches run, then sends the backlog together", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const blocker = new Promise<void>((r) => {
      release = r;
    });
    const b = new MicroBatcher(
      async (items: readonly number[]) => {
        batches.push([...items]);
        if (items[0] === 0) await blocker;
        return items.map((x) => x);
      },
      { windowMs: 0, maxRows: 100, maxInFlight: 1 },
    );
    const first = b.submit(0);
    const rest = [1, 2, 3].map((x) => b.submit(x));
    expect(b.depth).toBe(3);
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[0], [1, 2, 3]]);
  });

  it("rejects every item of a failed batch, and of a runner returning the wrong count", async () => {
    const failing = new MicroBatcher(async () => Promise.reject(new Error("boom")), {
      windowMs: 1,
      maxRows: 8,
    });
    await expect(Promise.all([failing.submit(1), failing.submit(2)])).rejects.toThrow("boom");
    const short = new MicroBatcher(async () => [], { windowMs: 1, maxRows: 8, idleFlush: false });
    const results = await Promise.allSettled([short.submit(1), short.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });

  it("when a batch fails, runs its items again alone: only the item the runner cannot take is rejected", async () => {
    const batches: number[][] = [];
    const picky = new MicroBatcher(
      async (items: readonly number[]) => {
        batches.push([...items]);
        if (items.includes(13)) throw new Error("13 is past the model's limits");
        return items.map((x) => x * 2);
      },
      { windowMs: 5, maxRows: 8, idleFlush: false },
    );
    const results = await Promise.allSettled([1, 13, 3].map((x) => picky.submit(x)));
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([
      2,
      "13 is past the model's limits",
      6,
    ]);
    expect(batches).toEqual([[1, 13, 3], [1], [13], [3]]);
  });

  it("fills batches taking turns between senders: one sender's backlog does not hold another's item", async () => {
    const batches: number[][] = [];
    const b = new MicroBatcher(doubler(batches), { windowMs: 0, maxRows: 4 });
    // 1 runs at once (idle); 2..12 from "a" and 100 from "b" queue behind it.
    const a = Array.from({ length: 12 }, (_, i) => b.submit(i + 1, 1, "a"));
    const other = b.submit(100, 1, "b");
    expect(await other).toBe(200);
    await Promise.all(a);
    expect(batches[0]).toEqual([1]);
    expect(batches[1]).toEqual([2, 100, 3, 4]);
    // Each sender's own items keep their order.
    expect(batches.flat().filter((x) => x < 100)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});
