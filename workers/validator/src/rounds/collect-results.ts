import type { StateStore } from "../state/store";
import type { BatchResult } from "./messages";

/** What collecting results needs. */
export type CollectDeps = {
  store: StateStore;
  finalizeRound: (roundId: string, now: number) => Promise<unknown>;
};

/**
 * The RESULTS queue consumer: stores a whole queue batch of dispatch results in one request, then
 * finalizes every round whose batches are now all in. Finalization is guarded in the store, so two
 * invocations that both see a round complete cannot both apply it.
 */
export async function collectResults(
  deps: CollectDeps,
  results: BatchResult[],
  now: number,
): Promise<string[]> {
  if (results.length === 0) return [];
  const progress = await deps.store.appendResults(results);
  const complete: string[] = [];
  for (const [roundId, { done, expected }] of progress) {
    if (expected !== null && done >= expected) complete.push(roundId);
  }
  for (const roundId of complete) await deps.finalizeRound(roundId, now);
  return complete;
}
