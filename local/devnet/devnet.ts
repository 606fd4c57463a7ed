import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { jsonLogger } from "../../miner/src/app-deps";
import type { InferenceEngine } from "../../miner/src/inference/engine";
import { type HotkeyPair, hotkeyPairFromSeed, hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";
import { loadSr25519Wasm } from "../../shared/src/keys/sr25519-wasm.node.js"; // tsx reads an extensionless "x.node" as a native addon;
import { findRuntime } from "../chain/find-runtime";
import { type LocalUpstash, startLocalUpstash } from "../upstash-bridge";
import { createAnswerBoard, recordingEngine } from "./answer-board";
import { type Behaviour, planRoster } from "./behaviour";
import { baselineEngine, copierEngine, garbageEngine, slowEngine } from "./behaviour-engines";
import {
  ANNOUNCED_IP,
  type ChainLayer,
  type ChainWeights,
  devnetMinerPairs,
  startChainLayer,
} from "./chain-layer";
import { type DevnetMiner, startDevnetMiner } from "./devnet-miner";
import { type DevnetInput, type DevnetOptions, devnetOptionsSchema } from "./devnet-options";
import { fixtureMetagraph } from "./metagraph-fixture";
import { liveTable, type MinerRow, type TableView } from "./progress-table";
import { Teardown } from "./teardown";
import { loadTrainedEngine } from "./trained-model";
import { startValidatorWorker, type ValidatorWorker } from "./validator-worker";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Crons the devnet configures the Worker with; fired by hand, so their schedule never matters. */
const ROUND_CRON = "*/2 * * * *";
const WEIGHTS_CRON = "*/20 * * * *";
/** Relay delay of the copier: forwarding an answer is never free. */
const COPIER_RELAY_MS = 40;

/** One miner of a running devnet, as callers see it. */
export type DevnetMinerInfo = {
  uid: number;
  behaviour: Behaviour;
  hotkey: string;
  url: string;
  listening: boolean;
};

/** What one round did, as the table shows it. */
export type RoundReport = {
  round: number;
  roundId: string;
  partial: boolean;
  outcomes: Record<string, number>;
  rows: MinerRow[];
  /** The weight vector the validator's weights cron computed (uid -> weight). */
  weights: { uid: number; weight: number }[];
  /** Where weights went: set on chain, or computed only (and why). */
  weightsNote: string;
  /** The chain's head when the row's on-chain weights and Incentive were read (null off-chain). */
  chainBlock: number | null;
};

/** A running devnet. */
export interface Devnet {
  options: DevnetOptions;
  miners: DevnetMinerInfo[];
  validatorUrl: string;
  dashboardUrl: string;
  validatorHotkey: string;
  /** Whether weights reach a chain in this devnet, and if not, why. */
  chain: { kind: "off"; reason: string } | { kind: "on"; wsUrl: string; netuid: number };
  /** Runs the configured number of rounds (or `count`), yielding each report as it is scored. */
  rounds(count?: number): AsyncGenerator<RoundReport>;
  /** Reports of every round so far. */
  reports: RoundReport[];
  /** Stops every process and server the devnet started; resolves to failures ("name: message"). */
  stop(): Promise<string[]>;
}

/**
 * Injection points: the trained model (default: `loadTrainedEngine`), and a signal that aborts start-up
 * (Ctrl-C while starting): what was already started is stopped before `startDevnet` rejects.
 */
export type DevnetHooks = { trainedEngine?: () => Promise<InferenceEngine>; signal?: AbortSignal };

type StatusBody = {
  lastRound: { id: string; seq: number; partial: boolean; outcomes: Record<string, number> } | null;
  lastWeights: { weights: { uid: number; weight: number }[]; kind: string; reason?: string } | null;
  /** The Worker's on-chain weight setter (absent on builds without one). */
  weightSetter?:
    | { enabled: false; reason: string }
    | {
        enabled: true;
        phase: string;
        lastTick: unknown;
        lastOutcome: { at: number; outcome: { kind: string; call: string; block?: number } } | null;
      };
};
type MinersBody = {
  miners: {
    uid: number;
    hotkey: string;
    final: number;
    quality: number;
    lastSuccessRate: number;
    lastCopied: number;
  }[];
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Starts the whole subnet on this machine: redis-server and the local Upstash, the miners (each the
 * production miner app with a behaviour engine), and the validator Worker in workerd, configured with the
 * miners' addresses. Everything binds 127.0.0.1. If any step fails, what was started is stopped again.
 */
export async function startDevnet(input: DevnetInput = {}, hooks: DevnetHooks = {}): Promise<Devnet> {
  const options = devnetOptionsSchema.parse(input);
  const teardown = new Teardown(hooks.signal);
  try {
    return await assemble(options, hooks, teardown);
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

async function assemble(options: DevnetOptions, hooks: DevnetHooks, teardown: Teardown): Promise<Devnet> {
  const say = (line: string) => options.output?.write(`${line}\n`);
  const runtime = options.chain === "off" ? null : findRuntime();
  if (runtime?.kind === "missing" && options.chain === "required") throw new Error(runtime.howTo);
  const chainWanted = runtime?.kind === "found";
  const offReason =
    options.chain === "off"
      ? "--no-chain was given"
      : runtime?.kind === "missing"
        ? `the subtensor runtime is not on this machine. ${runtime.howTo}`
        : "the chain did not start";

  const upstash: LocalUpstash = teardown.add("redis + local Upstash", await startLocalUpstash(), (u) =>
    u.stop(),
  );
  const sr25519 = await loadSr25519Wasm();
  const roster = planRoster(options.miners);
  // Fresh keys every run: random seeds off-chain; on chain, a fresh derivation prefix (the subnet fixture
  // registers `//<prefix>//miner//<i>`), so the miners can start before the chain is ready.
  const keyPrefix = `devnet${randomBytes(6).toString("hex")}`;
  const validatorSecret = chainWanted
    ? `//${keyPrefix}//validator//0`
    : `0x${randomBytes(32).toString("hex")}`;
  const validator = chainWanted ? hotkeyPairFromUri(validatorSecret) : hotkeyPairFromSeed(validatorSecret);
  const pairs: HotkeyPair[] = chainWanted
    ? devnetMinerPairs(keyPrefix, roster.length)
    : roster.map(() => hotkeyPairFromSeed(randomBytes(32)));

  // The chain (about a minute of in-process wasm) and a first training run (a child process) overlap.
  const needsTrained = roster.some((m) => ["trained", "copier", "slow"].includes(m.behaviour));
  const loadTrained = hooks.trainedEngine ?? (() => loadTrainedEngine({ log: say, signal: hooks.signal }));
  if (chainWanted) say("starting the local subtensor (chopsticks) and creating a subnet...");
  const [trainedResult, chainResult] = await Promise.allSettled([
    needsTrained ? loadTrained() : Promise.resolve(null),
    runtime?.kind === "found"
      ? startChainLayer({ specPath: runtime.specPath, miners: roster.length, keyPrefix })
      : Promise.resolve(null),
  ]);
  const chainLayer: ChainLayer | null =
    chainResult.status === "fulfilled" && chainResult.value
      ? teardown.add("local chain (chopsticks)", chainResult.value, (c) => c.stop())
      : null;
  const trained =
    trainedResult.status === "fulfilled" && trainedResult.value
      ? teardown.add("trained model", trainedResult.value, (e) => e.close())
      : null;
  if (trainedResult.status === "rejected") throw trainedResult.reason;
  if (chainResult.status === "rejected") throw chainResult.reason;
  if (trained) await trained.warmUp();
  const board = createAnswerBoard();
  const engineFor = (behaviour: Behaviour): InferenceEngine => {
    switch (behaviour) {
      case "trained":
        return recordingEngine(trained as InferenceEngine, board);
      case "copier":
        return copierEngine(trained as InferenceEngine, board, COPIER_RELAY_MS, options.minerTimeoutMs / 2);
      case "slow":
        return slowEngine(trained as InferenceEngine, Math.round(options.minerTimeoutMs * 0.75));
      case "garbage":
        return garbageEngine();
      case "baseline":
      case "down":
        return baselineEngine();
    }
  };

  const miners: DevnetMiner[] = [];
  for (const [i, entry] of roster.entries()) {
    const miner = await startDevnetMiner({
      index: entry.index,
      behaviour: entry.behaviour,
      pair: pairs[i] as HotkeyPair,
      sr25519,
      engine: engineFor(entry.behaviour),
      redisUrl: upstash.redis.url,
      allow: [validator.ss58],
      // MIAOAI_DEVNET_MINER_LOG=1 prints the miners' JSON log lines (to stderr and stdout) for debugging.
      log: process.env.MIAOAI_DEVNET_MINER_LOG === "1" ? jsonLogger(`miner-${i + 1}`) : undefined,
    });
    miners.push(teardown.add(`miner ${i + 1} (${entry.behaviour})`, miner, (m) => m.stop()));
  }

  // On chain the Worker reads the metagraph itself (METAGRAPH_SOURCE=chain) and maps the announced
  // documentation address back to loopback (AXON_ADDRESS_OVERRIDES); off chain it gets a fixture.
  let metagraphVars: Record<string, string>;
  if (chainLayer) {
    say("announcing the miners' axons on chain...");
    await chainLayer.serveAxons(miners.map((m) => m.port));
    metagraphVars = {
      METAGRAPH_SOURCE: "chain",
      // HTTP JSON-RPC: an outbound WebSocket from workerd to the local node fails here (an ErrorEvent),
      // while the same node answers over HTTP.
      SUBTENSOR_URL: chainLayer.httpUrl,
      AXON_ADDRESS_OVERRIDES: `${ANNOUNCED_IP}=127.0.0.1`,
      // A few blocks pass per round here, so re-read the metagraph every round.
      METAGRAPH_REFRESH_BLOCKS: "1",
      OWNER_UID: String(chainLayer.ownerUid),
    };
  } else {
    const metagraph = fixtureMetagraph({
      netuid: options.netuid,
      validatorHotkey: validator.ss58,
      validatorStake: 1_000,
      miners: miners.map((m) => ({ hotkey: m.pair.ss58, port: m.port })),
    });
    metagraphVars = {
      METAGRAPH_SOURCE: "fixture",
      METAGRAPH_FIXTURE: JSON.stringify(metagraph),
      OWNER_UID: "0",
    };
  }
  const chain: Devnet["chain"] = chainLayer
    ? { kind: "on", wsUrl: chainLayer.wsUrl, netuid: chainLayer.netuid }
    : { kind: "off", reason: offReason };
  const worker: ValidatorWorker = teardown.add(
    "validator Worker (workerd)",
    await startValidatorWorker({
      root: ROOT,
      vars: {
        MIAOAI_NETWORK: "local",
        NETUID: String(chainLayer?.netuid ?? options.netuid),
        ROUND_CRON,
        WEIGHTS_CRON,
        ...metagraphVars,
        MINER_TIMEOUT_MS: String(options.minerTimeoutMs),
        // The miner serves one route per task type (docs/running_miner.md).
        MINER_TASK_PATH: "/v1/tasks/:taskType",
        // The task types the devnet's trained model serves (no image model is trained without a dataset).
        TASK_TYPES:
          process.env.MIAOAI_DEVNET_TASK_TYPES ?? "response_selection,intent_classification,sentiment",
        FINALIZE_GRACE_MS: "5000",
        QUALITY_ALPHA: String(options.qualityAlpha),
        STATE_PREFIX: `miaoai-devnet-${randomBytes(4).toString("hex")}`,
      },
      secrets: {
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: upstash.token,
        VALIDATOR_HOTKEY_SEED: validatorSecret,
        API_KEY_HASHES: "",
      },
    }),
    (w) => w.stop(),
  );

  const infos: DevnetMinerInfo[] = miners.map((m, i) => ({
    uid: chainLayer ? (chainLayer.minerUids[i] as number) : i + 1,
    behaviour: m.behaviour,
    hotkey: m.pair.ss58,
    url: m.url,
    listening: m.listening,
  }));
  const table = options.output ? liveTable(options.output) : null;
  const reports: RoundReport[] = [];
  let done = 0;

  const view = (phase: string, rows: MinerRow[], notes: string[]): TableView => ({
    round: done,
    rounds: options.rounds,
    phase,
    rows,
    notes,
  });
  const emptyRows = (): MinerRow[] =>
    infos.map((m) => ({
      uid: m.uid,
      behaviour: m.behaviour,
      hotkey: m.hotkey,
      score: null,
      quality: null,
      successRate: null,
      copied: 0,
      latencyMs: null,
      weight: null,
      chainWeight: null,
      incentive: null,
    }));
  const footer = (): string[] => [
    `validator ${worker.url}   dashboard ${worker.url}/   upstash ${upstash.url}`,
    chain.kind === "on"
      ? `chain ${chain.wsUrl} netuid ${chain.netuid}`
      : `chain: off (${chain.reason}); weights are computed, not submitted`,
  ];
  table?.draw(view("starting", emptyRows(), footer()));

  /**
   * Gets the round's weights onto the chain. The Worker's weight setter submits on its weights-cron tick and
   * confirms on a later tick by reading the chain, so the devnet produces a block and ticks again until it
   * reports an outcome. A Worker without a setter gets a stand-in: the devnet signs the Worker's own
   * vector with the validator's hotkey, and says so.
   */
  async function settleWeights(
    layer: ChainLayer,
    status: StatusBody,
    weights: { uid: number; weight: number }[],
    /** The setter's last outcome time before this round's weights tick. */
    before: number,
  ): Promise<string> {
    if (status.weightSetter?.enabled) {
      let current = status.weightSetter;
      for (let tick = 0; tick < 6; tick++) {
        const outcome = current.lastOutcome;
        if (outcome && outcome.at > before) {
          const o = outcome.outcome;
          return o.kind === "confirmed"
            ? `set on chain by the validator's weight setter (${o.call}), confirmed at block ${o.block}`
            : `the validator's weight setter reports ${o.kind}: ${JSON.stringify(o)}`;
        }
        await layer.newBlocks(1);
        if ((await worker.fireCron(WEIGHTS_CRON)) !== "ok") break;
        const next = (await worker.getJson<StatusBody>("/v1/status")).body.weightSetter;
        if (!next?.enabled) break;
        current = next;
      }
      return `the validator's weight setter did not confirm (last tick: ${JSON.stringify(current.lastTick)})`;
    }
    const outcome = await layer.setWeights(weights);
    return outcome.kind === "inBlock"
      ? `set on chain at block ${outcome.blockNumber}, signed by the devnet with the validator's hotkey (this Worker has no weight setter: ${status.weightSetter?.reason ?? "not reported"})`
      : `set_weights failed: ${outcome.kind === "timeout" ? "timeout" : JSON.stringify(outcome.error)}`;
  }

  async function runOneRound(): Promise<RoundReport> {
    const before = await worker.getJson<StatusBody>("/v1/status");
    const prevSeq = before.body.lastRound?.seq ?? 0;
    for (const m of miners) m.latency.take();
    const fired = await worker.fireCron(ROUND_CRON);
    if (fired !== "ok") {
      throw new Error(
        `the validator's round cron threw; its last log lines:\n${worker.takeLogs().slice(-20).join("\n")}`,
      );
    }
    table?.draw(view(`round ${done + 1}: dispatching`, reports.at(-1)?.rows ?? emptyRows(), footer()));
    const deadline = Date.now() + options.minerTimeoutMs + 5_000 + 30_000;
    let status = before.body;
    while ((status.lastRound?.seq ?? 0) <= prevSeq) {
      if (Date.now() > deadline) {
        const logs = worker.takeLogs().slice(-20).join("\n");
        throw new Error(`round ${done + 1} was not finalized in time; the Worker's last log lines:\n${logs}`);
      }
      await sleep(200);
      status = (await worker.getJson<StatusBody>("/v1/status")).body;
    }
    const round = status.lastRound as NonNullable<StatusBody["lastRound"]>;
    if ((await worker.fireCron(WEIGHTS_CRON)) !== "ok") {
      throw new Error(
        `the validator's weights cron threw; its last log lines:\n${worker.takeLogs().slice(-20).join("\n")}`,
      );
    }
    const [after, list] = await Promise.all([
      worker.getJson<StatusBody>("/v1/status"),
      worker.getJson<MinersBody>("/v1/miners"),
    ]);
    const weights = after.body.lastWeights?.weights ?? [];
    const byUid = new Map(list.body.miners.map((m) => [m.uid, m]));
    const weightOf = new Map(weights.map((w) => [w.uid, w.weight]));
    let onChain: ChainWeights | null = null;
    let weightsNote = `computed, not submitted: ${chain.kind === "off" ? chain.reason : ""}`;
    if (chainLayer) {
      table?.draw(
        view(
          `round ${done + 1}: setting weights, running an epoch`,
          reports.at(-1)?.rows ?? emptyRows(),
          footer(),
        ),
      );
      const since = before.body.weightSetter?.enabled ? (before.body.weightSetter.lastOutcome?.at ?? 0) : 0;
      weightsNote = await settleWeights(chainLayer, after.body, weights, since);
      await chainLayer.runEpoch();
      onChain = await chainLayer.read();
    }
    const rows: MinerRow[] = infos.map((info, i) => {
      const record = byUid.get(info.uid);
      const samples = (miners[i] as DevnetMiner).latency.take();
      return {
        uid: info.uid,
        behaviour: info.behaviour,
        hotkey: info.hotkey,
        score: record?.final ?? null,
        quality: record?.quality ?? null,
        successRate: record?.lastSuccessRate ?? null,
        copied: record?.lastCopied ?? 0,
        latencyMs: samples.length ? samples.reduce((s, x) => s + x, 0) / samples.length : null,
        weight: weightOf.get(info.uid) ?? 0,
        chainWeight: onChain ? (onChain.weights.get(info.uid) ?? 0) : null,
        incentive: onChain ? (onChain.incentive.get(info.uid) ?? 0) : null,
      };
    });
    done++;
    const report: RoundReport = {
      round: done,
      roundId: round.id,
      partial: round.partial,
      outcomes: round.outcomes,
      rows,
      weights,
      weightsNote,
      chainBlock: onChain?.block ?? null,
    };
    reports.push(report);
    table?.draw(view(done >= options.rounds ? "done" : "scored", rows, footer()));
    return report;
  }

  return {
    options,
    miners: infos,
    validatorUrl: worker.url,
    dashboardUrl: `${worker.url}/`,
    validatorHotkey: validator.ss58,
    chain,
    reports,
    async *rounds(count = options.rounds) {
      for (let i = 0; i < count; i++) {
        if (i > 0 && options.roundIntervalMs > 0) await sleep(options.roundIntervalMs);
        yield await runOneRound();
      }
    },
    stop: () => teardown.run(),
  };
}
