/**
 * The chain side of the chain-backed worker suite, run as its own Node process (`tsx`): the vitest
 * Workers plugin loads global setups with Worker resolve conditions, under which chopsticks' Node-only
 * dependencies do not load. Starts subtensor spec 293 under chopsticks, registers one subnet (owner,
 * 2 validators with permits, 3 miners) and the control server, prints one JSON line (ChainWorkersProvided)
 * and runs until stdin closes or a signal arrives.
 */
import type { ApiPromise } from "@polkadot/api";
import { findRuntime } from "../../../local/chain/find-runtime";
import type { LocalChain } from "../../../local/chain/local-chain";
import { startSubnetChain } from "../../../local/chain/subnet-fixture";
import { type ControlServer, startControlServer } from "./control-server";
import type { ChainWorkersProvided } from "./provided";

const KEY_PREFIX = "wsetter";

let chain: LocalChain | undefined;
let api: ApiPromise | undefined;
let control: ControlServer | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await control?.stop().catch(() => {});
    await api?.disconnect().catch(() => {});
    await chain?.stop().catch(() => {});
  }
  process.exit(code);
}

function announce(p: ChainWorkersProvided): void {
  process.stdout.write(`CHAIN_WORKERS ${JSON.stringify(p)}\n`);
}

async function main(): Promise<void> {
  process.stdin.on("end", () => void stop(0));
  process.stdin.resume();
  process.on("SIGTERM", () => void stop(0));
  process.on("SIGINT", () => void stop(0));
  const runtime = findRuntime();
  if (runtime.kind === "missing") {
    announce({ kind: "missing", howTo: runtime.howTo });
    return stop(0);
  }
  const started = await startSubnetChain(runtime.specPath, {
    miners: 3,
    validators: 2,
    tempo: 10,
    keyPrefix: KEY_PREFIX,
  });
  ({ chain, api } = started);
  const fx = started.fx;
  control = await startControlServer(chain, api, fx);
  announce({
    kind: "ready",
    wsUrl: chain.wsUrl,
    httpUrl: chain.httpUrl,
    controlUrl: control.url,
    netuid: fx.netuid,
    tempo: fx.tempo,
    ownerUid: fx.owner.uid,
    validatorUris: fx.validators.map((_, i) => `//${KEY_PREFIX}//validator//${i}`),
    validatorUids: fx.validators.map((v) => v.uid),
    minerUris: fx.miners.map((_, i) => `//${KEY_PREFIX}//miner//${i}`),
    minerUids: fx.miners.map((m) => m.uid),
    minerHotkeys: fx.miners.map((m) => m.hotkey.address),
  });
}

main().catch((e: unknown) => {
  console.error(`chain host failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void stop(1);
});
