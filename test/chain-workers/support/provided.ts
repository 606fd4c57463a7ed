/**
 * What the chain-backed worker suite's global setup (Node) hands to the tests inside workerd. Kept free
 * of imports so both the Node setup and the Worker-side tests can type it.
 */
export type ChainWorkersProvided =
  | { kind: "missing"; howTo: string }
  | {
      kind: "ready";
      /** chopsticks running subtensor spec 293, reached by the Worker's own chain client. */
      wsUrl: string;
      httpUrl: string;
      /** The Node control server (test/chain-workers/support/control-server.ts): blocks, sudo, storage. */
      controlUrl: string;
      netuid: number;
      tempo: number;
      ownerUid: number;
      /** Secret URIs of the fixture's hotkeys (dev derivations, not secrets). */
      validatorUris: string[];
      validatorUids: number[];
      minerUris: string[];
      minerUids: number[];
      minerHotkeys: string[];
    };
