import type { Behaviour } from "./behaviour";

/** One miner's line of the devnet table, after a round. */
export type MinerRow = {
  uid: number;
  behaviour: Behaviour;
  hotkey: string;
  /** The validator's blended final score (what weights come from); null before its first round. */
  score: number | null;
  /** Quality EMA and the last round's success rate, as the validator stored them. */
  quality: number | null;
  successRate: number | null;
  /** Answers flagged as copied in the last round. */
  copied: number;
  /** Mean time the miner's server spent per request in the last round (ms). */
  latencyMs: number | null;
  /** The weight the validator computed for this uid (sums to 1 over uids). */
  weight: number | null;
  /** On chain (chain layer only): the weight read back from storage (normalized), and Incentive. */
  chainWeight: number | null;
  incentive: number | null;
};

/** What the table shows: where the devnet is and every miner's row. */
export type TableView = {
  round: number;
  rounds: number;
  phase: string;
  rows: readonly MinerRow[];
  /** Extra lines under the table (chain status, the dashboard URL...). */
  notes: readonly string[];
};

const COLUMNS: { title: string; width: number; align: "l" | "r"; cell: (r: MinerRow) => string }[] = [
  { title: "uid", width: 4, align: "r", cell: (r) => String(r.uid) },
  { title: "behaviour", width: 9, align: "l", cell: (r) => r.behaviour },
  { title: "hotkey", width: 10, align: "l", cell: (r) => `${r.hotkey.slice(0, 4)}…${r.hotkey.slice(-4)}` },
  { title: "score", width: 6, align: "r", cell: (r) => fixed(r.score, 3) },
  { title: "quality", width: 7, align: "r", cell: (r) => fixed(r.quality, 3) },
  {
    title: "ok%",
    width: 4,
    align: "r",
    cell: (r) => (r.successRate === null ? "-" : String(Math.round(r.successRate * 100))),
  },
  { title: "copied", width: 6, align: "r", cell: (r) => String(r.copied) },
  {
    title: "latency",
    width: 8,
    align: "r",
    cell: (r) => (r.latencyMs === null ? "-" : `${r.latencyMs.toFixed(0)} ms`),
  },
  { title: "weight", width: 6, align: "r", cell: (r) => fixed(r.weight, 3) },
  { title: "on-chain", width: 8, align: "r", cell: (r) => fixed(r.chainWeight, 3) },
  { title: "incentive", width: 9, align: "r", cell: (r) => fixed(r.incentive, 3) },
];

function fixed(x: number | null, digits: number): string {
  return x === null || !Number.isFinite(x) ? "-" : x.toFixed(digits);
}

function pad(text: string, width: number, align: "l" | "r"): string {
  const cut = [...text].length > width ? `${[...text].slice(0, width - 1).join("")}…` : text;
  const fill = " ".repeat(Math.max(0, width - [...cut].length));
  return align === "l" ? cut + fill : fill + cut;
}

/** Renders the table as plain text lines (no colour codes, so it reads the same in a log file). */
export function renderTable(view: TableView): string[] {
  const header = COLUMNS.map((c) => pad(c.title, c.width, c.align)).join("  ");
  const rule = "-".repeat(header.length);
  const rows = [...view.rows]
    .sort((a, b) => a.uid - b.uid)
    .map((r) => COLUMNS.map((c) => pad(c.cell(r), c.width, c.align)).join("  "));
  return [
    `MiaoAI devnet  round ${view.round}/${view.rounds}  ${view.phase}`,
    rule,
    header,
    rule,
    ...rows,
    rule,
    ...view.notes,
  ];
}

/**
 * Draws the table in place on a terminal (cursor up over the previous drawing, clear to the end, draw), or
 * appends it when the output is not a TTY (CI logs, a pipe).
 */
export function liveTable(out: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }) {
  let drawn = 0;
  let last = "";
  return {
    draw(view: TableView): void {
      const lines = renderTable(view);
      const text = `${lines.join("\n")}\n`;
      if (out.isTTY) {
        out.write(`${drawn > 0 ? `\x1b[${drawn}A` : ""}\x1b[0J${text}`);
        drawn = lines.length;
      } else if (text !== last) {
        out.write(text);
      }
      last = text;
    },
    /** Forgets the drawing, so the next one starts below whatever was printed since. */
    release(): void {
      drawn = 0;
    },
  };
}
