/**
 * Read-your-writes tokens. Upstash returns an `upstash-sync-token` header and @upstash/redis sends the
 * last one back, so a read never lands on a replica that has not seen the caller's write. The bridge
 * fronts a single Redis, where every write is visible at once, so the token is a counter of write
 * requests: it still lets a client (and a test) see that its writes were ordered.
 */

/** Issues the `upstash-sync-token` value for each response. */
export type SyncClock = {
  /** The token to return after a request; advances when the request may have written. */
  next(wrote: boolean): string;
};

/** Starts a clock at zero; tokens are decimal strings that only grow. */
export function createSyncClock(): SyncClock {
  let writes = 0;
  return {
    next(wrote) {
      if (wrote) writes++;
      return String(writes);
    },
  };
}
