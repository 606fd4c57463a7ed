import type { Hono } from "hono";
import type { AppEnv } from "../context";

/**
 * `GET /v1/status`: network, our hotkey, the last round, the round in flight, the last weight computation
 * (its on-chain outcome arrives with the weight setter, issue 5) and the metagraph source's health.
 */
export function registerStatusRoute(app: Hono<AppEnv>): void {
  app.get("/v1/status", async (c) => {
    const deps = c.get("deps");
    const overview = await deps.store.loadOverview();
    const mg = overview.metagraph;
    return c.json({
      network: deps.config.network,
      netuid: deps.config.netuid,
      hotkey: deps.signer.ss58,
      lastRound: overview.latest,
      currentRoundId: overview.currentRoundId,
      lastWeights: overview.weights,
      chain: {
        source: deps.metagraphSource.name,
        snapshotBlock: mg?.snapshot.block ?? null,
        snapshotAgeMs: mg ? Date.now() - mg.fetchedAt : null,
        neurons: mg?.snapshot.neurons.length ?? 0,
        healthy: mg !== null,
      },
    });
  });
}
