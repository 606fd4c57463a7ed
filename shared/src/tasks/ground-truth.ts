import { z } from "zod";
import { labelSchema } from "../protocol/fields";
import { candidateSchema } from "../protocol/tasks/response-selection";
import { sentimentLabelSchema } from "../protocol/tasks/sentiment";

/**
 * What the validator keeps to itself: the right answer to a drawn task. Never part of the request.
 * Response selection: the id of the true candidate; classifiers: the true label.
 */
export const groundTruthSchema = z.discriminatedUnion("taskType", [
  z.strictObject({ taskType: z.literal("response_selection"), correctId: candidateSchema.shape.id }),
  z.strictObject({ taskType: z.literal("intent_classification"), label: labelSchema }),
  z.strictObject({ taskType: z.literal("sentiment"), label: sentimentLabelSchema }),
  z.strictObject({ taskType: z.literal("product_image"), label: labelSchema }),
]);
export type GroundTruth = z.infer<typeof groundTruthSchema>;

/**
 * Names the underlying item of a task independently of its surface form (`gen:<type>:<seed>` or
 * `pool:<name>:<index>`), so a validator can re-issue it later with new ids as a consistency check.
 */
export const itemKeySchema = z
  .string()
  .max(200)
  .regex(/^(gen:[a-z_]+:\d+(:[a-z]{2,3})?|pool:[A-Za-z0-9._-]+:\d+)$/, "not a task-bank item key")
  .brand<"ItemKey">();
export type ItemKey = z.infer<typeof itemKeySchema>;
