import { describe, expect, it } from "vitest";
import type { MetagraphCache } from "../state/records";
import { BLOCK_SECONDS, type Metagraph, type MetagraphSource } from "./metagraph";
import { MetagraphUnavailableError, refreshMetagraph, STALE_FALLBACK_INTERVALS } from "./refresh-metagraph";

const REFRESH_BLOCKS = 25;
const INTERVAL_MS = REFRESH_BLOCKS * BLOCK_SECONDS * 1000;
const snapshot = (block: number): Metagraph => ({ netuid: 356, block, neurons: [] });
const cached: MetagraphCache = { snapshot: snapshot(100), fetchedAt: 1_000_000, source: "wss://a" };

function source(read: () => Promise<Metagraph>): MetagraphSource & { reads: number } {
  const s = {
    name: "wss://a",
    reads: 0,
    read: () => {
      s.reads++;
      return read();
    },
  };
  return s;
}
const down = (message: string) => source(() => Promise.reject(new Error(message)));

describe("refreshMetagraph", () => {
  it("uses a fresh cache without reading the chain", async () => {
    const s = source(async () => snapshot(200));
    const out = await refreshMetagraph(cached, s, cached.fetchedAt + INTERVAL_MS - 1, REFRESH_BLOCKS);
    expect(out).toEqual({ use: cached, save: null });
    expect(s.reads).toBe(0);
  });

  it("reads when stale, and a good read clears an earlier failure", async () => {
    const failing = { ...cached, readError: { at: 5, message: "x" } };
    const now = cached.fetchedAt + INTERVAL_MS;
    const out = await refreshMetagraph(
      failing,
      source(async () => snapshot(200)),
      now,
      REFRESH_BLOCKS,
    );
    expect(out.use).toEqual({ snapshot: snapshot(200), fetchedAt: now, source: "wss://a" });
    expect(out.save).toBe(out.use);
  });

  it("keeps a recent snapshot through a chain outage, marked with the failure, and retries next time", async () => {
    const now = cached.fetchedAt + 3 * INTERVAL_MS;
    const out = await refreshMetagraph(cached, down("timeout after 10000 ms"), now, REFRESH_BLOCKS);
    expect(out.use.snapshot).toBe(cached.snapshot);
    expect(out.use.fetchedAt).toBe(cached.fetchedAt); // still stale: the next round reads again
    expect(out.use.readError).toEqual({ at: now, message: "timeout after 10000 ms" });
    expect(out.save).toBe(out.use);
  });

  it("refuses a snapshot older than the fallback window, and with nothing cached", async () => {
    const tooOld = cached.fetchedAt + STALE_FALLBACK_INTERVALS * INTERVAL_MS;
    await expect(refreshMetagraph(cached, down("refused"), tooOld, REFRESH_BLOCKS)).rejects.toThrow(
      MetagraphUnavailableError,
    );
    await expect(refreshMetagraph(null, down("refused"), 0, REFRESH_BLOCKS)).rejects.toThrow(
      /cannot read the metagraph \(refused\); none cached/,
    );
  });

  it("never stores or shows an endpoint URL (provider keys live in them), and bounds the message", async () => {
    const now = cached.fetchedAt + INTERVAL_MS;
    const leak = down(
      `connect to wss://rpc.example/ws?apikey=SECRET failed; https://x/y?k=S2 ${"z".repeat(999)}`,
    );
    const out = await refreshMetagraph(cached, leak, now, REFRESH_BLOCKS);
    expect(out.use.readError?.message).toMatch(/^connect to <endpoint> failed; <endpoint> z+$/);
    expect(out.use.readError?.message.length).toBeLessThanOrEqual(300);
    await expect(refreshMetagraph(null, leak, now, REFRESH_BLOCKS)).rejects.not.toThrow(/SECRET|S2/);
  });
});
