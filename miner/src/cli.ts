import {
  ConfigError,
  flagToEnvName,
  parseConfig,
  parseFlags,
  type RawSettings,
} from "../../shared/src/config";
import { loadSr25519Wasm } from "../../shared/src/keys/sr25519-wasm.node.js";
import { PROTOCOL_VERSION, TASK_TYPES, taskTypeSchema } from "../../shared/src/protocol";
import { jsonLogger } from "./app-deps";
import { buildEngine, loadMinerHotkey } from "./deps";
import { type MinerConfig, minerConfigSchema } from "./env";
import { fetchFailureReason, parseHttpUrl } from "./http/outbound";
import { startMiner } from "./main";

/** `miaoai-miner --help`. */
export const HELP = `miaoai-miner: MiaoAI miner (Bittensor subnet), an ONNX inference server behind Epistula auth

Usage: miaoai-miner <command> [--flag value ...]
Every flag is also an environment variable: --max-batch-rows 64 = MAX_BATCH_ROWS=64, --wallet.name = WALLET_NAME.
Flags win over the environment.

Commands:
  start           serve tasks (POST /v1/tasks/<task_type>, GET /v1/info, /healthz, /metrics)
  info            check keys and models (manifests, sha256, graphs, warm-up, execution provider) and print
                  what would be served; with --url http://host:port, print a running miner's /v1/info instead
  register-axon   announce --axon-ip/--axon-port on chain with serve_axon, signed by the hotkey
  probe           send one signed task to a running miner (--url http://host:port [--task-type sentiment]),
                  signed by the wallet's hotkey as a validator would, and check the signed answer
  help            this text

Keys:       --wallet.name NAME --wallet.hotkey HOTKEY [--wallet.path DIR]   (btcli layout, ~/.bittensor/wallets)
            --hotkey-uri //Bob                                              (dev chains only)
Network:    --host 0.0.0.0 --port 8091
Chain:      --chain-endpoint wss://... --netuid N
Callers:    --gate-mode metagraph|allow-list --min-stake 1000 --allow-hotkeys a,b --deny-hotkeys c
            --metagraph-refresh-s 300 --rate-limit-per-window 600 --rate-limit-window-ms 60000
            --max-concurrent-per-validator 64
Bounds:     --max-body-bytes 524288 --request-timeout-ms 12000 --epistula-max-age-ms 8000
            --epistula-max-future-ms 2000 --body-timeout-ms 5000
            --max-connections 1024 --max-connections-per-ip 256
State:      --redis-url redis://127.0.0.1:6379 [--redis-prefix P] --served-log-max 10000
Models:     --models DIR[,DIR] --engine onnx|noop --execution-provider auto|cuda|cpu
            --intra-op-threads 0 --inter-op-threads 1 --batch-window-ms 2 --max-batch-rows 64
            --max-inflight-batches 1 --warmup true --ort-log-level fatal
Axon:       --axon-ip 203.0.113.7 --axon-port 8091

Docs: docs/running_miner.md`;

// Flags of the CLI itself, not miner settings (`info --url`): accepted, never read from the environment.
const CLI_ONLY_FLAGS = new Set(["URL", "HELP", "TASK_TYPE"]);
// Flags that may stand alone (`--warmup` = `--warmup true`); every other flag needs a value.
const BOOLEAN_FLAGS = new Set(["HELP", "WARMUP"]);

/** Runs the CLI with `argv` (without node and script) and `env`; returns the exit code. */
export async function runCli(argv: readonly string[], env: RawSettings = process.env): Promise<number> {
  if (argv.includes("-h")) return help();
  let flags: ReturnType<typeof parseFlags>;
  let config: MinerConfig;
  try {
    flags = parseFlags(argv, flagToEnvName, BOOLEAN_FLAGS);
    if (flags.positionals[0] === "help" || flags.settings.HELP !== undefined) return help();
    config = parseConfig(minerConfigSchema, pickKnown(env), flags.settings);
  } catch (error) {
    if (error instanceof ConfigError) return usageError(error.message);
    throw error;
  }
  const { settings, positionals, spelled } = flags;
  const unknown = Object.keys(settings).filter(
    (k) => !(k in minerConfigSchema.shape) && !CLI_ONLY_FLAGS.has(k),
  );
  if (unknown.length > 0) return usageError(`unknown flag(s): ${unknown.map((k) => spelled[k]).join(", ")}`);
  // Single-dash flags (`-p 8091`) and stray words would otherwise be ignored without a word.
  if (positionals.length > 1) {
    return usageError(`unexpected argument(s): ${positionals.slice(1).join(" ")} (flags take two dashes)`);
  }
  const command = positionals[0];
  switch (command) {
    case undefined:
    case "help":
      return help();
    case "start":
      return start(config);
    case "info":
      return info(config, settings.URL);
    case "register-axon":
      return serveAxon(config);
    case "probe":
      return probe(config, settings.URL, settings.TASK_TYPE);
    default:
      return usageError(`unknown command "${command}"`);
  }
}

function help(): number {
  process.stdout.write(`${HELP}\n`);
  return 0;
}

