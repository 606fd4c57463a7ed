import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** What the real-miner host announces: where real `miaoai-miner` servers listen, or why none started. */
export type RealMinersProvided =
  | { kind: "missing"; howTo: string }
  | { kind: "ready"; miners: { uid: number; label: string; hotkey: string; port: number }[] };

const HOST = fileURLToPath(new URL("./real-miner-host.ts", import.meta.url));
const START_TIMEOUT_MS = 120_000;

/**
 * Runs real-miner-host.ts in its own Node process and waits for its announcement. `stop()` closes its
 * stdin and signals it, and resolves once it has exited (its miners and redis-server with it).
 */
export async function startRealMiners(): Promise<{ provided: RealMinersProvided; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", HOST], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const provided = await new Promise<RealMinersProvided>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error("real miner host did not start in time")),
      START_TIMEOUT_MS,
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      if (!line.startsWith("REAL_MINERS ")) return;
      clearTimeout(timer);
      done(JSON.parse(line.slice("REAL_MINERS ".length)) as RealMinersProvided);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`real miner host exited early (code ${code})`));
    });
  }).catch((e: unknown) => {
    child.kill("SIGTERM");
    throw e;
  });
  return {
    provided,
    stop: async () => {
      child.stdin?.end();
      child.kill("SIGTERM");
      await exited;
    },
  };
}
