import type {
  ProviderInterface,
  ProviderInterfaceEmitCb,
  ProviderInterfaceEmitted,
} from "@polkadot/rpc-provider/types";

/** What a runtime answers at @polkadot/api start-up, recorded once (local/chain/record-runtime.ts). */
export interface RecordedRuntime {
  metadata: `0x${string}`;
  genesisHash: string;
  chain: string;
  properties: Record<string, unknown>;
  runtimeVersion: Record<string, unknown>;
}

/** An RPC method the offline provider cannot answer. */
export class OfflineRpcError extends Error {
  override name = "OfflineRpcError";
}

/**
 * A provider that answers @polkadot/api from a recorded runtime, with no node: `ApiPromise.create` over it
 * gives a real API (metadata-decorated calls, registry, signing) for building, signing and decoding
 * extrinsics offline, e.g. in CI without the runtime. Chain state queries fail with `OfflineRpcError`.
 */
export class OfflineProvider implements ProviderInterface {
  readonly hasSubscriptions = false;
  readonly isClonable = false;
  readonly isConnected = true;
  readonly stats = {
    active: { requests: 0, subscriptions: 0 },
    total: { bytesRecv: 0, bytesSent: 0, cached: 0, errors: 0, requests: 0, subscriptions: 0, timeout: 0 },
  };
  readonly #rec: RecordedRuntime;

  constructor(recorded: RecordedRuntime) {
    this.#rec = recorded;
  }

  clone(): ProviderInterface {
    return new OfflineProvider(this.#rec);
  }
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  on(type: ProviderInterfaceEmitted, sub: ProviderInterfaceEmitCb): () => void {
    if (type === "connected") queueMicrotask(() => sub());
    return () => {};
  }

  async send<T>(method: string, params: unknown[]): Promise<T> {
    const header = {
      parentHash: this.#rec.genesisHash,
      number: "0x0",
      stateRoot: `0x${"00".repeat(32)}`,
      extrinsicsRoot: `0x${"00".repeat(32)}`,
      digest: { logs: [] },
    };
    const answers: Record<string, () => unknown> = {
      rpc_methods: () => ({ methods: [] }),
      chain_getBlockHash: () => this.#rec.genesisHash,
      chain_getFinalizedHead: () => this.#rec.genesisHash,
      chain_getHeader: () => header,
      state_getRuntimeVersion: () => this.#rec.runtimeVersion,
      state_getMetadata: () => this.#rec.metadata,
      system_chain: () => this.#rec.chain,
      system_properties: () => this.#rec.properties,
      system_accountNextIndex: () => 0,
    };
    const answer = answers[method];
    if (!answer)
      throw new OfflineRpcError(`offline provider cannot answer ${method}(${JSON.stringify(params)})`);
    return answer() as T;
  }

  async subscribe(): Promise<number | string> {
    throw new OfflineRpcError("offline provider has no subscriptions");
  }
  async unsubscribe(): Promise<boolean> {
    return true;
  }
}