function usageError(message: string): number {
  process.stderr.write(`${message}\n(see miaoai-miner --help)\n`);
  return 2;
}

async function start(config: MinerConfig): Promise<number> {
  const log = jsonLogger();
  const miner = await startMiner(config, log).catch((error: Error) => error);
  if (miner instanceof ConfigError) return usageError(miner.message);
  if (miner instanceof Error) throw miner;
  await new Promise<void>((resolve) => {
    // pm2 signals the whole process tree, so the CLI gets the launcher's forwarded signal too: later signals
    // are ignored while the first one's graceful stop runs (it is bounded; SIGKILL still ends a stuck one).
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (!stopping) log.info("stopping", { signal });
      stopping = true;
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    process.on("SIGHUP", stop);
  });
  await miner.stop();
  return 0;
}

async function info(config: MinerConfig, url: string | undefined): Promise<number> {
  if (url) return remoteInfo(url);
  const pair = await loadMinerHotkey(config);
  const engine = await buildEngine(config, jsonLogger());
  try {
    // The same warm-up `start` runs: a model that would stop the miner stops `info` too.
    if (config.WARMUP) await engine.warmUp();
    const description = engine.describe();
    process.stdout.write(
      `${JSON.stringify({ hotkey: pair.ss58, protocolVersion: PROTOCOL_VERSION, engine: description.kind, models: description.models }, null, 2)}\n`,
    );
  } finally {
    await engine.close();
  }
  return 0;
}

/** `info --url`: a running miner's /v1/info, or one line saying why it could not be read. */
async function remoteInfo(url: string): Promise<number> {
  const base = parseHttpUrl(url);
  if (!base) return usageError(`--url must be an http(s) URL such as http://127.0.0.1:8091 (got "${url}")`);
  const target = new URL("/v1/info", base);
  try {
    const res = await fetch(target, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {}
    process.stdout.write(`${typeof body === "string" ? body : JSON.stringify(body, null, 2)}\n`);
    if (!res.ok) process.stderr.write(`${target.href} answered HTTP ${res.status}\n`);
    return res.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`cannot read ${target.href}: ${fetchFailureReason(error, 10_000)}\n`);
    return 1;
  }
}

/** `probe`: one signed task to a running miner; exit 0 only for a 200 whose signature checks. */
async function probe(config: MinerConfig, url: string | undefined, taskType = "sentiment"): Promise<number> {
  const target = parseHttpUrl(url);
  if (!target) {
    return usageError(
      `probe needs --url, an http(s) URL such as http://203.0.113.7:8091 (got "${url ?? ""}")`,
    );
  }
  const type = taskTypeSchema.safeParse(taskType);
  if (!type.success)
    return usageError(`--task-type must be one of ${TASK_TYPES.join(", ")} (got "${taskType}")`);
  const caller = await loadMinerHotkey(config);
  const { probeMiner } = await import("./probe");
  const result = await probeMiner({
    url: target,
    caller,
    sr25519: await loadSr25519Wasm(),
    taskType: type.data,
  });
  const line = JSON.stringify({ caller: caller.ss58, ...result });
  if (result.kind === "answered" && result.status === 200 && result.signature === "valid") {
    process.stdout.write(`${line}\n`);
    return 0;
  }
  process.stderr.write(`${line}\n`);
  if (result.kind === "answered" && result.status === 403) {
    process.stderr.write(
      `the miner answered, signed, and refused ${caller.ss58}: sign with a permitted validator's hotkey, ` +
        "or add this one to the miner's ALLOW_HOTKEYS (allow-list mode)\n",
    );
  }
  return 1;
}

async function serveAxon(config: MinerConfig): Promise<number> {
  if (!config.AXON_IP) {
    process.stderr.write(
      "register-axon needs --axon-ip (the public address validators reach this miner at)\n",
    );
    return 2;
  }
  if (config.NETUID === undefined) return usageError("register-axon needs --netuid (the subnet to serve on)");
  const hotkey = await loadMinerHotkey(config);
  const { registerAxon } = await import("./chain/register-axon");
  const outcome = await registerAxon({
    endpoints: [config.CHAIN_ENDPOINT],
    netuid: config.NETUID,
    hotkey,
    ip: config.AXON_IP,
    port: config.AXON_PORT ?? config.PORT,
    version: PROTOCOL_VERSION * 1_000_000,
  });
  const line = JSON.stringify({ hotkey: hotkey.ss58, ...outcome });
  if (outcome.kind === "served") {
    process.stdout.write(`${line}\n`);
    return 0;
  }
  process.stderr.write(`${line}\n`);
  return 1;
}

// Only the miner's own variables: the process environment holds plenty of unrelated ones (PATH, HOME...).
function pickKnown(env: RawSettings): RawSettings {
  const out: RawSettings = {};
  for (const key of Object.keys(minerConfigSchema.shape)) if (env[key] !== undefined) out[key] = env[key];
  return out;
}

const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js)$/.test(process.argv[1]);
if (invokedDirectly) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`miaoai-miner: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
