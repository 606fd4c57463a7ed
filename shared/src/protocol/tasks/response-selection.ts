import { z } from "zod";
import { message, requestEnvelope, responseEnvelope } from "../envelope";
import { languageTagSchema, textSchema } from "../fields";
import { LIMITS } from "../limits";

/** Who spoke a dialogue turn. */
export const speakerSchema = z.enum(["customer", "agent"]);

/** One turn of a customer-service dialogue. */
export const dialogueTurnSchema = z.strictObject({ speaker: speakerSchema, text: textSchema });
export type DialogueTurn = z.infer<typeof dialogueTurnSchema>;

/** A reply the miner may pick; ids are re-drawn by the validator for every request. */
export const candidateSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(LIMITS.candidateIdChars)
    .regex(/^[A-Za-z0-9_-]+$/, "candidate ids may only hold letters, digits, '_' and '-'"),
  text: textSchema,
});
export type Candidate = z.infer<typeof candidateSchema>;

/** Response selection: given the dialogue so far, rank the candidate replies best first. */
export const responseSelectionRequestSchema = message({
  ...requestEnvelope,
  taskType: z.literal("response_selection"),
  language: languageTagSchema,
  turns: z.array(dialogueTurnSchema).min(1).max(LIMITS.turns),
  candidates: z
    .array(candidateSchema)
    .min(2)
    .max(LIMITS.candidates)
    .refine((c) => new Set(c.map((x) => x.id)).size === c.length, "candidate ids must be distinct"),
});
export type ResponseSelectionRequest = z.infer<typeof responseSelectionRequestSchema>;

/** The candidate ids, best first. Must be a permutation of the request's ids (checked against it). */
export const responseSelectionResponseSchema = message({
  ...responseEnvelope,
  taskType: z.literal("response_selection"),
  ranking: z.array(candidateSchema.shape.id).min(1).max(LIMITS.candidates),
});
export type ResponseSelectionResponse = z.infer<typeof responseSelectionResponseSchema>;
