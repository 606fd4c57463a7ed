import { parseArgs } from "node:util";
import { z } from "zod";

/** Options of `startDevnet` and `npm run devnet`, with the defaults a newcomer gets. */
export const devnetOptionsSchema = z.object({
  /** Miners to start (behaviours in `planRoster` order). */
  miners: z.number().int().min(1).max(64).default(6),
  /** Validator rounds to run before the summary. */
  rounds: z.number().int().min(1).max(10_000).default(4),
  /** After the rounds, keep everything up (the dashboard stays reachable) until Ctrl-C. */
  keepRunning: z.boolean().default(false),
  /**
   * The local subtensor: `auto` uses it when the runtime is on this machine, `off` never starts it,
   * `required` fails when it is missing.
   */
  chain: z.enum(["auto", "off", "required"]).default("auto"),
  /** The validator's per-request timeout (ms); the slow miner answers at 75% of it. */
  minerTimeoutMs: z.number().int().min(200).max(60_000).default(2_000),
  /** Pause between rounds (ms); 0 = the next round as soon as the last one is scored. */
  roundIntervalMs: z.number().int().min(0).max(3_600_000).default(0),
  /** The validator's quality EMA alpha; higher than production so a few rounds show the ordering. */
  qualityAlpha: z.number().min(0.001).max(1).default(0.5),
  /** The subnet id the validator is configured for (the chain layer uses the one it creates). */
  netuid: z.number().int().min(1).max(65_535).default(356),
  /** Redraw a table on this stream; null = quiet (tests). */
  output: z.custom<NodeJS.WritableStream & { isTTY?: boolean }>().nullable().default(null),
});

/** Parsed options. */
export type DevnetOptions = z.infer<typeof devnetOptionsSchema>;
/** What callers pass (everything optional). */
export type DevnetInput = z.input<typeof devnetOptionsSchema>;

/** A bad command line, with a message for the user. */
export class DevnetUsageError extends Error {
  override readonly name = "DevnetUsageError";
}

/** `npm run devnet -- --help`. */
export const DEVNET_USAGE = `Usage: npm run devnet -- [--miners N] [--rounds N] [--keep-running] [--no-chain]

Runs the whole MiaoAI subnet on this machine: redis-server and a local Upstash, N miners with different
behaviours, the validator Worker in workerd with its crons on an accelerated clock, and (when the subtensor
runtime is cached) a local chain where weights are set and an epoch pays incentive.

  --miners N       miners to start (default 6: trained, copier, garbage, baseline, slow, down)
  --rounds N       validator rounds before the summary (default 4)
  --keep-running   keep everything up after the summary (the dashboard stays reachable) until Ctrl-C
  --no-chain       run only the off-chain parts, even when the runtime is present
  --require-chain  fail when the runtime is missing instead of running off-chain
  --timeout-ms N   the validator's per-request timeout (default 2000)
  -h, --help       this text`;

/** The command-line flag of each option, for error messages. */
const FLAG_OF: Record<string, string> = { miners: "miners", rounds: "rounds", minerTimeoutMs: "timeout-ms" };

/** Parses the devnet's command line; throws DevnetUsageError naming the bad flag. */
export function parseDevnetArgs(argv: readonly string[]): DevnetInput & { help: boolean } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        miners: { type: "string" },
        rounds: { type: "string" },
        "keep-running": { type: "boolean", default: false },
        "no-chain": { type: "boolean", default: false },
        "require-chain": { type: "boolean", default: false },
        "timeout-ms": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new DevnetUsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  const int = (flag: string, raw: unknown): number | undefined => {
    if (raw === undefined) return undefined;
    if (typeof raw !== "string" || !/^[0-9]+$/.test(raw))
      throw new DevnetUsageError(`--${flag} needs a whole number, got '${raw}'`);
    return Number(raw);
  };
  if (v["no-chain"] && v["require-chain"])
    throw new DevnetUsageError("--no-chain and --require-chain contradict each other");
  const input: DevnetInput & { help: boolean } = {
    help: v.help === true,
    keepRunning: v["keep-running"] === true,
    chain: v["no-chain"] ? "off" : v["require-chain"] ? "required" : "auto",
  };
  const miners = int("miners", v.miners);
  const rounds = int("rounds", v.rounds);
  const timeout = int("timeout-ms", v["timeout-ms"]);
  if (miners !== undefined) input.miners = miners;
  if (rounds !== undefined) input.rounds = rounds;
  if (timeout !== undefined) input.minerTimeoutMs = timeout;
  const check = devnetOptionsSchema.safeParse(input);
  if (!check.success) {
    const issue = check.error.issues[0];
    const key = String(issue?.path[0] ?? "?");
    throw new DevnetUsageError(`--${FLAG_OF[key] ?? key}: ${issue?.message}`);
  }
  return input;
}
