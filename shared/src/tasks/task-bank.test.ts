import { describe, expect, it } from "vitest";
import { decodePng } from "../../../miner/src/inference/featurize/png-decode";
import { textSource } from "../data/byte-source";
import { taskRequestSchema } from "../protocol/messages";
import { FASHION_CLASSES } from "./fashion-classes";
import { groundTruthSchema, type ItemKey } from "./ground-truth";
import { loadPool, toLabel } from "./item-pool";
import { GENERATED_INTENTS, GENERATED_LANGUAGES } from "./lexicon";
import { createTaskBank, NoSourceError, UnknownItemError } from "./task-bank";

const bank = createTaskBank({ seed: "test-secret" });
const opts = (slot: number, minerSeed = "5Fminer", round = 3) => ({ round, slot, minerSeed });

describe("createTaskBank with the built-in generator", () => {
  it("draws protocol-valid requests of all four types with valid, separate ground truth", () => {
    const types = new Set<string>();
    for (let slot = 0; slot < 200; slot++) {
      const d = bank.draw(opts(slot));
      expect(taskRequestSchema.safeParse(d.request).success).toBe(true);
      expect(groundTruthSchema.safeParse(d.truth).success).toBe(true);
      expect(d.truth.taskType).toBe(d.request.taskType);
      expect(Object.keys(d.request)).not.toContain("label");
      expect(Object.keys(d.request)).not.toContain("truth");
      types.add(d.request.taskType);
    }
    expect([...types].sort()).toEqual([
      "intent_classification",
      "product_image",
      "response_selection",
      "sentiment",
    ]);
  });

  it("covers every generated language and intent", () => {
    const langs = new Set<string>();
    const intents = new Set<string>();
    for (let slot = 0; slot < 400; slot++) {
      const d = bank.draw({ ...opts(slot), taskType: "intent_classification" });
      if (d.request.taskType === "intent_classification") langs.add(d.request.language);
      if (d.truth.taskType === "intent_classification") intents.add(d.truth.label);
    }
    expect([...langs].sort()).toEqual([...GENERATED_LANGUAGES].sort());
    expect([...intents].sort()).toEqual([...GENERATED_INTENTS].sort());
  });

  it("is deterministic, and gives each miner the same item in its own surface form", () => {
    const a = bank.draw({ ...opts(7), taskType: "response_selection" });
    expect(bank.draw({ ...opts(7), taskType: "response_selection" })).toEqual(a);
    const b = bank.draw({ ...opts(7, "5Fother"), taskType: "response_selection" });
    expect(b.itemKey).toBe(a.itemKey);
    expect(b.request.taskId).not.toBe(a.request.taskId);
    if (a.request.taskType !== "response_selection" || b.request.taskType !== "response_selection")
      throw new Error("type");
    const idsA = a.request.candidates.map((c) => c.id);
    const idsB = b.request.candidates.map((c) => c.id);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    expect(a.request.candidates).toHaveLength(10);
    const correct = (d: typeof a) =>
      d.request.taskType === "response_selection" && d.truth.taskType === "response_selection"
        ? d.request.candidates.find((c) => c.id === (d.truth as { correctId: string }).correctId)
        : undefined;
    expect(correct(a)).toBeDefined();
    expect(correct(b)).toBeDefined();
  });

  it("numbers candidates canonically: the same set for every miner, 0 the true reply, never sent", () => {
    for (let slot = 0; slot < 20; slot++) {
      const a = bank.draw({ ...opts(slot), taskType: "response_selection" });
      const b = bank.draw({ ...opts(slot, "5Fother"), taskType: "response_selection" });
      if (a.request.taskType !== "response_selection" || a.truth.taskType !== "response_selection")
        throw new Error("type");
      expect(Object.keys(a.candidateKeys).sort()).toEqual(a.request.candidates.map((c) => c.id).sort());
      expect(a.candidateKeys[a.truth.correctId]).toBe(0);
      expect(new Set(Object.values(a.candidateKeys)).size).toBe(10);
      // Which distractors are shown belongs to the item; ids, order and wording to the miner.
      expect(Object.values(b.candidateKeys).sort()).toEqual(Object.values(a.candidateKeys).sort());
      const again = bank.reissue(a.itemKey, opts(slot, "5Fthird"));
      expect(Object.values(again.candidateKeys).sort()).toEqual(Object.values(a.candidateKeys).sort());
      expect(JSON.stringify(a.request)).not.toContain("candidateKeys");
    }
    const c = bank.draw({ ...opts(3), taskType: "sentiment" });
    expect(c.candidateKeys).toEqual({});
  });

  it("writes hard negatives: distractors share the dialogue's order number or product", () => {
    let sharing = 0;
    let total = 0;
    for (let slot = 0; slot < 30; slot++) {
      const d = bank.draw({ ...opts(slot), taskType: "response_selection", language: "en" });
      if (d.request.taskType !== "response_selection" || d.truth.taskType !== "response_selection") continue;
      const ask = d.request.turns[d.request.turns.length - 1]?.text ?? "";
      const order = /\d{6,}/.exec(ask)?.[0];
      for (const c of d.request.candidates) {
        if (c.id === d.truth.correctId) continue;
        total++;
        if (
          (order && c.text.includes(order)) ||
          /earbuds|shoes|jacket|maker|case|mat|backpack|lamp/.test(c.text)
        )
          sharing++;
      }
    }
    expect(sharing / total).toBeGreaterThan(0.5);
  });

  it("encodes product images as real PNGs with the true class among the categories", () => {
    const d = bank.draw({ ...opts(1), taskType: "product_image" });
    if (d.request.taskType !== "product_image" || d.truth.taskType !== "product_image")
      throw new Error("type");
    const png = Uint8Array.from(atob(d.request.image.data), (c) => c.charCodeAt(0));
    const img = decodePng(png);
    expect([img.width, img.height]).toEqual([28, 28]);
    expect(img.data.some((v) => v > 0)).toBe(true);
    expect(d.request.categories).toContain(d.truth.label);
    expect([...d.request.categories].sort()).toEqual([...FASHION_CLASSES].sort());
  });

  it("re-issues an item with new ids and the same answer", () => {
    const d = bank.draw({ ...opts(11), taskType: "intent_classification" });
    const again = bank.reissue(d.itemKey, opts(99));
    expect(again.itemKey).toBe(d.itemKey);
    expect(again.truth).toEqual(d.truth);
    expect(again.request.taskId).not.toBe(d.request.taskId);
    expect(() => bank.reissue("pool:nothing:0" as ItemKey, opts(1))).toThrow(UnknownItemError);
  });

  it("honours a language filter and refuses what it cannot serve", () => {
    const d = bank.draw({ ...opts(2), taskType: "sentiment", language: "ko" });
    expect(d.request.taskType === "sentiment" && d.request.language).toBe("ko");
    expect(() => bank.draw({ ...opts(2), taskType: "sentiment", language: "xx" })).toThrow(NoSourceError);
    const noGen = createTaskBank({ seed: "s", generator: { enabled: false } });
    expect(() => noGen.draw(opts(0))).toThrow(NoSourceError);
  });
});

