// First: starts @polkadot/wasm-crypto from the bundled module before anything imports @polkadot/util-crypto.
import "./crypto/sr25519";
import { getDeps } from "./deps";
import type { Env } from "./env";
import { createApp } from "./http/app";
import {
  DISPATCH_QUEUE_PREFIX,
  handleCron,
  handleDispatch,
  handleResults,
  RESULTS_QUEUE_PREFIX,
} from "./rounds/handlers";
import { runWeightSetter } from "./weights/weight-setter";

const app = createApp();

/** The validator Worker: HTTP API and dashboard, the round and weights crons, and the two queue consumers. */
export default {
  fetch: app.fetch,

  async scheduled(controller, env) {
    const deps = getDeps(env);
    const outcome = await handleCron(deps, env, controller.cron, Date.now());
    console.log(
      `cron '${controller.cron}': ${JSON.stringify(outcome && "kind" in outcome ? outcome : (outcome?.record ?? null))}`,
    );
    if (controller.cron === deps.config.crons.weights) {
      // The tick's time is the cron's scheduled time (drand reveal rounds are computed from it).
      const report = await runWeightSetter(deps.weightSetter, controller.scheduledTime);
      const detail = "message" in report ? ` (${report.message})` : "";
      console.log(
        `weight setter: ${report.kind}${"steps" in report ? ` ${report.steps.join("; ")}` : ""}${detail}`,
      );
    }
  },

  async queue(batch, env) {
    const deps = getDeps(env);
    if (batch.queue.startsWith(DISPATCH_QUEUE_PREFIX)) return handleDispatch(deps, env, batch);
    if (batch.queue.startsWith(RESULTS_QUEUE_PREFIX)) return handleResults(deps, batch, Date.now());
    console.error(`no consumer for queue '${batch.queue}'`);
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
