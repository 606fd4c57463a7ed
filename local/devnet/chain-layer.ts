import type { ApiPromise } from "@polkadot/api";
import { connectChain } from "../../shared/src/chain/connect";
import { buildServeAxon, buildSetWeights } from "../../shared/src/chain/extrinsics";
import { type Metagraph, readMetagraph } from "../../shared/src/chain/metagraph";
import { type SubmitOutcome, submitAndWatch } from "../../shared/src/chain/submit";
import { type HotkeyPair, hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";
import {
  convertWeightsAndUidsForEmit,
  maxWeightLimitFromU16,
  processWeightsForNetuid,
  U16_MAX,
} from "../../shared/src/weights";
import { type LocalChain, startLocalChain } from "../chain";
import { type SubnetFixture, setupSubnet, sudoCalls } from "../chain/subnet-fixture";

/**
 * The devnet's chain: the real subtensor runtime under chopsticks, a fresh subnet with one validator and
 * the devnet's miners (funded, registered, staked; the validator holds a permit after one epoch), and each
 * miner's axon served on chain. The chain refuses 127.0.0.1 (InvalidIpAddress), so axons are announced at
 * a documentation address (192.0.2.1, RFC 5737) with the miner's real port, and the validator is told to
 * map that address back to 127.0.0.1 (`AXON_ADDRESS_OVERRIDES=192.0.2.1=127.0.0.1`).
 */
export const ANNOUNCED_IP = "192.0.2.1";

/** Blocks per epoch on the devnet subnet: small, so an epoch pays incentive within seconds. */
export const DEVNET_TEMPO = 10;

/** One weight read back from chain storage, normalized over the validator's row. */
export type ChainWeights = { block: number; weights: Map<number, number>; incentive: Map<number, number> };

/** The running chain layer. */
export interface ChainLayer {
  wsUrl: string;
  /** The same node over HTTP JSON-RPC (what the Worker uses: see `startDevnet`). */
  httpUrl: string;
  netuid: number;
  tempo: number;
  /** The validator's secret URI (a dev derivation, fine on a local chain) and uid. */
  validatorUri: string;
  validatorUid: number;
  /** The subnet owner's uid (where weight goes as burn when nothing can be scored). */
  ownerUid: number;
  /** Miner keys, in roster order, and their uids on chain. */
  minerPairs: HotkeyPair[];
  minerUids: number[];
  /** serve_axon for each miner at 192.0.2.1:<its real port>. */
  serveAxons(ports: readonly number[]): Promise<void>;
  /**
   * Sets the validator's weights on chain from a float vector: the SDK's processing, u16 conversion and
   * set_weights signed by the validator hotkey. A stand-in until the Worker's own weight setter is wired.
   */
  setWeights(weights: readonly { uid: number; weight: number }[]): Promise<SubmitOutcome>;
  /** Produces `n` blocks (a pending transaction is included in the first). */
  newBlocks(n: number): Promise<number>;
  /** Produces blocks until the subnet's next epoch has run. */
  runEpoch(): Promise<number>;
  /** The validator's weight row and every uid's Incentive, as the chain stores them now. */
  read(): Promise<ChainWeights>;
  stop(): Promise<void>;
}

/** Options of {@link startChainLayer}. */
export type ChainLayerOptions = {
  specPath: string;
  miners: number;
  /** Derivation prefix of every key of this devnet (fresh per run). */
  keyPrefix: string;
};

/** Keys of a devnet's miners, derivable before the chain is up (the miners start first, to know their ports). */
export function devnetMinerPairs(keyPrefix: string, miners: number): HotkeyPair[] {
  return Array.from({ length: miners }, (_, i) => hotkeyPairFromUri(`//${keyPrefix}//miner//${i}`));
}

/** Starts the chain and builds the subnet; the caller serves axons once the miners listen. */
export async function startChainLayer(options: ChainLayerOptions): Promise<ChainLayer> {
  const chain: LocalChain = await startLocalChain({ specPath: options.specPath });
  let api: ApiPromise | undefined;
  try {
    const connected = await connectChain({ endpoints: [chain.wsUrl], timeoutMs: 60_000 });
    if (connected.kind !== "connected")
      throw new Error(`cannot reach the local chain: ${JSON.stringify(connected.attempts)}`);
    api = connected.api;
    const fixture = await setupSubnet(chain, api, {
      miners: options.miners,
      validators: 1,
      tempo: DEVNET_TEMPO,
      keyPrefix: options.keyPrefix,
    });
    const pairs = devnetMinerPairs(options.keyPrefix, options.miners);
    for (const [i, m] of fixture.miners.entries()) {
      if (m.hotkey.address !== pairs[i]?.ss58)
        throw new Error(`miner ${i}: derived key differs from the registered one`);
    }
    return layer(chain, api, fixture, options.keyPrefix, pairs);
  } catch (error) {
    await api?.disconnect().catch(() => {});
    await chain.stop();
    throw error;
  }
}

function layer(
  chain: LocalChain,
  api: ApiPromise,
  fixture: SubnetFixture,
  keyPrefix: string,
  pairs: HotkeyPair[],
): ChainLayer {
  const { netuid } = fixture;
  const validator = fixture.validators[0] as SubnetFixture["validators"][number];
  const mustRead = async (): Promise<Metagraph> => {
    const read = await readMetagraph(api, netuid);
    if (read.kind !== "found") throw new Error(`subnet ${netuid} is gone at block ${read.block}`);
    return read.metagraph;
  };
  let stopped: Promise<void> | undefined;
  return {
    wsUrl: chain.wsUrl,
    httpUrl: chain.httpUrl,
    netuid,
    tempo: fixture.tempo,
    validatorUri: `//${keyPrefix}//validator//0`,
    validatorUid: validator.uid,
    ownerUid: fixture.owner.uid,
    minerPairs: pairs,
    minerUids: fixture.miners.map((m) => m.uid),

    async serveAxons(ports) {
      // setupSubnet announced placeholder addresses; a second serve_axon needs the serving rate limit off.
      const limit = api.tx.adminUtils?.sudoSetServingRateLimit;
      if (limit) await sudoCalls(api, fixture.sudo, [limit(netuid, 0)]);
      for (const [i, m] of fixture.miners.entries()) {
        const port = ports[i] as number;
        const built = buildServeAxon(api, {
          netuid,
          ip: ANNOUNCED_IP,
          port,
          version: 1_000_000,
          protocol: 0,
        });
        if (built.kind !== "ok") throw new Error(built.detail);
        const out = await submitAndWatch(api, built.tx, m.account, { timeoutMs: 60_000 });
        if (out.kind !== "inBlock")
          throw new Error(`serve_axon for miner uid ${m.uid} failed: ${JSON.stringify(out)}`);
      }
    },

    async setWeights(weights) {
      const m = await mustRead();
      const positive = weights.filter((w) => w.weight > 0);
      const processed = processWeightsForNetuid({
        uids: positive.map((w) => w.uid),
        weights: positive.map((w) => w.weight),
        n: m.n,
        minAllowedWeights: m.hyperparams.minAllowedWeights,
        maxWeightLimit: maxWeightLimitFromU16(m.hyperparams.maxWeightsLimit),
      });
      const emit = convertWeightsAndUidsForEmit(processed.uids, processed.weights);
      const tx = buildSetWeights(api, {
        netuid,
        uids: emit.uids,
        values: emit.values,
        versionKey: m.hyperparams.weightsVersion,
      });
      return submitAndWatch(api, tx, validator.account, { timeoutMs: 60_000 });
    },

    newBlocks: (n) => chain.newBlocks(n),

    async runEpoch() {
      return chain.newBlocks(fixture.tempo + 1);
    },

    async read() {
      const m = await mustRead();
      const row = (await api.query.subtensorModule?.weights?.(netuid, validator.uid))?.toJSON() as
        | [number, number][]
        | undefined;
      const total = (row ?? []).reduce((s, [, v]) => s + v, 0);
      const weights = new Map((row ?? []).map(([uid, v]) => [uid, total > 0 ? v / total : 0]));
      const incentive = new Map(m.incentive.map((v, uid) => [uid, v / U16_MAX]));
      return { block: m.block, weights, incentive };
    },

    stop() {
      stopped ??= (async () => {
        await api.disconnect().catch(() => {});
        await chain.stop();
      })();
      return stopped;
    },
  };
}
