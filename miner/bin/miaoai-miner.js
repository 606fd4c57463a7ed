#!/usr/bin/env node
// Launcher for the `miaoai-miner` bin: runs the TypeScript CLI (miner/src/cli.ts) through tsx's ESM loader,
// resolved relative to this package, so `npx miaoai-miner`, `npm run miner` and the Docker image need no
// build step. tsx must be installed (it is a dependency of the image's `npm ci`).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "src", "cli.ts");
const require = createRequire(import.meta.url);
const tsx = pathToFileURL(require.resolve("tsx")).href;

const child = spawn(process.execPath, ["--import", tsx, cli, ...process.argv.slice(2)], { stdio: "inherit" });
// Forward stop signals so pm2/docker stop the miner gracefully (the CLI stops once, whoever signals it first).
const forward = (signal) => child.kill(signal);
// SIGHUP too: a closed terminal must not leave the miner running without its launcher.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, forward);
child.on("exit", (code, signal) => {
  if (!signal) process.exit(code ?? 1);
  // Die of the same signal, as the caller expects; our own forwarding handler must not catch it.
  process.removeListener(signal, forward);
  process.kill(process.pid, signal);
});
