import { readBanking77 } from "../data/banking77";
import { readBitext } from "../data/bitext";
import type { NamedSource } from "../data/byte-source";
import { readEdc } from "../data/edc";
import { readJsonlTasks } from "../data/jsonl-tasks";
import { readIdxImages } from "../data/mnist-idx";
import { readXsid } from "../data/xsid";
import { LIMITS } from "../protocol/limits";
import type { DialogueTurn } from "../protocol/tasks/response-selection";
import type { BankItem } from "./bank-item";
import { FASHION_CLASSES } from "./fashion-classes";
import { createRng, seedFrom } from "./seeded-random";

/** A bounded, indexable set of items from one dataset, all of one task type. */
export interface ItemPool {
  name: string;
  taskType: BankItem["taskType"];
  size: number;
  item(index: number): BankItem;
}

/** The dataset formats a pool can be loaded from (see shared/src/data). */
export type PoolFormat = "edc" | "bitext" | "banking77" | "xsid" | "jsonl" | "fashion-mnist";

/** How many items a pool keeps (reservoir-sampled, so memory is bounded whatever the file size). */
export interface PoolOptions {
  name: string;
  maxItems?: number;
  seed?: number;
  /** Language of text datasets that do not say (EDC: zh, Bitext/banking77: en, xSID: from the file name). */
  language?: string;
}

const DEFAULT_MAX_ITEMS = 5_000;
/** Negatives stored per dialogue item; a request draws its distractors from these. */
const NEGATIVES_PER_ITEM = 30;

/** Turns any protocol-invalid label (`weather/find`, `BookRestaurant`) into a valid one (`weather.find`). */
export function toLabel(raw: string): string {
  const label = raw
    .trim()
    .toLowerCase()
    .replace(/\//g, ".")
    .replace(/[^a-z0-9_.-]+/g, "_")
    .replace(/^[^a-z0-9]+/, "")
    .slice(0, LIMITS.labelChars);
  return label || "unknown";
}

const clip = (text: string) => text.slice(0, LIMITS.textChars);

/**
 * Streams a dataset into a pool by reservoir sampling (Vitter's algorithm R), holding at most `maxItems`.
 * EDC keeps positive lines (label 1) as dialogues; other dialogues' responses serve as negatives.
 */
export async function loadPool(
  format: PoolFormat,
  source: NamedSource,
  opts: PoolOptions,
  labels?: NamedSource,
): Promise<ItemPool> {
  const max = opts.maxItems ?? DEFAULT_MAX_ITEMS;
  const rng = createRng(opts.seed ?? seedFrom(opts.name));
  const kept: BankItem[] = [];
  let seen = 0;
  const offer = (item: BankItem) => {
    seen++;
    if (kept.length < max) kept.push(item);
    else {
      const j = rng.int(seen);
      if (j < max) kept[j] = item;
    }
  };
  const lang = opts.language;
  switch (format) {
    case "edc":
      for await (const x of readEdc(source)) {
        if (x.label !== 1) continue;
        const turns: DialogueTurn[] = x.context.slice(-LIMITS.turns).map((t, i, all) => ({
          // EDC alternates customer/agent and ends on the customer's turn.
          speaker: (all.length - 1 - i) % 2 === 0 ? "customer" : "agent",
          text: clip(t.trim() || "…"),
        }));
        offer({
          taskType: "response_selection",
          language: lang ?? "zh",
          turns,
          response: clip(x.response.trim() || "…"),
          negatives: [],
        });
      }
      return dialoguePool(opts.name, kept);
    case "bitext":
      for await (const x of readBitext(source)) offer(intentItem(x.text, x.intent, lang ?? "en"));
      break;
    case "banking77":
      for await (const x of readBanking77(source)) offer(intentItem(x.text, x.label, lang ?? "en"));
      break;
    case "xsid":
      for await (const x of readXsid(source))
        offer(intentItem(x.text, x.intent, lang ?? source.name.split(".")[0] ?? "en"));
      break;
    case "jsonl":
      for await (const r of readJsonlTasks(source)) {
        if (r.kind === "intent") offer(intentItem(r.text, r.label, r.language));
        else if (r.kind === "sentiment")
          offer({ taskType: "sentiment", language: r.language, text: r.text, label: r.label });
        else if (r.kind === "dialogue")
          offer({
            taskType: "response_selection",
            language: r.language,
            turns: r.turns,
            response: r.response,
            negatives: r.negatives ?? [],
          });
      }
      break;
    case "fashion-mnist":
      if (!labels) throw new TypeError("fashion-mnist pools need the labels file too");
      for await (const x of readIdxImages(source, labels)) {
        const label = FASHION_CLASSES[x.label];
        if (label)
          offer({
            taskType: "product_image",
            label,
            categories: FASHION_CLASSES,
            pixels: x.pixels,
            width: x.width,
            height: x.height,
          });
      }
      break;
  }
  if (kept[0]?.taskType === "response_selection") return dialoguePool(opts.name, kept);
  return withLabelSets(opts.name, kept);
}

function intentItem(text: string, rawLabel: string, language: string): BankItem {
  return {
    taskType: "intent_classification",
    language,
    text: clip(text),
    label: toLabel(rawLabel),
    labels: [],
  };
}

// Intent items get the pool's full label set (as seen in the sample), capped at the protocol's label limit.
function withLabelSets(name: string, items: BankItem[]): ItemPool {
  const labels = [
    ...new Set(items.flatMap((i) => (i.taskType === "intent_classification" ? [i.label] : []))),
  ].sort();
  const capped = labels.slice(0, LIMITS.labels);
  const usable = items.filter((i) => i.taskType !== "intent_classification" || capped.includes(i.label));
  const types = new Set(usable.map((i) => i.taskType));
  if (types.size > 1)
    throw new TypeError(`pool ${name} mixes task types (${[...types].join(", ")}); split it`);
  const first = usable[0];
  if (!first) throw new TypeError(`pool ${name} is empty`);
  return {
    name,
    taskType: first.taskType,
    size: usable.length,
    item: (i) => {
      const it = usable[i] as BankItem;
      return it.taskType === "intent_classification" ? { ...it, labels: capped } : it;
    },
  };
}

// Dialogue negatives come from other items' responses, chosen by index so they need no extra memory.
function dialoguePool(name: string, items: BankItem[]): ItemPool {
  if (items.length < 2) throw new TypeError(`pool ${name} needs at least 2 dialogues`);
  return {
    name,
    taskType: "response_selection",
    size: items.length,
    item: (i) => {
      const it = items[i] as Extract<BankItem, { taskType: "response_selection" }>;
      const rng = createRng(seedFrom(name, i));
      const negatives: string[] = [...it.negatives];
      for (let k = 0; k < NEGATIVES_PER_ITEM * 2 && negatives.length < NEGATIVES_PER_ITEM; k++) {
        const other = items[rng.int(items.length)] as Extract<BankItem, { taskType: "response_selection" }>;
        if (other.response !== it.response && !negatives.includes(other.response))
          negatives.push(other.response);
      }
      return { ...it, negatives };
    },
  };
}
