import { z } from "zod";
import { LIMITS } from "./limits";
import { PROTOCOL_VERSION } from "./version";

/** The version literal every message carries. */
export const protocolVersionSchema = z.literal(PROTOCOL_VERSION);

/** A task id chosen by the validator: opaque, URL-safe, short. */
export const taskIdSchema = z
  .string()
  .min(1)
  .max(LIMITS.taskIdChars)
  .regex(/^[A-Za-z0-9_-]+$/, "task id may only hold letters, digits, '_' and '-'")
  .brand<"TaskId">();
export type TaskId = z.infer<typeof taskIdSchema>;

/**
 * A BCP-47 language tag (`en`, `zh-Hans`, `pt-BR`, `sr-Latn-RS`). The grammar is checked loosely (subtags of
 * letters and digits); which languages a miner serves is its own business.
 */
export const languageTagSchema = z
  .string()
  .max(LIMITS.languageTagChars)
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, "expected a BCP-47 language tag such as 'en' or 'zh-Hans'");
export type LanguageTag = z.infer<typeof languageTagSchema>;

/** User-facing text: non-empty and bounded. */
export const textSchema = z.string().min(1).max(LIMITS.textChars);

/** A class label such as `order_status` or `positive`. */
export const labelSchema = z
  .string()
  .min(1)
  .max(LIMITS.labelChars)
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, "labels are lowercase letters, digits, '_', '.' or '-'");
export type Label = z.infer<typeof labelSchema>;

/** A list of distinct labels, the classes a classifier must choose from. */
export const labelSetSchema = z
  .array(labelSchema)
  .min(2)
  .max(LIMITS.labels)
  .refine((labels) => new Set(labels).size === labels.length, "labels must be distinct");

/**
 * A probability for each label. Values are in [0, 1]; that they cover the request's labels and sum to ~1 is
 * checked against the request by `checkResponseAgainstRequest`, since a response alone cannot know.
 */
export const probabilitiesSchema = z
  .record(labelSchema, z.number().min(0).max(1))
  .refine((p) => Object.keys(p).length <= LIMITS.labels, `at most ${LIMITS.labels} probabilities`);
export type Probabilities = z.infer<typeof probabilitiesSchema>;

/** How long the validator waits for the answer; miners may use it to shed work they cannot finish. */
export const deadlineMsSchema = z.number().int().min(LIMITS.minDeadlineMs).max(LIMITS.maxDeadlineMs);
