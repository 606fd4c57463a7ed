import { createMinerApp } from "./app";
import { jsonLogger, type Logger } from "./app-deps";
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
 * can call this N times in one process with different `PORT`/`HOTKEY_URI`/`MODELS` (or `PORT=0`).
 */
export async function startMiner(config: MinerConfig, log: Logger = jsonLogger()): Promise<StartedMiner> {
  const runtime = await buildMinerRuntime(config, log);
  let server: RunningServer;
  try {
    server = await serveMiner(createMinerApp(runtime.deps), { host: config.HOST, port: config.PORT });
  } catch (error) {
    await runtime.close();
    throw error;
  }
  log.info("miner listening", {
    url: server.url,
    hotkey: runtime.deps.signer.pair.ss58,
    taskTypes: runtime.deps.engine.taskTypes,
  });
  return {
    ...server,
    hotkey: runtime.deps.signer.pair.ss58,
    async stop() {
      await server.close();
      await runtime.close();
    },
  };
}
