import { describe, expect, it } from "vitest";
import { FairQueue } from "./fair-queue";

const drain = <T>(q: FairQueue<T>) => {
  const out: T[] = [];
  for (let x = q.shift(); x !== undefined; x = q.shift()) out.push(x);
  return out;
};

describe("FairQueue", () => {
  it("takes turns between keys, first in first out within each", () => {
    const q = new FairQueue<string>();
    for (const x of ["a1", "a2", "a3", "a4"]) q.push("a", x);
    q.push("b", "b1");
    q.push("b", "b2");
    q.push("c", "c1");
    expect(q.size).toBe(7);
    expect(drain(q)).toEqual(["a1", "b1", "c1", "a2", "b2", "a3", "a4"]);
    expect(q.size).toBe(0);
  });

  it("gives a key that arrives late its turn after the keys already waiting, not after their backlog", () => {
    const q = new FairQueue<string>();
    for (let i = 1; i <= 5; i++) q.push("a", `a${i}`);
    expect(q.shift()).toBe("a1");
    q.push("b", "b1");
    expect(drain(q)).toEqual(["a2", "b1", "a3", "a4", "a5"]);
  });

  it("peeks at what shift returns next without taking it, and is empty when drained", () => {
    const q = new FairQueue<number>();
    expect(q.peek()).toBeUndefined();
    expect(q.shift()).toBeUndefined();
    q.push("a", 1);
    q.push("b", 2);
    expect(q.peek()).toBe(1);
    expect(q.size).toBe(2);
    expect(q.shift()).toBe(1);
    expect(q.peek()).toBe(2);
    expect(drain(q)).toEqual([2]);
    // A key whose lane emptied starts a new lane behind the others.
    q.push("b", 3);
    q.push("a", 4);
    q.push("b", 5);
    expect(drain(q)).toEqual([3, 4, 5]);
  });
});
