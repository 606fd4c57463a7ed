import type { Hono } from "hono";
import { workerSr25519 } from "../../crypto/sr25519";
import { weightSetterStatus } from "../../weights/weight-setter";
import type { AppEnv } from "../context";

/**
 * `GET /v1/status`: network, our hotkey, the last round, the round in flight, the last weight computation
 * and the weight setter's on-chain state (pending submission, last outcome with chain errors by name; see
 * docs/weights.md), the metagraph source's health and which sr25519 backend signs (wasm unless it failed).
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
      weightSetter: await weightSetterStatus(deps.weightSetter),
      sr25519: (await workerSr25519()).name,
      taskPools: deps.taskSource.pools?.() ?? [],
      chain: {
        source: deps.metagraphSource.name,
        snapshotBlock: mg?.snapshot.block ?? null,
        snapshotAgeMs: mg ? Date.now() - mg.fetchedAt : null,
        neurons: mg?.snapshot.neurons.length ?? 0,
        healthy: mg !== null && !mg.readError,
        readError: mg?.readError ?? null,
      },
    });
  });
}
