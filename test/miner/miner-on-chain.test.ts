import type { ApiPromise } from "@polkadot/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRuntime } from "../../local/chain/find-runtime";
import type { LocalChain } from "../../local/chain/local-chain";
import { type SubnetFixture, startSubnetChain } from "../../local/chain/subnet-fixture";
import { metagraphGate } from "../../miner/src/auth/caller-gate";
import { chainMetagraphSource } from "../../miner/src/chain/chain-metagraph-source";
import { registerAxon } from "../../miner/src/chain/register-axon";
import { readMetagraph } from "../../shared/src/chain/metagraph";
import { submitAndWatch } from "../../shared/src/chain/submit";
import { parseHotkey } from "../../shared/src/keys/hotkey";
import { hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";

// The miner's two chain-facing parts, on the real subtensor runtime (spec 293) under chopsticks:
// `register-axon` announcing ip:port with serve_axon, and the caller gate fed by the chain's metagraph.
const runtime = findRuntime();
if (runtime.kind === "missing") console.warn(`[test/miner/miner-on-chain] skipped: ${runtime.howTo}`);

const KEY_PREFIX = "miner-on-chain";

describe.skipIf(runtime.kind === "missing")("the miner on the real subtensor runtime", () => {
  let chain: LocalChain;
  let api: ApiPromise;
  let fx: SubnetFixture;

  beforeAll(async () => {
    if (runtime.kind === "missing") return;
    ({ chain, api, fx } = await startSubnetChain(runtime.specPath, {
      miners: 1,
      validators: 1,
      tempo: 10,
      keyPrefix: KEY_PREFIX,
    }));
  }, 300_000);

  afterAll(async () => {
    await api?.disconnect();
    await chain?.stop();
  });

  it("register-axon announces the miner's address and the metagraph shows it", async () => {
    const miner = fx.miners[0];
    if (!miner) throw new Error("fixture has no miner");
    const hotkey = hotkeyPairFromUri(`//${KEY_PREFIX}//miner//0`);
    expect(hotkey.ss58).toBe(miner.hotkey.address);

    const announce = () =>
      registerAxon({
        endpoints: [chain.wsUrl],
        netuid: fx.netuid,
        hotkey,
        ip: "192.0.2.7",
        port: 9123,
        version: 1_000,
        timeoutMs: 60_000,
      });

    // The fixture served this axon moments ago: the chain's serving rate limit refuses, and says so by name.
    expect(await announce()).toMatchObject({ kind: "refused", error: "pool.ServingRateLimitExceeded" });

    const sudo = api.tx.sudo?.sudo;
    const setLimit = api.tx.adminUtils?.sudoSetServingRateLimit;
    if (!sudo || !setLimit) throw new Error("runtime lacks sudo.sudo or adminUtils.sudoSetServingRateLimit");
    const lifted = await submitAndWatch(api, sudo(setLimit(fx.netuid, 0)), fx.sudo, {
      timeoutMs: 60_000,
      waitFor: "finalized",
    });
    expect(lifted.kind).toBe("inBlock");

    const outcome = await announce();
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ kind: "served" });

    const read = await readMetagraph(api, fx.netuid);
    if (read.kind !== "found") throw new Error("subnet vanished");
    expect(read.metagraph.axons[miner.uid]).toMatchObject({ ip: "192.0.2.7", port: 9123 });
  }, 120_000);

  it("register-axon refuses a subnet that does not exist, and one the hotkey is not registered on", async () => {
    const announce = (netuid: number, uri: string) =>
      registerAxon({
        endpoints: [chain.wsUrl],
        netuid,
        hotkey: hotkeyPairFromUri(uri),
        ip: "192.0.2.8",
        port: 9124,
        version: 1_000,
        timeoutMs: 60_000,
      });
    // The runtime itself would accept both (the hotkey is registered on some subnet): a mistyped --netuid.
    expect(await announce(fx.netuid + 40, `//${KEY_PREFIX}//miner//0`)).toMatchObject({
      kind: "refused",
      error: "SubnetNotExists",
      detail: `subnet ${fx.netuid + 40} does not exist on this chain (check --netuid)`,
    });
    const stranger = hotkeyPairFromUri("//NotOnThisSubnet");
    expect(await announce(fx.netuid, "//NotOnThisSubnet")).toMatchObject({
      kind: "refused",
      error: "HotKeyNotRegisteredInSubNet",
      detail: expect.stringContaining(`hotkey ${stranger.ss58} is not registered on subnet ${fx.netuid}`),
    });
  }, 60_000);

  it("register-axon refuses a loopback address before submitting, with the chain's error name", async () => {
    const outcome = await registerAxon({
      endpoints: [chain.wsUrl],
      netuid: fx.netuid,
      hotkey: hotkeyPairFromUri(`//${KEY_PREFIX}//miner//0`),
      ip: "127.0.0.1",
      port: 9123,
      version: 1_000,
    });
    expect(outcome).toMatchObject({ kind: "refused", error: "InvalidIpAddress" });
  });

  it("the caller gate serves the permitted validator and refuses the rest, from the chain's metagraph", async () => {
    const source = chainMetagraphSource({ endpoints: [chain.wsUrl], netuid: fx.netuid });
    const gate = metagraphGate({ source, minStake: 1, refreshMs: 0 });
    try {
      await gate.start();
      const validator = parseHotkey(fx.validators[0]?.hotkey.address ?? "");
      const miner = parseHotkey(fx.miners[0]?.hotkey.address ?? "");
      expect(gate.check(validator)).toEqual({ ok: true });
      expect(gate.check(miner)).toMatchObject({ ok: false, reason: "no_permit" });
      expect(gate.check(hotkeyPairFromUri("//Nobody").ss58)).toMatchObject({
        ok: false,
        reason: "unregistered",
      });
      const strict = metagraphGate({ source, minStake: 10_000_000, refreshMs: 0 });
      await strict.start();
      expect(strict.check(validator)).toMatchObject({ ok: false, reason: "low_stake" });
      strict.close();
    } finally {
      gate.close();
      await source.close();
    }
  }, 60_000);
});
