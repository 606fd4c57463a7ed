import type { MetagraphCache } from "../state/records";
import { isStale, type MetagraphSource } from "./metagraph";

/**
 * How many refresh intervals a cached snapshot may stand in for the chain while reads fail: rounds go on
 * through an RPC outage (with the default 25 blocks, about 50 minutes), but never on a metagraph so old
 * that many uids may have changed hands.
 */
export const STALE_FALLBACK_INTERVALS = 10;

/** The chain could not be read and no cached snapshot is recent enough to stand in. */
export class MetagraphUnavailableError extends Error {
  override readonly name = "MetagraphUnavailableError";
}

/**
 * The snapshot a round should use: the cache while fresh, else a new read; when that read fails, the
 * cache (if not older than STALE_FALLBACK_INTERVALS intervals) marked with the failure, which /v1/status
 * shows. `save` is what to store (null: nothing changed); the cache keeps its `fetchedAt`, so the next round
 * tries the chain again.
 */
export async function refreshMetagraph(
  cached: MetagraphCache | null,
  source: MetagraphSource,
  now: number,
  refreshBlocks: number,
): Promise<{ use: MetagraphCache; save: MetagraphCache | null }> {
  if (cached && !isStale(cached.fetchedAt, now, refreshBlocks)) return { use: cached, save: null };
  try {
    const fresh: MetagraphCache = { snapshot: await source.read(), fetchedAt: now, source: source.name };
    return { use: fresh, save: fresh };
  } catch (error) {
    const readError = { at: now, message: publicMessage(error) };
    if (cached && !isStale(cached.fetchedAt, now, refreshBlocks * STALE_FALLBACK_INTERVALS)) {
      const kept = { ...cached, readError };
      return { use: kept, save: kept };
    }
    const age = cached
      ? `the cached one is ${Math.round((now - cached.fetchedAt) / 60_000)} min old`
      : "none cached";
    throw new MetagraphUnavailableError(`cannot read the metagraph (${readError.message}); ${age}`);
  }
}

/** The error's message, bounded and without endpoint URLs (they can carry provider API keys). */
function publicMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\b(?:wss?|https?):\/\/\S+/gi, "<endpoint>").slice(0, 300);
}
