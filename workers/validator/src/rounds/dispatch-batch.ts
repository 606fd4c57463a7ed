import {
  type DispatchOutcome,
  fingerprintAnswer,
  scoreTask,
  type TaskScoring,
} from "../../../../shared/src/scoring";
import type { MinerTransport } from "../dispatch/miner-transport";
import { type BatchResult, type DispatchMessage, MAX_CONCURRENT_FETCHES, type TaskResult } from "./messages";

/** What a dispatch invocation needs. */
export type DispatchDeps = {
  transport: MinerTransport;
  scoring: Omit<TaskScoring, "timeoutMs">;
  /** Outgoing fetches made so far by this invocation (from a counting fetch). */
  subrequests: () => number;
  /** The validator's clock, read when each answer is in (default `Date.now`). */
  now?: () => number;
};

/**
 * Dispatches one batch (at most 6 requests, all in flight at once) and scores every answer against its
 * held-back truth. Each answer is stamped with the validator's clock as it comes in (`receivedAt`), which
 * copy detection uses to tell the original from a relay, and fingerprinted in the item's canonical space.
 * Nothing a miner sends can make this throw: every failure is an outcome scoring 0.
 */
export async function dispatchBatch(deps: DispatchDeps, message: DispatchMessage): Promise<BatchResult> {
  const requests = message.miners.reduce((n, m) => n + m.tasks.length, 0);
  if (requests > MAX_CONCURRENT_FETCHES) {
    throw new RangeError(
      `a dispatch batch holds ${requests} requests; at most ${MAX_CONCURRENT_FETCHES} are allowed`,
    );
  }
  const now = deps.now ?? Date.now;
  const settings: TaskScoring = { ...deps.scoring, timeoutMs: message.timeoutMs };
  const options = { timeoutMs: message.timeoutMs, maxResponseBytes: message.maxResponseBytes };
  const miners = await Promise.all(
    message.miners.map(async (miner) => ({
      uid: miner.uid,
      hotkey: miner.hotkey,
      tasks: await Promise.all(
        miner.tasks.map(async (task): Promise<TaskResult> => {
          const outcome = await sendSafely(deps.transport, miner, task.request, options);
          const receivedAt = now();
          const score = scoreTask(task.request, task.truth, outcome, settings);
          return {
            item: task.item,
            kind: outcome.kind,
            score: score.score,
            quality: score.quality,
            latencyFactor: score.latencyFactor,
            success: score.success,
            latencyMs: "latencyMs" in outcome ? outcome.latencyMs : message.timeoutMs,
            receivedAt,
            fingerprint:
              outcome.kind === "answered" && score.success
                ? fingerprintAnswer(outcome.response, task.canonicalIds)
                : null,
          };
        }),
      ),
    })),
  );
  return { roundId: message.roundId, batch: message.batch, subrequests: deps.subrequests(), miners };
}

async function sendSafely(
  transport: MinerTransport,
  miner: DispatchMessage["miners"][number],
  request: DispatchMessage["miners"][number]["tasks"][number]["request"],
  options: { timeoutMs: number; maxResponseBytes: number },
): Promise<DispatchOutcome> {
  try {
    return await transport.send(miner, request, options);
  } catch (error) {
    // A transport bug must not sink the batch: the miner simply gets no credit for this task.
    return {
      kind: "invalid",
      message: error instanceof Error ? error.message.slice(0, 200) : "transport error",
    };
  }
}
