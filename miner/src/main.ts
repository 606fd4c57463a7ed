import { createMinerApp } from "./app";
import { jsonLogger, type Logger, type MinerDeps } from "./app-deps";
import { buildMinerRuntime } from "./deps";
import type { MinerConfig } from "./env";
import { type RunningServer, serveMiner } from "./serve";

/** A started miner: where it listens and how to stop it. */
export interface StartedMiner extends RunningServer {
  hotkey: string;
  /** Stops the server, then the engine, gate refresher and Redis connection. */
  stop(): Promise<void>;
}

/**
 * Starts a miner from configuration: loads keys and models, warms up, loads the metagraph, serves. The devnet
 * can call this N times in one process with different `PORT`/`HOTKEY_URI`/`MODELS` (or `PORT=0`), and swap
 * any dependency with `overrides` (e.g. `{ engine: aDeliberatelyBadEngine }` with `ENGINE=noop`).
 */
export async function startMiner(
  config: MinerConfig,
  log: Logger = jsonLogger(),
  overrides: Partial<MinerDeps> = {},
): Promise<StartedMiner> {
  const runtime = await buildMinerRuntime(config, log);
  const deps = { ...runtime.deps, ...overrides };
  let server: RunningServer;
  try {
    server = await serveMiner(createMinerApp(deps), {
      host: config.HOST,
      port: config.PORT,
      maxConnections: config.MAX_CONNECTIONS,
      maxConnectionsPerIp: config.MAX_CONNECTIONS_PER_IP,
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  log.info("miner listening", {
    url: server.url,
    hotkey: deps.signer.pair.ss58,
    taskTypes: deps.engine.taskTypes,
  });
  return {
    ...server,
    hotkey: deps.signer.pair.ss58,
    async stop() {
      await server.close();
      await runtime.close();
    },
  };
}
