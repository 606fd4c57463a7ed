import type { Redis } from "@upstash/redis";
import type { HotkeyPair } from "../../../../shared/src/keys/hotkey-pair";
import type { NothingScoredPolicy } from "../../../../shared/src/scoring";
import { createTimelock, type Timelock } from "../../../../shared/src/timelock/tlock";
import { timelockWasmModule } from "../../../../shared/src/timelock/wasm-module.workerd";
import type { StateStore } from "../state/store";
import { runWeightSetterTick, type TickReport, type WeightSetterDeps } from "./run-weight-setter";
import type { SetterState } from "./setter-state";
import { UpstashWeightSetterStore } from "./setter-store";
import { polkadotWeightsChain } from "./weights-chain";
import { parseWeightsConfig } from "./weights-config";

/** The weight setter as the Worker holds it: configured, or off with the reason shown in /v1/status. */
export type WeightSetter =
  | { kind: "on"; deps: WeightSetterDeps; load(): Promise<SetterState | null> }
  | { kind: "off"; reason: string };

/** What the composition root hands over. */
export interface WeightSetterParts {
  env: Record<string, unknown>;
  redis: Redis;
  keys: { state: string; lock: string };
  lockMs: number;
  store: StateStore;
  signer: HotkeyPair;
  netuid: number;
  nothingScored: NothingScoredPolicy;
}

let timelock: Timelock | undefined;

/** Builds the weight setter from the env (weights-config.ts); throws a ConfigError naming bad variables. */
export function createWeightSetter(p: WeightSetterParts): WeightSetter {
  const config = parseWeightsConfig(p.env);
  if (config.kind === "off") return config;
  const store = new UpstashWeightSetterStore(p.redis, p.keys);
  const deps: WeightSetterDeps = {
    store,
    connect: polkadotWeightsChain({
      endpoints: config.endpoints,
      timeoutMs: config.chainTimeoutMs,
      netuid: p.netuid,
      hotkey: p.signer,
    }),
    loadScores: async () => (await p.store.loadMiners()).miners,
    hotkeyPublicKey: p.signer.publicKey,
    encrypt: (plaintext, round) => {
      // Instantiated on first use only: most ticks never encrypt.
      timelock ??= createTimelock(timelockWasmModule);
      return timelock.encrypt(plaintext, round);
    },
    netuid: p.netuid,
    versionKey: config.versionKey,
    blockSeconds: config.blockSeconds,
    nothingScored: p.nothingScored,
    decide: config.decide,
    lockMs: p.lockMs,
  };
  return { kind: "on", deps, load: () => store.load() };
}

/** The weights cron's setter step; `off` reports why nothing ran. */
export async function runWeightSetter(
  setter: WeightSetter,
  now: number,
): Promise<TickReport | { kind: "off"; reason: string }> {
  if (setter.kind === "off") return setter;
  return runWeightSetterTick(setter.deps, now);
}

/** The setter's part of /v1/status: pending state, last tick, last outcome (decoded names), history. */
export async function weightSetterStatus(setter: WeightSetter) {
  if (setter.kind === "off") return { enabled: false as const, reason: setter.reason };
  const state = await setter.load();
  return {
    enabled: true as const,
    phase: state?.phase.kind ?? "idle",
    pending: state?.phase.kind === "submitted" ? pendingView(state) : null,
    commit:
      state?.phase.kind === "committed" || state?.phase.kind === "awaitingChainReveal"
        ? state.phase.commit
        : null,
    lastTick: state?.lastTick ?? null,
    lastOutcome: state?.lastOutcome ?? null,
    lastConfirmed: state?.lastConfirmed ?? null,
    history: state?.history ?? [],
    broadcasts: state?.broadcasts ?? 0,
  };
}

function pendingView(state: SetterState) {
  if (state.phase.kind !== "submitted") return null;
  // The signed bytes stay in Upstash; the status shows what identifies the transaction.
  const { txHex: _bytes, ...rest } = state.phase.submission;
  return rest;
}
