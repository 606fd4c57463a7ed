import type { Hono } from "hono";
import { expectedIncentiveView } from "../../yuma/expected-incentive-view";
import type { AppEnv } from "../context";
import { errorBody } from "../context";

/**
 * `GET /v1/weights/preview`: the weight vector the validator would set now and each uid's expected
 * incentive from it (Yuma epoch on the chain's snapshot, or the fixture with zero bonds), with our
 * expected dividends and the assumption behind them. 503 while no preview can be made (no metagraph yet,
 * nothing scored under the skip policy, chain unreachable), naming why.
 */
export function registerWeightsPreviewRoute(app: Hono<AppEnv>): void {
  app.get("/v1/weights/preview", async (c) => {
    const view = await expectedIncentiveView(c.get("deps"), c.env);
    if (view.kind === "unavailable") return c.json(errorBody(view.reason, view.detail), 503);
    const { kind: _kind, ...body } = view;
    return c.json({ expectedIncentive: body });
  });
}
