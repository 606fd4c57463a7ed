import { z } from "zod";
import { metagraphSchema } from "../chain/metagraph";

/** One point of a miner's bounded history: round number, round quality, quality EMA, final score, time. */
export const historyPointSchema = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]);
export type HistoryPoint = z.infer<typeof historyPointSchema>;

/** Everything the validator keeps about one uid (one field of the miners hash). */
export const minerRecordSchema = z.object({
  uid: z.number().int(),
  hotkey: z.string(),
  quality: z.number(),
  trust: z.number(),
  rounds: z.number().int(),
  /** The blended final score (quality/trust/stake), what weights are computed from. */
  final: z.number(),
  lastRound: z.string(),
  lastQuality: z.number(),
  lastSuccessRate: z.number(),
  lastCopied: z.number().int(),
  lastHoneypot: z.number(),
  updatedAt: z.number(),
  history: z.array(historyPointSchema),
});
export type MinerRecord = z.infer<typeof minerRecordSchema>;

/** A cached metagraph snapshot with when and from where it was read. */
export const metagraphCacheSchema = z.object({
  snapshot: metagraphSchema,
  fetchedAt: z.number(),
  source: z.string(),
  /** Set while the chain cannot be read and this (older) snapshot stands in: chain/refresh-metagraph.ts. */
  readError: z.object({ at: z.number(), message: z.string() }).optional(),
});
export type MetagraphCache = z.infer<typeof metagraphCacheSchema>;

/** What the cron decided when it started a round. */
export const roundMetaSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  startedAt: z.number(),
  /** After this, a round still missing batches is finalized with what arrived. */
  deadlineAt: z.number(),
  expectedBatches: z.number().int(),
  miners: z.number().int(),
  tasks: z.number().int(),
  block: z.number().int(),
  strategy: z.string(),
  timeoutMs: z.number().int(),
});
export type RoundMeta = z.infer<typeof roundMetaSchema>;

/** A finalized round, as /v1/rounds/latest shows it. */
export const roundSummarySchema = roundMetaSchema.extend({
  finishedAt: z.number(),
  batchesDone: z.number().int(),
  partial: z.boolean(),
  outcomes: z.record(z.string(), z.number()),
  meanQuality: z.number(),
  copied: z.number().int(),
  /** Largest outgoing fetches any one dispatch invocation made (the platform allows 6 at once). */
  maxSubrequestsPerInvocation: z.number().int(),
  top: z.array(z.object({ uid: z.number(), quality: z.number(), final: z.number() })),
});
export type RoundSummary = z.infer<typeof roundSummarySchema>;

/** The last weight computation (the on-chain setter, issue 5, adds its decoded outcome). */
export const weightsRecordSchema = z.object({
  at: z.number(),
  block: z.number().int(),
  kind: z.enum(["weights", "skip"]),
  burned: z.boolean(),
  reason: z.string().optional(),
  weights: z.array(z.object({ uid: z.number().int(), weight: z.number() })),
});
export type WeightsRecord = z.infer<typeof weightsRecordSchema>;

/** Parses a JSON string with a schema; null on absence or any mismatch (state written by an older build). */
export function parseRecord<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> | null {
  if (typeof raw !== "string") return null;
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
