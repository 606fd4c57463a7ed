import { SENTIMENT_LABELS } from "../protocol/tasks/sentiment";
import type { BankItem } from "./bank-item";
import { FASHION_CLASSES } from "./fashion-classes";
import { GENERATED_INTENTS, type GeneratedIntent, LEXICONS, type Lexicon } from "./lexicon";
import { createRng, type Rng, seedFrom } from "./seeded-random";
import { drawSyntheticProduct } from "./synthetic-images";

/** The task types the built-in generator writes (all four). */
export type GeneratedTaskType = BankItem["taskType"];

/**
 * Writes one synthetic e-commerce customer-service item. `itemSeed` fixes what is asked (language, intent,
 * template, product, sentiment, image class); `surfaceSeed` fixes how it is said (greeting, politeness,
 * order number, date), so two miners can get the same item worded differently and the label stays true.
 * Response-selection negatives are other intents' replies in the same language filled with the same order
 * number and product, so word overlap alone does not find the answer.
 */
export function generateItem(
  taskType: GeneratedTaskType,
  itemSeed: number,
  surfaceSeed: number,
  language?: string,
): BankItem {
  const item = createRng(itemSeed);
  const surface = createRng(surfaceSeed);
  const lex = LEXICONS[language ?? item.pick(Object.keys(LEXICONS))] ?? (LEXICONS.en as Lexicon);
  const slots = fillSlots(lex, item, surface);
  switch (taskType) {
    case "intent_classification": {
      const intent = item.pick(GENERATED_INTENTS);
      const text = compose(lex, item.pick(lex.intents[intent].asks), slots, surface);
      return { taskType, language: lex.language, text, label: intent, labels: GENERATED_INTENTS };
    }
    case "sentiment": {
      const label = item.pick(SENTIMENT_LABELS);
      return {
        taskType,
        language: lex.language,
        text: compose(lex, item.pick(lex.sentiment[label]), slots, surface),
        label,
      };
    }
    case "response_selection":
      return generateDialogue(lex, item, surface, slots);
    case "product_image": {
      const cls = item.pick(FASHION_CLASSES);
      return {
        taskType,
        label: cls,
        categories: FASHION_CLASSES,
        pixels: drawSyntheticProduct(cls, item),
        width: 28,
        height: 28,
      };
    }
  }
}

function generateDialogue(lex: Lexicon, item: Rng, surface: Rng, slots: Record<string, string>): BankItem {
  const intent = item.pick(GENERATED_INTENTS);
  const ask = compose(lex, item.pick(lex.intents[intent].asks), slots, surface);
  const turns =
    surface.next() < 0.5
      ? [{ speaker: "customer" as const, text: ask }]
      : [
          { speaker: "customer" as const, text: surface.pick(lex.greetings.customer) },
          { speaker: "agent" as const, text: surface.pick(lex.greetings.agent) },
          { speaker: "customer" as const, text: ask },
        ];
  const response = fill(item.pick(lex.intents[intent].replies), slots);
  const negatives = GENERATED_INTENTS.filter((i: GeneratedIntent) => i !== intent).flatMap((i) =>
    lex.intents[i].replies.map((r) => fill(r, slots)),
  );
  return { taskType: "response_selection", language: lex.language, turns, response, negatives };
}

// Product is part of the item; order number, date and day count are surface (they never change the label).
function fillSlots(lex: Lexicon, item: Rng, surface: Rng): Record<string, string> {
  const digits = 6 + surface.int(5);
  const order = Array.from({ length: digits }, (_, i) =>
    i === 0 ? 1 + surface.int(9) : surface.int(10),
  ).join("");
  return {
    product: item.pick(lex.products),
    order: surface.next() < 0.3 ? `#${order}` : order,
    date: lex.date(surface.int(12), 1 + surface.int(28)),
    days: String(2 + surface.int(12)),
  };
}

function compose(lex: Lexicon, template: string, slots: Record<string, string>, surface: Rng): string {
  const body = fill(template, slots);
  const parts = [surface.pick(lex.prefixes), body, surface.pick(lex.suffixes)].filter((p) => p.length > 0);
  const text = parts.join(lex.joiner);
  return lex.joiner === " " && surface.next() < 0.5 ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

function fill(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => slots[k] ?? "");
}

/** Seeds for the n-th item of a generated split, so training and held-out sets never share an item seed. */
export function splitSeed(split: string, n: number): number {
  return seedFrom("miaoai-generator", split, n);
}
