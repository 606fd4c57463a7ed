import { Redis } from "@upstash/redis";
import { type HotkeyPair, hotkeyPairFromSeed, hotkeyPairFromUri } from "../../../shared/src/keys/hotkey-pair";
import { chainMetagraphSource } from "./chain/chain-metagraph-source";
import { parseChainSourceEnv, subtensorEndpoints } from "./chain/chain-source-config";
import { fixtureMetagraphSource, type MetagraphSource } from "./chain/metagraph";
import { workerSr25519 } from "./crypto/sr25519";
import { countingFetch, createEpistulaTransport } from "./dispatch/miner-transport";
import { type Env, parseEnv, type ValidatorConfig } from "./env";
import { STATE_LIMITS, stateKeys } from "./state/keys";
import type { StateStore } from "./state/store";
import { UpstashStore } from "./state/upstash-store";
import { bankTaskSource } from "./tasks/bank-task-source";
import type { TaskSource } from "./tasks/task-item";
import { parseTaskSourceEnv } from "./tasks/task-source-config";
import { createWeightSetter, type WeightSetter } from "./weights/weight-setter";

/** Everything the handlers use, built once per isolate from the env: the composition root. */
export type Deps = {
  config: ValidatorConfig;
  store: StateStore;
  signer: HotkeyPair;
  metagraphSource: MetagraphSource;
  taskSource: TaskSource;
  /** The on-chain weight setter (workers/validator/src/weights), or why it is off. */
  weightSetter: WeightSetter;
  /** A transport whose fetch counts the subrequests of the invocation that made it. */
  newTransport: () => Promise<{
    transport: ReturnType<typeof createEpistulaTransport>;
    subrequests: () => number;
  }>;
};

const cache = new WeakMap<object, Deps>();

/** Builds (or reuses, per env object) the validator's dependencies. Throws ConfigError on a bad env. */
export function getDeps(env: Env): Deps {
  const hit = cache.get(env);
  if (hit) return hit;
  const deps = buildDeps(env);
  cache.set(env, deps);
  return deps;
}

function buildDeps(env: Env): Deps {
  const config = parseEnv(env);
  const redis = new Redis({
    url: config.upstash.url,
    token: config.upstash.token,
    automaticDeserialization: false,
    enableTelemetry: false,
  });
  const signer = config.hotkeySeed.startsWith("/")
    ? hotkeyPairFromUri(config.hotkeySeed)
    : hotkeyPairFromSeed(config.hotkeySeed);
  const metagraphSource: MetagraphSource =
    config.metagraph.source === "fixture"
      ? fixtureMetagraphSource(config.metagraph.fixture)
      : chainMetagraphSource({
          endpoints: subtensorEndpoints(config.metagraph.subtensorUrl),
          netuid: config.netuid,
          ...parseChainSourceEnv(env),
        });
  const keys = stateKeys(config.statePrefix);
  const store = new UpstashStore(redis, keys);
  return {
    config,
    store,
    weightSetter: createWeightSetter({
      env,
      redis,
      keys: { state: keys.weightSetter, lock: keys.weightsLock },
      lockMs: STATE_LIMITS.weightsLockMs,
      store,
      signer,
      netuid: config.netuid,
      nothingScored: config.round.nothingScored,
    }),
    signer,
    metagraphSource,
    taskSource: bankTaskSource(parseTaskSourceEnv(env)),
    newTransport: async () => {
      const counter = countingFetch((input, init) => fetch(input, init));
      const transport = createEpistulaTransport({
        fetch: counter.fetch,
        signer,
        sr25519: await workerSr25519(),
        taskPath: config.taskPath,
      });
      return { transport, subrequests: counter.count };
    },
  };
}
