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

const app = createApp();

/** The validator Worker: HTTP API and dashboard, the round and weights crons, and the two queue consumers. */
export default {
  fetch: app.fetch,

  async scheduled(controller, env) {
    const outcome = await handleCron(getDeps(env), env, controller.cron, Date.now());
    console.log(
      `cron '${controller.cron}': ${JSON.stringify(outcome && "kind" in outcome ? outcome : (outcome?.record ?? null))}`,
    );
  },

  async queue(batch, env) {
    const deps = getDeps(env);
    if (batch.queue.startsWith(DISPATCH_QUEUE_PREFIX)) return handleDispatch(deps, env, batch);
    if (batch.queue.startsWith(RESULTS_QUEUE_PREFIX)) return handleResults(deps, batch, Date.now());
    console.error(`no consumer for queue '${batch.queue}'`);
    batch.ackAll();
  },
} satisfies ExportedHandler<Env>;
