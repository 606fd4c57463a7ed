import { describe, expect, it, vi } from "vitest";
import type { Hotkey } from "../../../shared/src/keys/hotkey";
import { allowListGate, type MetagraphSnapshot, metagraphGate, staticMetagraphSource } from "./caller-gate";

const hk = (s: string) => s as Hotkey;
const snapshot: MetagraphSnapshot = {
  neurons: [
    { hotkey: "val", validatorPermit: true, stake: 2000 },
    { hotkey: "nopermit", validatorPermit: false, stake: 2000 },
    { hotkey: "poor", validatorPermit: true, stake: 999.9 },
  ],
};

describe("metagraphGate", () => {
  it("answers unavailable before the first load, then applies registration, permit, stake and deny", async () => {
    const gate = metagraphGate({
      source: staticMetagraphSource(snapshot),
      minStake: 1000,
      deny: ["val2"],
      refreshMs: 0,
    });
    expect(gate.check(hk("val"))).toMatchObject({ ok: false, reason: "unavailable" });
    await gate.start();
    expect(gate.check(hk("val"))).toEqual({ ok: true });
    expect(gate.check(hk("stranger"))).toMatchObject({ reason: "unregistered" });
    expect(gate.check(hk("nopermit"))).toMatchObject({ reason: "no_permit" });
    expect(gate.check(hk("poor"))).toMatchObject({ reason: "low_stake" });
    expect(gate.check(hk("val2"))).toMatchObject({ reason: "denied" });
    gate.close();
  });

  it("keeps the last good snapshot when a refresh fails, and picks up changes when it succeeds", async () => {
    let next: MetagraphSnapshot | Error = snapshot;
    const lines: string[] = [];
    const gate = metagraphGate({
      source: { load: async () => (next instanceof Error ? Promise.reject(next) : next) },
      refreshMs: 0,
      log: (l) => lines.push(l),
    });
    await gate.start();
    next = new Error("rpc down");
    expect(await gate.refresh()).toBe(false);
    expect(gate.check(hk("val")).ok).toBe(true);
    expect(lines[0]).toContain("rpc down");
    next = { neurons: [] };
    expect(await gate.refresh()).toBe(true);
    expect(gate.check(hk("val"))).toMatchObject({ reason: "unregistered" });
  });

  it("starts without a chain: refuses as unavailable, retries the first load, then serves", async () => {
    let next: MetagraphSnapshot | Error = new Error("connection refused");
    let loads = 0;
    const lines: string[] = [];
    const seen: number[] = [];
    const gate = metagraphGate({
      source: {
        load: async () => {
          loads++;
          return next instanceof Error ? Promise.reject(next) : next;
        },
      },
      refreshMs: 60_000,
      firstLoadRetryMs: 10,
      log: (l) => lines.push(l),
      onSnapshot: (s) => seen.push(s.neurons.length),
    });
    expect(await gate.start()).toBe(false);
    expect(gate.check(hk("val"))).toMatchObject({ ok: false, reason: "unavailable" });
    expect(lines[0]).toMatch(/refusing callers \(503\) until one loads: connection refused/);
    await vi.waitFor(() => expect(loads).toBeGreaterThanOrEqual(3));
    next = snapshot;
    await vi.waitFor(() => expect(gate.check(hk("val"))).toEqual({ ok: true }));
    expect(seen).toEqual([3]);
    // Loaded: back to the 60 s refresh, so no more retries within a few of the old intervals.
    const after = loads;
    await new Promise((r) => setTimeout(r, 60));
    expect(loads).toBe(after);
    gate.close();
  });

  it("stops retrying once closed", async () => {
    let loads = 0;
    const gate = metagraphGate({
      source: {
        load: async () => {
          loads++;
          throw new Error("down");
        },
      },
      firstLoadRetryMs: 5,
    });
    await gate.start();
    gate.close();
    const at = loads;
    await new Promise((r) => setTimeout(r, 40));
    expect(loads).toBe(at);
  });
});

describe("allowListGate", () => {
  it("admits exactly the listed hotkeys minus the deny-list", () => {
    const gate = allowListGate(["a", "b"], ["b"]);
    expect(gate.check(hk("a")).ok).toBe(true);
    expect(gate.check(hk("b"))).toMatchObject({ reason: "denied" });
    expect(gate.check(hk("c"))).toMatchObject({ reason: "unregistered" });
  });
});
