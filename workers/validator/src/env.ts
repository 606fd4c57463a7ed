import { z } from "zod";
import { parseConfig, splitList, stringSettings } from "../../../shared/src/config";
import { TASK_ROUTE_PATTERN } from "../../../shared/src/protocol/routes";
import { type Metagraph, metagraphSchema } from "./chain/metagraph";
import type { BatchResult, DispatchMessage } from "./rounds/messages";
import type { RoundSettings } from "./rounds/settings";

/** The Worker's bindings: two queues plus string vars and secrets (wrangler.toml, docs/running_validator.md). */
export interface Env {
  /** Producer and consumer: batches of at most 6 miner requests. */
  DISPATCH_QUEUE: Queue<DispatchMessage>;
  /** Producer and consumer: what each dispatch invocation measured. */
  RESULTS_QUEUE: Queue<BatchResult>;
  [name: string]: unknown;
}

const num = (def: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(def);
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Every variable the validator reads, with defaults and bounds; one ConfigError names all bad ones. */
export const envSchema = z.object({
  MIAOAI_NETWORK: z.enum(["local", "testnet", "finney"]).default("local"),
  NETUID: int(86, 0, 65_535),
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  /** 32-byte hex seed (0x...) of the validator hotkey, or a dev URI like //Alice on local chains. */
  VALIDATOR_HOTKEY_SEED: z.string().min(1),
  /** Comma-separated SHA-256 hex digests of the task-API keys; keys themselves are never stored. */
  API_KEY_HASHES: z
    .string()
    .default("")
    .transform((s) => splitList(s.toLowerCase()))
    .pipe(z.array(z.string().regex(/^[0-9a-f]{64}$/, "each API key hash must be 64 hex digits (sha256)"))),
  STATE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,64}$/)
    .optional(),
  ROUND_CRON: z.string().default("*/2 * * * *"),
  WEIGHTS_CRON: z.string().default("*/20 * * * *"),
  MINER_TIMEOUT_MS: int(4_000, 100, 60_000),
  MINER_MAX_RESPONSE_BYTES: int(64 * 1024, 1_024, 512 * 1024),
  /** Path of the miners' task route; `:taskType` is replaced per request (the miner serves `/v1/tasks/:taskType`). */
  MINER_TASK_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9/_:-]*$/)
    .default(TASK_ROUTE_PATTERN),
  TASKS_PER_MINER: int(2, 1, 6),
  MAX_MINERS_PER_ROUND: int(256, 1, 4_096),
  ALLOCATION_STRATEGY: z.enum(["equal", "stake", "trust"]).default("equal"),
  METAGRAPH_SOURCE: z.enum(["fixture", "chain"]).default("fixture"),
  METAGRAPH_FIXTURE: z.string().optional(),
  METAGRAPH_REFRESH_BLOCKS: int(25, 1, 100_000),
  SUBTENSOR_URL: z.string().optional(),
  FINALIZE_GRACE_MS: int(30_000, 0, 600_000),
  QUALITY_ALPHA: num(0.1, 0.001, 1),
  TRUST_ALPHA: num(0.02, 0.001, 1),
  HONEYPOT_PENALTY: num(0.5, 0, 1),
  BLEND_QUALITY: num(0.7, 0, 1),
  BLEND_TRUST: num(0.1, 0, 1),
  BLEND_STAKE: num(0.2, 0, 1),
  LATENCY_GRACE_FRACTION: num(0.1, 0, 1),
  LATENCY_FLOOR: num(0.5, 0, 1),
  CORRECTNESS_WEIGHT: num(0.5, 0, 1),
  NOTHING_SCORED: z.enum(["burn", "skip"]).default("burn"),
  OWNER_UID: int(0, 0, 65_535),
  TASK_API_TOP_K: int(3, 1, 6),
  TASK_API_TIMEOUT_MS: int(4_000, 100, 60_000),
  TASK_API_RATE_LIMIT_PER_MINUTE: int(60, 1, 100_000),
});
export type EnvVars = z.infer<typeof envSchema>;

