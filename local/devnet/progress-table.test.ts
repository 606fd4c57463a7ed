import { describe, expect, it } from "vitest";
import { liveTable, type MinerRow, renderTable } from "./progress-table";

const row = (uid: number, over: Partial<MinerRow> = {}): MinerRow => ({
  uid,
  behaviour: "trained",
  hotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  score: 0.8123,
  quality: 0.9,
  successRate: 1,
  copied: 0,
  latencyMs: 12.4,
  weight: 0.5,
  chainWeight: null,
  incentive: null,
  ...over,
});

describe("renderTable", () => {
  it("shows round, score, latency and weight per miner, in uid order", () => {
    const lines = renderTable({
      round: 2,
      rounds: 3,
      phase: "scored",
      rows: [row(2, { behaviour: "garbage", score: 0, weight: 0, latencyMs: null }), row(1)],
      notes: ["dashboard http://127.0.0.1:1/"],
    });
    expect(lines[0]).toBe("MiaoAI devnet  round 2/3  scored");
    const body = lines.filter((l) => /^\s+\d+\s/.test(l));
    expect(body[0]).toMatch(
      /^\s+1\s+trained\s+5Grw…utQY\s+0\.812\s+0\.900\s+100\s+0\s+12 ms\s+0\.500\s+-\s+-$/,
    );
    expect(body[1]).toMatch(/^\s+2\s+garbage .* 0\.000 .*\s+-\s+0\.000\s+-\s+-$/);
    expect(lines.at(-1)).toBe("dashboard http://127.0.0.1:1/");
    // Every line of the table has the same width, so redraws line up.
    const widths = new Set(lines.slice(1, -1).map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });
});

describe("liveTable", () => {
  it("redraws in place on a TTY (cursor up over the previous drawing)", () => {
    let out = "";
    const t = liveTable({ isTTY: true, write: (s: string) => (out += s) });
    const view = { round: 1, rounds: 2, phase: "x", rows: [row(1)], notes: [] };
    t.draw(view);
    const first = out;
    t.draw({ ...view, phase: "y" });
    const n = renderTable(view).length;
    expect(first.startsWith("\x1b[0J")).toBe(true);
    expect(out.slice(first.length).startsWith(`\x1b[${n}A\x1b[0J`)).toBe(true);
  });

  it("appends only changed tables when the output is not a TTY", () => {
    let out = "";
    const t = liveTable({ isTTY: false, write: (s: string) => (out += s) });
    const view = { round: 1, rounds: 2, phase: "x", rows: [row(1)], notes: [] };
    t.draw(view);
    t.draw(view);
    expect(out).not.toContain("\x1b[");
    expect(out.split("MiaoAI devnet").length - 1).toBe(1);
  });
});
