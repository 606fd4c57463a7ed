import { z } from "zod";
import { message, requestEnvelope, responseEnvelope } from "../envelope";
import { languageTagSchema, textSchema } from "../fields";

/** The fixed sentiment classes, in the order models emit them. */
export const SENTIMENT_LABELS = ["negative", "neutral", "positive"] as const;
export const sentimentLabelSchema = z.enum(SENTIMENT_LABELS);
export type SentimentLabel = z.infer<typeof sentimentLabelSchema>;

/** Sentiment: how does the customer feel in this message? */
export const sentimentRequestSchema = message({
  ...requestEnvelope,
  taskType: z.literal("sentiment"),
  language: languageTagSchema,
  text: textSchema,
});
export type SentimentRequest = z.infer<typeof sentimentRequestSchema>;

/** The chosen class and a probability for each of the three. */
export const sentimentResponseSchema = message({
  ...responseEnvelope,
  taskType: z.literal("sentiment"),
  label: sentimentLabelSchema,
  probabilities: z.strictObject({
    negative: z.number().min(0).max(1),
    neutral: z.number().min(0).max(1),
    positive: z.number().min(0).max(1),
  }),
});
export type SentimentResponse = z.infer<typeof sentimentResponseSchema>;