/** The typed configuration the composition root hands inward. */
export type ValidatorConfig = {
  network: EnvVars["MIAOAI_NETWORK"];
  netuid: number;
  statePrefix: string;
  upstash: { url: string; token: string };
  hotkeySeed: string;
  apiKeyHashes: string[];
  crons: { round: string; weights: string };
  taskPath: string;
  metagraph: { source: "fixture"; fixture: Metagraph } | { source: "chain"; subtensorUrl: string };
  round: RoundSettings;
  taskApi: { topK: number; timeoutMs: number; ratePerMinute: number };
};

/** Parses the Worker env once (string vars and secrets only; bindings are read by deps.ts). */
export function parseEnv(env: Record<string, unknown>): ValidatorConfig {
  const raw = stringSettings(env);
  const schema = envSchema.superRefine((e, ctx) => {
    if (e.METAGRAPH_SOURCE === "fixture" && !e.METAGRAPH_FIXTURE) {
      ctx.addIssue({
        code: "custom",
        path: ["METAGRAPH_FIXTURE"],
        message: "required when METAGRAPH_SOURCE=fixture",
      });
    }
    if (e.METAGRAPH_SOURCE === "chain" && !e.SUBTENSOR_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["SUBTENSOR_URL"],
        message: "required when METAGRAPH_SOURCE=chain",
      });
    }
    if (e.METAGRAPH_FIXTURE) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(e.METAGRAPH_FIXTURE);
      } catch {
        ctx.addIssue({ code: "custom", path: ["METAGRAPH_FIXTURE"], message: "is not JSON" });
        return;
      }
      const result = metagraphSchema.safeParse(parsed);
      if (!result.success) {
        const issue = result.error.issues[0];
        ctx.addIssue({
          code: "custom",
          path: ["METAGRAPH_FIXTURE"],
          message: `${issue?.path.join(".")}: ${issue?.message}`,
        });
      }
    }
  });
  const e = parseConfig(schema, raw);
  return {
    network: e.MIAOAI_NETWORK,
    netuid: e.NETUID,
    statePrefix: e.STATE_PREFIX ?? `miaoai:${e.MIAOAI_NETWORK}:${e.NETUID}`,
    upstash: { url: e.UPSTASH_REDIS_REST_URL, token: e.UPSTASH_REDIS_REST_TOKEN },
    hotkeySeed: e.VALIDATOR_HOTKEY_SEED,
    apiKeyHashes: e.API_KEY_HASHES,
    crons: { round: e.ROUND_CRON, weights: e.WEIGHTS_CRON },
    taskPath: e.MINER_TASK_PATH,
    metagraph:
      e.METAGRAPH_SOURCE === "fixture"
        ? { source: "fixture", fixture: metagraphSchema.parse(JSON.parse(e.METAGRAPH_FIXTURE ?? "")) }
        : { source: "chain", subtensorUrl: e.SUBTENSOR_URL ?? "" },
    round: {
      timeoutMs: e.MINER_TIMEOUT_MS,
      maxResponseBytes: e.MINER_MAX_RESPONSE_BYTES,
      tasksPerMiner: e.TASKS_PER_MINER,
      maxMinersPerRound: e.MAX_MINERS_PER_ROUND,
      allocation: e.ALLOCATION_STRATEGY,
      metagraphRefreshBlocks: e.METAGRAPH_REFRESH_BLOCKS,
      finalizeGraceMs: e.FINALIZE_GRACE_MS,
      qualityAlpha: e.QUALITY_ALPHA,
      trustAlpha: e.TRUST_ALPHA,
      honeypotPenalty: e.HONEYPOT_PENALTY,
      blend: { quality: e.BLEND_QUALITY, trust: e.BLEND_TRUST, stake: e.BLEND_STAKE },
      latency: { graceFraction: e.LATENCY_GRACE_FRACTION, floor: e.LATENCY_FLOOR },
      classification: { correctness: e.CORRECTNESS_WEIGHT },
      nothingScored: e.NOTHING_SCORED === "burn" ? { kind: "burn", ownerUid: e.OWNER_UID } : { kind: "skip" },
    },
    taskApi: {
      topK: e.TASK_API_TOP_K,
      timeoutMs: e.TASK_API_TIMEOUT_MS,
      ratePerMinute: e.TASK_API_RATE_LIMIT_PER_MINUTE,
    },
  };
}
