import type { TaskType } from "./messages";

/**
 * The miner's task route as a pattern: `:taskType` stands for the request's task type. Validators append
 * it to an axon's base URL; the miner registers one route per task type (docs/protocol.md).
 */
export const TASK_ROUTE_PATTERN = "/v1/tasks/:taskType";

/** The path of a task type's route: `POST /v1/tasks/<task_type>`. */
export const taskPath = (taskType: TaskType): string => TASK_ROUTE_PATTERN.replace(":taskType", taskType);
