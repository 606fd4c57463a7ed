import type { Hono } from "hono";
import { PROTOCOL_VERSION } from "../../../shared/src/protocol";
import type { MinerEnv } from "../http/context";
import { taskPath } from "./task-route";

/**
 * `GET /v1/info`: public facts a validator or operator needs: hotkey, protocol version, task types and their
 * routes, languages, model ids and content hashes, execution provider and hardware. Never secrets.
 */
export function registerInfoRoute(app: Hono<MinerEnv>): void {
  app.get("/v1/info", function infoHandler(c) {
    const deps = c.get("deps");
    const engine = deps.engine.describe();
    return c.json({
      hotkey: deps.signer.pair.ss58,
      protocolVersion: PROTOCOL_VERSION,
      engine: engine.kind,
      taskTypes: deps.engine.taskTypes.map((taskType) => ({
        taskType,
        path: taskPath(taskType),
        languages: [
          ...new Set(engine.models.filter((m) => m.taskType === taskType).flatMap((m) => m.languages)),
        ],
      })),
      models: engine.models,
      limits: c.get("limits"),
      ...deps.info,
    });
  });
}
