import { describe, expect, it } from "vitest";
import type { Metagraph } from "../../../shared/src/chain";
import type { Hotkey } from "../../../shared/src/keys/hotkey";
import { metagraphGate, staticMetagraphSource } from "../auth/caller-gate";
import { snapshotFromMetagraph } from "./chain-metagraph-source";

describe("snapshotFromMetagraph", () => {
  it("maps per-uid vectors to gate neurons with stake in TAO-equivalent units", () => {
    const m = {
      block: 42,
      hotkeys: ["hk0", "hk1"],
      validatorPermit: [true, false],
      stake: [1_500_000_000_000n, 2_000_000_000n],
    } as unknown as Metagraph;
    const snapshot = snapshotFromMetagraph(m);
    expect(snapshot).toEqual({
      block: 42,
      neurons: [
        { hotkey: "hk0", validatorPermit: true, stake: 1500 },
        { hotkey: "hk1", validatorPermit: false, stake: 2 },
      ],
    });
  });

  it("feeds the gate: 1500 TAO passes a 1000 minimum", async () => {
    const m = {
      block: 1,
      hotkeys: ["hk0"],
      validatorPermit: [true],
      stake: [1_500_000_000_000n],
    } as unknown as Metagraph;
    const gate = metagraphGate({
      source: staticMetagraphSource(snapshotFromMetagraph(m)),
      minStake: 1000,
      refreshMs: 0,
    });
    await gate.start();
    expect(gate.check("hk0" as Hotkey)).toEqual({ ok: true });
  });
});
