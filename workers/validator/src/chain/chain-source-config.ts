import { z } from "zod";
import { parseConfig, splitList, stringSettings } from "../../../../shared/src/config";
import { AxonOverrideError, type AxonOverrides, parseAxonOverrides } from "./axon-overrides";

/** The chain reader's own variables (docs/running_validator.md, "Metagraph"); all optional. */
export const chainSourceEnvSchema = z.object({
  /** `from=to` rewrites of announced axons, e.g. `192.0.2.1=127.0.0.1` on a local devnet. */
  AXON_ADDRESS_OVERRIDES: z
    .string()
    .default("")
    .transform((text, ctx) => {
      try {
        return parseAxonOverrides(text);
      } catch (error) {
        if (!(error instanceof AxonOverrideError)) throw error;
        ctx.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
      }
    }),
  /** Per endpoint: how long to wait for a connected, ready API. */
  CHAIN_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
});

/** What the chain metagraph source reads from the env besides SUBTENSOR_URL and NETUID. */
export type ChainSourceSettings = { overrides: AxonOverrides; timeoutMs: number };

/** Reads the chain reader's variables from the Worker env; throws ConfigError naming bad ones. */
export function parseChainSourceEnv(env: Record<string, unknown>): ChainSourceSettings {
  const e = parseConfig(chainSourceEnvSchema, stringSettings(env));
  return { overrides: e.AXON_ADDRESS_OVERRIDES, timeoutMs: e.CHAIN_TIMEOUT_MS };
}

/** SUBTENSOR_URL as a failover list: comma-separated endpoints, tried in order. */
export function subtensorEndpoints(url: string): string[] {
  return splitList(url);
}
