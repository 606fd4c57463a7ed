import { z } from "zod";
import { parseConfig, stringSettings } from "../../../../shared/src/config";
import { subtensorEndpoints } from "../chain/chain-source-config";
import type { DecideOptions } from "./decide";

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** The weight setter's variables (wrangler.toml [vars]); SUBTENSOR_URL is shared with the metagraph reader. */
export const weightsEnvSchema = z.object({
  /** Comma-separated ws(s):// or http(s):// endpoints, tried in order. Absent: the setter is off. */
  SUBTENSOR_URL: z.string().optional(),
  WEIGHTS_SETTER: z.enum(["on", "off"]).default("on"),
  /** u64 version_key sent with weights (major*1_000_000 + minor*1_000 + patch); must be >= the subnet's. */
  WEIGHTS_VERSION_KEY: z
    .string()
    .regex(/^\d{1,19}$/, "must be a u64 in decimal (at most 19 digits)")
    .default("1000"),
  /** Blocks between weight settings; 0 = once per tempo. */
  WEIGHTS_INTERVAL_BLOCKS: int(0, 0, 1_000_000),
  /** With commit-reveal on: `auto` (timelocked when the runtime offers it) or `hash` (v2 commit/reveal). */
  WEIGHTS_COMMIT_REVEAL: z.enum(["auto", "hash"]).default("auto"),
  /** Seconds per block, for the drand reveal round (12 on finney/testnet). */
  WEIGHTS_BLOCK_SECONDS: z.coerce.number().positive().max(600).default(12),
  WEIGHTS_CHAIN_TIMEOUT_MS: int(15_000, 500, 120_000),
  WEIGHTS_REVEAL_GRACE_EPOCHS: int(2, 0, 100),
});

/** The setter's typed configuration. */
export type WeightSetterConfig =
  | { kind: "off"; reason: string }
  | {
      kind: "on";
      endpoints: string[];
      versionKey: bigint;
      blockSeconds: number;
      chainTimeoutMs: number;
      decide: DecideOptions;
    };

/** Parses the setter's variables from the Worker env; throws a ConfigError naming every bad one. */
export function parseWeightsConfig(env: Record<string, unknown>): WeightSetterConfig {
  const e = parseConfig(weightsEnvSchema, stringSettings(env));
  if (e.WEIGHTS_SETTER === "off") return { kind: "off", reason: "WEIGHTS_SETTER=off" };
  const endpoints = subtensorEndpoints(e.SUBTENSOR_URL ?? "");
  if (endpoints.length === 0) return { kind: "off", reason: "SUBTENSOR_URL is not set" };
  return {
    kind: "on",
    endpoints,
    // 19 decimal digits always fit a u64.
    versionKey: BigInt(e.WEIGHTS_VERSION_KEY),
    blockSeconds: e.WEIGHTS_BLOCK_SECONDS,
    chainTimeoutMs: e.WEIGHTS_CHAIN_TIMEOUT_MS,
    decide: {
      intervalBlocks: e.WEIGHTS_INTERVAL_BLOCKS,
      commitReveal: e.WEIGHTS_COMMIT_REVEAL,
      chainRevealGraceEpochs: e.WEIGHTS_REVEAL_GRACE_EPOCHS,
    },
  };
}
