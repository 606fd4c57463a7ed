import { z } from "zod";
import {
  intentClassificationRequestSchema,
  intentClassificationResponseSchema,
} from "./tasks/intent-classification";
import { productImageRequestSchema, productImageResponseSchema } from "./tasks/product-image";
import { responseSelectionRequestSchema, responseSelectionResponseSchema } from "./tasks/response-selection";
import { sentimentRequestSchema, sentimentResponseSchema } from "./tasks/sentiment";

/** Every task type of the protocol, in one place. */
export const TASK_TYPES = [
  "response_selection",
  "intent_classification",
  "sentiment",
  "product_image",
] as const;
export const taskTypeSchema = z.enum(TASK_TYPES);
export type TaskType = z.infer<typeof taskTypeSchema>;

/** Any task request, told apart by `taskType`. */
export const taskRequestSchema = z.discriminatedUnion("taskType", [
  responseSelectionRequestSchema,
  intentClassificationRequestSchema,
  sentimentRequestSchema,
  productImageRequestSchema,
]);
export type TaskRequest = z.infer<typeof taskRequestSchema>;

/** Any task response, told apart by `taskType`. */
export const taskResponseSchema = z.discriminatedUnion("taskType", [
  responseSelectionResponseSchema,
  intentClassificationResponseSchema,
  sentimentResponseSchema,
  productImageResponseSchema,
]);
export type TaskResponse = z.infer<typeof taskResponseSchema>;

/** The request and response schema of each task type, for routes that serve a single type. */
export const taskSchemas = {
  response_selection: { request: responseSelectionRequestSchema, response: responseSelectionResponseSchema },
  intent_classification: {
    request: intentClassificationRequestSchema,
    response: intentClassificationResponseSchema,
  },
  sentiment: { request: sentimentRequestSchema, response: sentimentResponseSchema },
  product_image: { request: productImageRequestSchema, response: productImageResponseSchema },
} as const satisfies Record<TaskType, { request: z.ZodType; response: z.ZodType }>;

/** The request type of one task type. */
export type RequestOf<T extends TaskType> = Extract<TaskRequest, { taskType: T }>;
/** The response type of one task type. */
export type ResponseOf<T extends TaskType> = Extract<TaskResponse, { taskType: T }>;

/** The error body a miner or validator returns with a 4xx/5xx. */
export const errorBodySchema = z.strictObject({
  error: z.strictObject({ code: z.string().max(64), message: z.string().max(1_000) }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
