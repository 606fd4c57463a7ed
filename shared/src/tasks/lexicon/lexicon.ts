import type { SentimentLabel } from "../../protocol/tasks/sentiment";

/** The customer-service intents the built-in generator writes, in label order. */
export const GENERATED_INTENTS = [
  "order_status",
  "refund",
  "shipping_delay",
  "product_question",
  "cancellation",
  "complaint",
  "payment_problem",
  "address_change",
] as const;
export type GeneratedIntent = (typeof GENERATED_INTENTS)[number];

/**
 * Everything the generator needs to write one language: slot fillers and templates. Templates use the slots
 * `{product}`, `{order}`, `{date}` and `{days}`; asks are customer messages, replies are agent answers.
 */
export interface Lexicon {
  language: string;
  products: readonly string[];
  prefixes: readonly string[];
  suffixes: readonly string[];
  /** Joins prefix, body and suffix (languages without spaces join with none). */
  joiner: string;
  greetings: { customer: readonly string[]; agent: readonly string[] };
  intents: Record<GeneratedIntent, { asks: readonly string[]; replies: readonly string[] }>;
  sentiment: Record<SentimentLabel, readonly string[]>;
  date(month: number, day: number): string;
}
