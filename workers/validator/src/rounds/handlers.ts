import type { Deps } from "../deps";
import type { Env } from "../env";
import { collectResults } from "./collect-results";
import { computeWeights } from "./compute-weights";
import { dispatchBatch } from "./dispatch-batch";
import { finalizeRound } from "./finalize-round";
import { type BatchResult, batchResultSchema, dispatchMessageSchema } from "./messages";
import { planRound } from "./plan-round";

/** Queue names start with these; environments add a suffix (`miaoai-dispatch-testnet`). */
export const DISPATCH_QUEUE_PREFIX = "miaoai-dispatch";
export const RESULTS_QUEUE_PREFIX = "miaoai-results";

/** Retry delay for the n-th attempt: 2, 4, 8, ... capped at 60 s. */
export function backoffSeconds(attempts: number): number {
  return Math.min(60, 2 ** Math.max(1, attempts));
}

const finalizer = (deps: Deps) => (roundId: string, now: number) =>
  finalizeRound({ store: deps.store, settings: deps.config.round }, roundId, now);

/** The round cron or the weights cron, chosen by the cron string. */
export async function handleCron(deps: Deps, env: Env, cron: string, now: number) {
  if (cron === deps.config.crons.round) {
    return planRound(
      {
        store: deps.store,
        metagraphSource: deps.metagraphSource,
        taskSource: deps.taskSource,
        dispatch: env.DISPATCH_QUEUE,
        settings: deps.config.round,
        selfHotkey: deps.signer.ss58,
        finalizeRound: finalizer(deps),
      },
      now,
    );
  }
  if (cron === deps.config.crons.weights) {
    return computeWeights({ store: deps.store, nothingScored: deps.config.round.nothingScored }, now);
  }
  console.warn(`no handler for cron '${cron}'`);
  return null;
}

/**
 * DISPATCH consumer: each message is one batch of at most 6 requests, dispatched and acked one by one;
 * its results go to the RESULTS queue. A malformed message is acked (retrying cannot fix it); a
 * failure to enqueue results is retried with backoff.
 */
export async function handleDispatch(deps: Deps, env: Env, batch: MessageBatch<unknown>): Promise<void> {
  for (const message of batch.messages) {
    const parsed = dispatchMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      console.error(`dropping malformed dispatch message ${message.id}`);
      message.ack();
      continue;
    }
    try {
      const { transport, subrequests } = await deps.newTransport();
      const scoring = {
        latency: deps.config.round.latency,
        classification: deps.config.round.classification,
      };
      const result = await dispatchBatch({ transport, scoring, subrequests }, parsed.data);
      await env.RESULTS_QUEUE.send(result, { contentType: "json" });
      message.ack();
    } catch (error) {
      console.error(`dispatch batch failed: ${error instanceof Error ? error.message : String(error)}`);
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

/** RESULTS consumer: stores the whole batch in one request and finalizes rounds that are complete. */
export async function handleResults(deps: Deps, batch: MessageBatch<unknown>, now: number): Promise<void> {
  const results: BatchResult[] = [];
  const valid: Message<unknown>[] = [];
  for (const message of batch.messages) {
    const parsed = batchResultSchema.safeParse(message.body);
    if (parsed.success) {
      results.push(parsed.data);
      valid.push(message);
    } else {
      console.error(`dropping malformed results message ${message.id}`);
      message.ack();
    }
  }
  try {
    await collectResults({ store: deps.store, finalizeRound: finalizer(deps) }, results, now);
    for (const m of valid) m.ack();
  } catch (error) {
    console.error(`storing results failed: ${error instanceof Error ? error.message : String(error)}`);
    for (const m of valid) m.retry({ delaySeconds: backoffSeconds(m.attempts) });
  }
}
