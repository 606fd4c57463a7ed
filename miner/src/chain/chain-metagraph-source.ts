import type { ApiPromise } from "@polkadot/api";
import { connectChain, type Metagraph, readMetagraph } from "../../../shared/src/chain";
import type { GateNeuron, MetagraphSnapshot, MetagraphSource } from "../auth/caller-gate";

const RAO_PER_TAO = 1_000_000_000;

/** Turns a chain metagraph into the gate's snapshot; stake from rao to TAO-equivalent units. */
export function snapshotFromMetagraph(m: Metagraph): MetagraphSnapshot {
  const neurons: GateNeuron[] = m.hotkeys.map((hotkey, uid) => ({
    hotkey,
    validatorPermit: m.validatorPermit[uid] ?? false,
    stake: Number(m.stake[uid] ?? 0n) / RAO_PER_TAO,
  }));
  return { block: m.block, neurons };
}

/** A metagraph source reading the subnet from the chain (one runtime call per refresh, connection reused). */
export interface ChainMetagraphSource extends MetagraphSource {
  close(): Promise<void>;
}

/** Reads `netuid`'s metagraph from the first reachable endpoint; reconnects after a failure. */
export function chainMetagraphSource(options: {
  endpoints: readonly string[];
  netuid: number;
  timeoutMs?: number;
}): ChainMetagraphSource {
  let api: ApiPromise | null = null;
  const connect = async (): Promise<ApiPromise> => {
    if (api?.isConnected) return api;
    await api?.disconnect().catch(() => {});
    const result = await connectChain({
      endpoints: options.endpoints,
      timeoutMs: options.timeoutMs ?? 15_000,
    });
    if (result.kind !== "connected") {
      throw new Error(
        `chain unreachable: ${result.attempts.map((a) => `${a.endpoint}: ${a.error}`).join("; ")}`,
      );
    }
    api = result.api;
    return api;
  };
  return {
    async load() {
      const read = await readMetagraph(await connect(), options.netuid);
      if (read.kind === "noSubnet")
        throw new Error(`subnet ${options.netuid} does not exist at block ${read.block}`);
      return snapshotFromMetagraph(read.metagraph);
    },
    async close() {
      await api?.disconnect().catch(() => {});
      api = null;
    },
  };
}
