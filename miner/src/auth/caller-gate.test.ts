import { describe, expect, it } from "vitest";
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
});

describe("allowListGate", () => {
  it("admits exactly the listed hotkeys minus the deny-list", () => {
    const gate = allowListGate(["a", "b"], ["b"]);
    expect(gate.check(hk("a")).ok).toBe(true);
    expect(gate.check(hk("b"))).toMatchObject({ reason: "denied" });
    expect(gate.check(hk("c"))).toMatchObject({ reason: "unregistered" });
  });
});
