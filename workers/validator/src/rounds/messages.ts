import { z } from "zod";
import { taskRequestSchema } from "../../../../shared/src/protocol";

/** The held-back answer carried with a task inside our own queue message (never sent to a miner). */
export const truthSchema = z.discriminatedUnion("taskType", [
  z.object({ taskType: z.literal("response_selection"), trueId: z.string() }),
  z.object({
    taskType: z.enum(["intent_classification", "sentiment", "product_image"]),
    label: z.string(),
    labels: z.array(z.string()),
  }),
]);

/** One miner's share of a dispatch batch: where to send, and the tasks with their truths. */
export const minerAssignmentSchema = z.object({
  uid: z.number().int().min(0),
  hotkey: z.string(),
  url: z.string().url(),
  tasks: z
    .array(
      z.object({
        item: z.string(),
        request: taskRequestSchema,
        truth: truthSchema,
        canonicalIds: z.record(z.string(), z.number().int()),
      }),
    )
    .min(1)
    .max(6),
});
export type MinerAssignment = z.infer<typeof minerAssignmentSchema>;

/**
 * A DISPATCH queue message: one batch of at most 6 requests (the platform's simultaneous-connection
 * limit per invocation), so one consumer invocation sends them all at once and never queues behind itself.
 */
export const dispatchMessageSchema = z.object({
  roundId: z.string(),
  batch: z.number().int().min(0),
  timeoutMs: z.number().int().min(100).max(60_000),
  maxResponseBytes: z.number().int().min(1_024),
  miners: z.array(minerAssignmentSchema).min(1).max(6),
});
export type DispatchMessage = z.infer<typeof dispatchMessageSchema>;

/** A canonical answer, for copy detection and honeypot checks across batches. */
export const fingerprintSchema = z.object({ answer: z.string(), full: z.string(), distinctive: z.boolean() });

/** One task's result: outcome kind, score parts, validator-measured latency and arrival, fingerprint. */
export const taskResultSchema = z.object({
  item: z.string(),
  kind: z.enum(["answered", "timeout", "unreachable", "http_error", "oversized", "unsigned", "invalid"]),
  score: z.number(),
  quality: z.number(),
  latencyFactor: z.number(),
  success: z.boolean(),
  latencyMs: z.number(),
  /** The dispatcher's clock (ms since the epoch) when the outcome was in: never a miner's timestamp. */
  receivedAt: z.number(),
  fingerprint: fingerprintSchema.nullable(),
});
export type TaskResult = z.infer<typeof taskResultSchema>;

/** A RESULTS queue message: what one dispatch invocation measured. */
export const batchResultSchema = z.object({
  roundId: z.string(),
  batch: z.number().int(),
  /** Outgoing fetches this invocation made (at most 6, all at once). */
  subrequests: z.number().int(),
  miners: z.array(z.object({ uid: z.number().int(), hotkey: z.string(), tasks: z.array(taskResultSchema) })),
});
export type BatchResult = z.infer<typeof batchResultSchema>;

/** Most requests one dispatch invocation may have in flight: Workers allow 6 simultaneous connections. */
export const MAX_CONCURRENT_FETCHES = 6;
