/**
 * `npm run devnet`: the whole MiaoAI subnet on this machine (see local/devnet/ and docs/architecture.md).
 *
 *   npm run devnet                          # 6 miners, 4 rounds, then a summary; everything stopped after
 *   npm run devnet -- --miners 3 --rounds 2
 *   npm run devnet -- --keep-running        # keep the dashboard up until Ctrl-C
 *
 * Ctrl-C (or any error) stops every process it started: miners, workerd, the Upstash bridge, redis-server.
 */
import { type Devnet, startDevnet } from "../local/devnet/devnet";
import { DEVNET_USAGE, DevnetUsageError, parseDevnetArgs } from "../local/devnet/devnet-options";
import { summaryLines } from "../local/devnet/summary";

async function main(argv: string[]): Promise<number> {
  let input: ReturnType<typeof parseDevnetArgs>;
  try {
    input = parseDevnetArgs(argv);
  } catch (error) {
    if (!(error instanceof DevnetUsageError)) throw error;
    console.error(`${error.message}\n\n${DEVNET_USAGE}`);
    return 2;
  }
  if (input.help) {
    console.log(DEVNET_USAGE);
    return 0;
  }
  const { help: _help, ...options } = input;

  const abort = new AbortController();
  let devnet: Devnet | undefined;
  let stopping: Promise<number> | undefined;
  // Stops whatever runs and resolves to the exit code; a second Ctrl-C during start-up exits at once.
  const stop = (code: number): Promise<number> => {
    if (stopping && !devnet) {
      // A second Ctrl-C during start-up: leave now; exit hooks kill redis-server and a training child.
      process.exit(code);
    }
    stopping ??= (async () => {
      abort.abort();
      if (!devnet) {
        // startDevnet stops what it started once its current step (the chain, a training run) returns.
        process.stdout.write("\nstopping after the current start-up step (Ctrl-C again to leave now)...\n");
        return code;
      }
      process.stdout.write("\nstopping the devnet...\n");
      const failures = await devnet.stop();
      for (const f of failures) console.error(`  could not stop ${f}`);
      return failures.length > 0 ? 1 : code;
    })();
    return stopping;
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      void stop(signal === "SIGINT" ? 130 : 143).then((code) => {
        if (devnet) process.exit(code);
      });
    });
  }

  console.log(
    "starting the MiaoAI devnet (redis-server, local Upstash, miners, validator Worker in workerd)...",
  );
  try {
    devnet = await startDevnet({ ...options, output: process.stdout }, { signal: abort.signal });
  } catch (error) {
    if (stopping) return stopping;
    console.error(`\ndevnet could not start: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  try {
    for await (const _report of devnet.rounds()) {
      if (stopping) return stopping;
    }
    for (const line of summaryLines(devnet, devnet.reports.at(-1))) console.log(line);
  } catch (error) {
    if (stopping) return stopping;
    console.error(`\ndevnet failed: ${error instanceof Error ? error.message : String(error)}`);
    return stop(1);
  }
  if (options.keepRunning) {
    console.log("\nEverything keeps running; press Ctrl-C to stop.");
    return new Promise<number>(() => {}); // the signal handler stops and exits
  }
  return stop(0);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
