import type { StorageValues } from "@acala-network/chopsticks-core";
import { bnToHex, hexToU8a, stringToHex, u8aToBn, u8aToHex } from "@polkadot/util";
import { xxhashAsU8a } from "@polkadot/util-crypto";
import { loadChopsticks } from "./chopsticks";
import { loadRawSpec, type RawChainSpec } from "./raw-genesis";

/** When chopsticks builds blocks: one per transaction ("Instant"), or only when asked ("Manual"). */
export type BlockMode = "Instant" | "Manual";

/** Options of `startLocalChain`. */
export interface LocalChainOptions {
  /** Plain (or raw) chain spec, e.g. from `findRuntime()`. */
  specPath: string;
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Default "Instant": each submitted extrinsic gets its own block. */
  blockMode?: BlockMode;
}

/** A running in-process subtensor (chopsticks executing the real runtime). */
export interface LocalChain {
  wsUrl: string;
  httpUrl: string;
  /** Builds `n` empty (or pool-draining) blocks; resolves to the new head's number. */
  newBlocks(n?: number): Promise<number>;
  /** dev_setStorage: raw `[key, value | null]` pairs or `{ Pallet: { Item: value } }`. */
  setStorage(values: StorageValues): Promise<void>;
  /** Current head number. */
  headNumber(): number;
  /** Waits for the blocks being built (Instant mode builds after the submit RPC returns); resolves to their count. */
  upcomingBlocks(): Promise<number>;
  /** Switches Instant/Manual at run time. */
  setBlockMode(mode: BlockMode): void;
  /** Stops the server and the chain; the wasm worker too when no other chain is running. */
  stop(): Promise<void>;
}

let running = 0;

/**
 * Aura's slot duration computed with unresolved imports allowed. chopsticks asks without that flag,
 * spec 293's BLS12-381 imports make the call fail and it silently assumes 12 s, after which block 1
 * panics with "Timestamp slot must match CurrentSlot" (docs/chain.md). Seeding its memo cache fixes it.
 */
async function seedSlotDuration(raw: RawChainSpec): Promise<number> {
  const { runTask, getAuraSlotDuration } = (await loadChopsticks()).core;
  const code = raw.genesis.raw.top[stringToHex(":code")];
  if (!code) throw new Error("raw spec has no :code");
  const top = raw.genesis.raw.top;
  const res = await runTask(
    {
      wasm: code as `0x${string}`,
      calls: [["AuraApi_slot_duration", []]],
      mockSignatureHost: false,
      allowUnresolvedImports: true,
      runtimeLogLevel: 0,
    },
    {
      getStorage: async (key: string) => top[key],
      getNextKey: async () => undefined,
      offchainGetStorage: async () => undefined,
      offchainTimestamp: async () => Date.now(),
      offchainRandomSeed: async () => "0x00",
      offchainSubmitTransaction: async () => false,
    } as never,
  );
  if ("Error" in res) throw new Error(`AuraApi_slot_duration: ${res.Error}`);
  const ms = u8aToBn(hexToU8a(res.Call.result).subarray(0, 8)).toNumber();
  getAuraSlotDuration.cache.set(code, Promise.resolve(ms));
  return ms;
}

/** Storage key of Timestamp.Now. */
const TIMESTAMP_NOW_KEY = u8aToHex(
  new Uint8Array([...xxhashAsU8a("Timestamp", 128), ...xxhashAsU8a("Now", 128)]),
);

/**
 * A genesis with Timestamp.Now set to a slot boundary. Without it chopsticks reads the wall clock twice
 * for block 1 (once for the Aura slot digest, once for the timestamp inherent) and, when a slot boundary
 * falls between the reads, block 1 panics with "Timestamp slot must match CurrentSlot".
 */
function withGenesisTimestamp(raw: RawChainSpec, slotMs: number): RawChainSpec {
  const now = Math.floor(Date.now() / slotMs) * slotMs;
  const value = bnToHex(now, { bitLength: 64, isLe: true });
  return { ...raw, genesis: { raw: { top: { ...raw.genesis.raw.top, [TIMESTAMP_NOW_KEY]: value } } } };
}

/**
 * Starts the subtensor runtime under chopsticks, in this process, listening on 127.0.0.1 only.
 * The raw genesis is cached beside the spec, so only the first start pays for building it.
 */
export async function startLocalChain(opts: LocalChainOptions): Promise<LocalChain> {
  const { core, setupWithServer } = await loadChopsticks();
  const { BuildBlockMode, destroyWorker, setStorage } = core;
  const raw = await loadRawSpec(opts.specPath);
  const slotMs = await seedSlotDuration(raw);
  const ctx = await setupWithServer({
    genesis: withGenesisTimestamp(raw, slotMs) as never,
    port: opts.port ?? 0,
    host: "127.0.0.1",
    "build-block-mode": opts.blockMode === "Manual" ? BuildBlockMode.Manual : BuildBlockMode.Instant,
    "allow-unresolved-imports": true,
    "mock-signature-host": false,
    "runtime-log-level": 0,
  } as never);
  running++;
  let stopped = false;
  return {
    wsUrl: `ws://${ctx.addr}`,
    httpUrl: `http://${ctx.addr}`,
    async newBlocks(n = 1) {
      for (let i = 0; i < n; i++) await ctx.chain.newBlock();
      return ctx.chain.head.number;
    },
    async setStorage(values) {
      await setStorage(ctx.chain, values);
    },
    headNumber: () => ctx.chain.head.number,
    upcomingBlocks: () => ctx.chain.upcomingBlocks(),
    setBlockMode(mode) {
      ctx.chain.txPool.mode = mode === "Manual" ? BuildBlockMode.Manual : BuildBlockMode.Instant;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await ctx.close();
      running--;
      if (running === 0) await destroyWorker();
    },
  };
}
