import { z } from "zod";
import { deadlineMsSchema, protocolVersionSchema, taskIdSchema } from "./fields";

/** Fields every task request carries, whatever its type. */
export const requestEnvelope = {
  protocolVersion: protocolVersionSchema,
  taskId: taskIdSchema,
  deadlineMs: deadlineMsSchema,
};

/** Fields every task response carries: the version and the id of the task it answers. */
export const responseEnvelope = {
  protocolVersion: protocolVersionSchema,
  taskId: taskIdSchema,
};

/** Builds the strict object schema of one message; unknown fields are refused, not silently dropped. */
export const message = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape);