describe("dataset pools", () => {
  const banking = [
    "text,category",
    ...Array.from({ length: 40 }, (_, i) => `query number ${i},${i % 2 ? "card_arrival" : "Top/Up"}`),
  ].join("\n");

  it("loads a pool, normalizes labels, and repeats no item within a pass", async () => {
    const pool = await loadPool("banking77", textSource("b77.csv", banking), { name: "b77" });
    expect(pool.size).toBe(40);
    const b = createTaskBank({ seed: "x", pools: [pool], generator: { enabled: false } });
    const keys = new Set<string>();
    for (let slot = 0; slot < 40; slot++) {
      const d = b.draw(opts(slot, "m", 0));
      keys.add(d.itemKey);
      if (d.request.taskType === "intent_classification")
        expect([...d.request.labels].sort()).toEqual(["card_arrival", "top.up"]);
    }
    expect(keys.size).toBe(40);
    expect(toLabel("weather/find")).toBe("weather.find");
    expect(toLabel("BookRestaurant")).toBe("bookrestaurant");
  });

  it("keeps at most maxItems from a stream (reservoir sampling)", async () => {
    const pool = await loadPool("banking77", textSource("b77.csv", banking), { name: "small", maxItems: 5 });
    expect(pool.size).toBe(5);
  });

  it("turns EDC positives into dialogues whose distractors are other responses", async () => {
    const lines = Array.from({ length: 15 }, (_, i) => `1\t问题 ${i}\t回答 ${i}\t追问 ${i}\t回复 ${i}`).join(
      "\n",
    );
    const pool = await loadPool("edc", textSource("dev.txt", `${lines}\n0\tx\ty\n`), { name: "edc-dev" });
    expect(pool.size).toBe(15);
    const b = createTaskBank({ seed: "x", pools: [pool], generator: { enabled: false } });
    const d = b.draw(opts(0));
    if (d.request.taskType !== "response_selection" || d.truth.taskType !== "response_selection")
      throw new Error("type");
    expect(d.request.language).toBe("zh");
    expect(d.request.turns.map((t) => t.speaker)).toEqual(["customer", "agent", "customer"]);
    const truthText =
      d.request.candidates.find((c) => c.id === (d.truth as { correctId: string }).correctId)?.text ?? "";
    const n = /\d+/.exec(d.request.turns[0]?.text ?? "")?.[0];
    expect(truthText).toBe(`回复 ${n}`);
    expect(new Set(d.request.candidates.map((c) => c.text)).size).toBe(10);
  });
});

describe("pool specs", () => {
  it("loads a configured pool through an injected opener and refuses a bad spec", async () => {
    const { loadPoolFromSpec, poolSpecSchema } = await import("./pool-spec");
    const spec = poolSpecSchema.parse({
      name: "b77",
      format: "banking77",
      location: "mem://b77.csv",
      maxItems: 10,
    });
    const opened: string[] = [];
    const pool = await loadPoolFromSpec(spec, async (location) => {
      opened.push(location);
      return textSource(
        "b77.csv",
        "text,category\nwhere is my card,card_arrival\ntop up failed,top_up_failed\n",
      );
    });
    expect(opened).toEqual(["mem://b77.csv"]);
    expect(pool.size).toBe(2);
    expect(poolSpecSchema.safeParse({ name: "x y", format: "edc", location: "u" }).success).toBe(false);
  });
});

describe("JSONL dialogue pools", () => {
  it("fill missing negatives from other dialogues so every request has enough candidates", async () => {
    const lines = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({
        kind: "dialogue",
        language: "en",
        turns: [{ speaker: "customer", text: `question ${i}` }],
        response: `answer ${i}`,
      }),
    ).join("\n");
    const pool = await loadPool("jsonl", textSource("d.jsonl", lines), { name: "dlg" });
    const b = createTaskBank({ seed: "x", pools: [pool], generator: { enabled: false } });
    const d = b.draw(opts(0));
    expect(taskRequestSchema.safeParse(d.request).success).toBe(true);
    expect(d.request.taskType === "response_selection" && d.request.candidates.length).toBe(10);
  });
});
