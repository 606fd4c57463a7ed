import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../../shared/src/config";
import { textSource } from "../../../../shared/src/data/byte-source";
import { bankTaskSource } from "./bank-task-source";
import { parseTaskSourceEnv } from "./task-source-config";

const LABELS = ["pool_refund", "pool_track", "pool_cancel", "pool_size"];
const jsonl = Array.from({ length: 24 }, (_, i) =>
  JSON.stringify({ kind: "intent", language: "en", text: `pool sentence number ${i}`, label: LABELS[i % 4] }),
).join("\n");
const SPEC = {
  name: "shop-intents",
  format: "jsonl" as const,
  location: "https://data.example/intents.jsonl",
};

describe("TASK_POOLS", () => {
  it("parses a JSON array of pool specs with http(s) locations", () => {
    const options = parseTaskSourceEnv({ TASK_POOLS: JSON.stringify([{ ...SPEC, maxItems: 100 }]) });
    expect(options.pools).toEqual([{ ...SPEC, maxItems: 100 }]);
    expect(parseTaskSourceEnv({}).pools).toEqual([]);
  });

  it("refuses bad values, naming the variable and what was wrong", () => {
    const bad: [string, RegExp][] = [
      ["{not json", /TASK_POOLS: must be a JSON array/],
      [
        JSON.stringify([{ ...SPEC, location: "/srv/data/intents.jsonl" }]),
        /TASK_POOLS\.0\.location: must be an http\(s\) URL/,
      ],
      [JSON.stringify([{ ...SPEC, format: "csv" }]), /TASK_POOLS\.0\.format/],
      [JSON.stringify([SPEC, SPEC]), /pool names must be unique/],
      [JSON.stringify(Array.from({ length: 9 }, (_, i) => ({ ...SPEC, name: `p${i}` }))), /at most 8 pools/],
    ];
    for (const [value, message] of bad) {
      const error = (() => {
        try {
          parseTaskSourceEnv({ TASK_POOLS: value });
        } catch (e) {
          return e;
        }
      })();
      expect(error, value).toBeInstanceOf(ConfigError);
      expect(String((error as Error).message), value).toMatch(message);
    }
  });
});

describe("the Worker's task bank with a dataset pool", () => {
  const drawMany = (source: ReturnType<typeof bankTaskSource>, round: string) => {
    const draw = source.openRound(round);
    return Array.from({ length: 200 }, (_, slot) => draw(slot, "5Fminer", 4_000));
  };

  it("loads the pool once before rounds, then draws its items with their labels as truth", async () => {
    const opened: string[] = [];
    const source = bankTaskSource(
      { seed: "pool-test-seed-0123456789", taskTypes: ["intent_classification"], pools: [SPEC] },
      async (location) => {
        opened.push(location);
        return textSource(location, jsonl);
      },
    );
    expect(drawMany(source, "before").some((t) => t.item.startsWith("pool:"))).toBe(false);
    await source.ready?.();
    await source.ready?.();
    expect(opened).toEqual([SPEC.location]);
    expect(source.pools?.()).toEqual([{ name: "shop-intents", taskType: "intent_classification", size: 24 }]);
    const fromPool = drawMany(source, "after").filter((t) => t.item.startsWith("pool:shop-intents:"));
    expect(fromPool.length).toBeGreaterThan(20);
    for (const t of fromPool) {
      if (t.request.taskType !== "intent_classification" || t.truth.taskType !== "intent_classification")
        throw new Error("pool items here are intents");
      expect(t.request.text).toMatch(/^pool sentence number \d+$/);
      expect(LABELS).toContain(t.truth.label);
      expect(t.request.labels).toContain(t.truth.label);
    }
  });

  it("keeps drawing from the generator when a pool cannot be fetched, and retries on the next round", async () => {
    let attempts = 0;
    const source = bankTaskSource(
      { seed: "pool-test-seed-0123456789", taskTypes: ["intent_classification"], pools: [SPEC] },
      async (location) => {
        attempts++;
        if (attempts === 1) throw new Error("GET https://data.example/intents.jsonl answered 503");
        return textSource(location, jsonl);
      },
    );
    await source.ready?.();
    expect(source.pools?.()).toEqual([]);
    const first = drawMany(source, "r1");
    expect(first).toHaveLength(200);
    expect(first.some((t) => t.item.startsWith("pool:"))).toBe(false);
    await source.ready?.();
    expect(attempts).toBe(2);
    expect(drawMany(source, "r2").some((t) => t.item.startsWith("pool:shop-intents:"))).toBe(true);
  });
});
