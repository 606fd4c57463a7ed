import { z } from "zod";
import { message, requestEnvelope, responseEnvelope } from "../envelope";
import { labelSchema, labelSetSchema, languageTagSchema, probabilitiesSchema, textSchema } from "../fields";

/** Intent classification: which of the allowed intents does the customer's message express? */
export const intentClassificationRequestSchema = message({
  ...requestEnvelope,
  taskType: z.literal("intent_classification"),
  language: languageTagSchema,
  text: textSchema,
  labels: labelSetSchema,
});
export type IntentClassificationRequest = z.infer<typeof intentClassificationRequestSchema>;

/** The chosen intent and a probability for every allowed intent. */
export const intentClassificationResponseSchema = message({
  ...responseEnvelope,
  taskType: z.literal("intent_classification"),
  label: labelSchema,
  probabilities: probabilitiesSchema,
});
export type IntentClassificationResponse = z.infer<typeof intentClassificationResponseSchema>;
