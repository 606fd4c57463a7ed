import { type ConnectResult, connectChain } from "../../../../shared/src/chain/connect";
import {
  type Metagraph as ChainMetagraph,
  type MetagraphRead,
  readMetagraph,
} from "../../../../shared/src/chain/metagraph";
import { type AxonOverrides, overrideAxon } from "./axon-overrides";
import type { Metagraph, MetagraphSource } from "./metagraph";

/** No endpoint answered; `attempts` says what each one did. */
export class ChainUnreachableError extends Error {
  override readonly name = "ChainUnreachableError";
}

/** The chain has no subnet with our netuid (a wrong NETUID, or the subnet was deregistered). */
export class SubnetNotFoundError extends Error {
  override readonly name = "SubnetNotFoundError";
}

/** What the chain source needs; `connect` and `read` are injectable for unit tests. */
export type ChainSourceOptions = {
  /** Subtensor endpoints tried in order (ws(s):// or http(s)://). */
  endpoints: readonly string[];
  netuid: number;
  /** Per endpoint, until the API is ready. */
  timeoutMs: number;
  overrides: AxonOverrides;
  connect?: (opts: { endpoints: readonly string[]; timeoutMs: number }) => Promise<ConnectResult>;
  read?: typeof readMetagraph;
};

const RAO_PER_TAO = 1e9;

/**
 * Reads the metagraph from subtensor: connects (endpoints with failover; @polkadot/api without wasm in
 * workerd, docs/workers.md), reads the subnet in one runtime call (shared/src/chain readMetagraph) and
 * disconnects. planRound caches the snapshot in Upstash and calls this again only when it is older than
 * METAGRAPH_REFRESH_BLOCKS blocks, so one connection per refresh, not per round.
 */
export function chainMetagraphSource(options: ChainSourceOptions): MetagraphSource {
  const connect = options.connect ?? ((o) => connectChain({ ...o, initWasm: false }));
  const read = options.read ?? readMetagraph;
  return {
    name: `chain ${options.endpoints.map(describeEndpoint).join(", ")}`,
    async read() {
      const connected = await connect({ endpoints: options.endpoints, timeoutMs: options.timeoutMs });
      if (connected.kind !== "connected") {
        const detail = connected.attempts
          .map((a) => `${describeEndpoint(a.endpoint)}: ${a.error}`)
          .join("; ");
        throw new ChainUnreachableError(`no subtensor endpoint answered (${detail})`);
      }
      let result: MetagraphRead;
      try {
        result = await read(connected.api, options.netuid);
      } finally {
        await connected.api.disconnect().catch(() => {});
      }
      if (result.kind === "noSubnet")
        throw new SubnetNotFoundError(`no subnet ${result.netuid} on the chain at block ${result.block}`);
      return toValidatorMetagraph(result.metagraph, options.overrides);
    },
  };
}

/**
 * The chain's snapshot as the validator keeps it: stake in TAO (total, TAO-equivalent), axons rewritten by
 * the overrides, and axons never served (block 0) or served at 0.0.0.0 / port 0 as null (not serving).
 */
export function toValidatorMetagraph(m: ChainMetagraph, overrides: AxonOverrides): Metagraph {
  return {
    netuid: m.netuid,
    block: m.block,
    neurons: m.uids.map((uid, i) => {
      const axon = m.axons[i];
      const serving = axon && axon.block > 0 && axon.port > 0 && axon.ip !== "0.0.0.0";
      return {
        uid,
        hotkey: m.hotkeys[i] as string,
        coldkey: m.coldkeys[i],
        stake: Number(m.stake[i] ?? 0n) / RAO_PER_TAO,
        validatorPermit: m.validatorPermit[i] ?? false,
        axon: serving ? overrideAxon({ ip: axon.ip, port: axon.port }, overrides) : null,
      };
    }),
  };
}

// Endpoints may carry credentials (user:pass@, ?apikey=): only scheme, host and port are shown.
function describeEndpoint(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}`;
  } catch {
    return "(malformed endpoint)";
  }
}
