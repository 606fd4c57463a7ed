import { z } from "zod";
import { splitList } from "../../shared/src/config";
import { hotkeySchema } from "../../shared/src/keys/hotkey";

/**
 * The miner's configuration, read once in the CLI from env and `--flags` (`--max-batch-rows 64` ->
 * `MAX_BATCH_ROWS`, `--wallet.name` -> `WALLET_NAME`). Every variable is documented in docs/running_miner.md.
 */

const csv = z.string().default("").transform(splitList);
// A mistyped address in an allow-list would otherwise just never match (every caller 403, nothing said).
const hotkeys = csv.pipe(z.array(hotkeySchema));
const bool = (dflt: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"])
    .default(dflt ? "true" : "false")
    .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (min: number, max: number, dflt: number) =>
  z.coerce.number().int().min(min).max(max).default(dflt);

/** Every setting of `miaoai-miner`, with defaults. */
export const minerConfigSchema = z.object({
  // Network
  HOST: z.string().default("0.0.0.0"),
  PORT: int(0, 65535, 8091), // 0 = any free port (tests, in-process devnets)
  // Keys: a btcli wallet, or a secret URI for dev chains (//Bob).
  WALLET_NAME: z.string().default("default"),
  WALLET_HOTKEY: z.string().default("default"),
  WALLET_PATH: z.string().optional(),
  HOTKEY_URI: z.string().optional(),
  // Chain
  CHAIN_ENDPOINT: z.string().default("wss://entrypoint-finney.opentensor.ai:443"),
  // No default: a forgotten netuid must not silently mean the root network (0). Required by the metagraph gate
  // and register-axon.
  NETUID: z.coerce.number().int().min(0).max(65535).optional(),
  // Who may call
  GATE_MODE: z.enum(["metagraph", "allow-list"]).default("metagraph"),
  ALLOW_HOTKEYS: hotkeys,
  DENY_HOTKEYS: hotkeys,
  MIN_STAKE: z.coerce.number().min(0).default(1000),
  METAGRAPH_REFRESH_S: int(0, 86_400, 300),
  RATE_LIMIT_PER_WINDOW: int(1, 1_000_000, 600),
  RATE_LIMIT_WINDOW_MS: int(100, 3_600_000, 60_000),
  MAX_CONCURRENT_PER_VALIDATOR: int(1, 100_000, 64),
  // Bounds
  MAX_BODY_BYTES: int(1024, 16 * 1024 * 1024, 512 * 1024),
  MAX_CONNECTIONS: int(1, 1_000_000, 1024),
  MAX_CONNECTIONS_PER_IP: int(1, 1_000_000, 256),
  BODY_TIMEOUT_MS: int(100, 120_000, 5_000),
  REQUEST_TIMEOUT_MS: int(100, 120_000, 12_000),
  EPISTULA_MAX_AGE_MS: int(1000, 60_000, 8_000),
  EPISTULA_MAX_FUTURE_MS: int(0, 60_000, 2_000),
  // State
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, "must be a redis:// or rediss:// URL (redis://[:password@]host:port[/db])")
    .default("redis://127.0.0.1:6379"),
  REDIS_PREFIX: z.string().optional(),
  SERVED_LOG_MAX: int(1, 10_000_000, 10_000),
  // Models
  MODELS: csv,
  ENGINE: z.enum(["onnx", "noop"]).default("onnx"),
  EXECUTION_PROVIDER: z.enum(["auto", "cuda", "cpu"]).default("auto"),
  INTRA_OP_THREADS: int(0, 256, 0),
  INTER_OP_THREADS: int(0, 256, 1),
  BATCH_WINDOW_MS: z.coerce.number().min(0).max(1000).default(2),
  MAX_BATCH_ROWS: int(1, 65_536, 64),
  MAX_INFLIGHT_BATCHES: int(1, 64, 1),
  ORT_LOG_LEVEL: z.enum(["verbose", "info", "warning", "error", "fatal"]).default("fatal"),
  WARMUP: bool(true),
  // register-axon
  AXON_IP: z.string().optional(),
  /** Defaults to PORT (the port this miner listens on). */
  AXON_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});
export type MinerConfig = z.infer<typeof minerConfigSchema>;
