import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import type { ChainWorkersProvided } from "./provided";

declare module "vitest" {
  export interface ProvidedContext {
    chainWorkers: ChainWorkersProvided;
  }
}

const HOST = fileURLToPath(new URL("./chain-host.ts", import.meta.url));
const START_TIMEOUT_MS = 240_000;

/**
 * Global setup of the chain-backed worker suite (vitest.chain.config.ts): runs chain-host.ts in its own
 * Node process (chopsticks + one subnet + the control server), waits for its announcement and provides
 * it to the Worker's bindings. Without the runtime it provides `missing` and the suite skips.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", HOST], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const provided = await new Promise<ChainWorkersProvided>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("chain host did not start in time")), START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      if (!line.startsWith("CHAIN_WORKERS ")) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice("CHAIN_WORKERS ".length)) as ChainWorkersProvided);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`chain host exited early (code ${code})`));
    });
  }).catch(async (e: unknown) => {
    child.kill("SIGTERM");
    throw e;
  });
  if (provided.kind === "missing") console.warn(`[test/chain-workers] skipped: ${provided.howTo}`);
  project.provide("chainWorkers", provided);
  return async () => {
    child.stdin?.end();
    child.kill("SIGTERM");
    await exited;
  };
}
