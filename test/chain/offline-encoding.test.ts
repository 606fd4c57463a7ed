import { readFileSync } from "node:fs";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a, cryptoWaitReady, signatureVerify } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compactLength, computeCommitHash } from "../../shared/src/chain/commit-hash";
import { SUBTENSOR_SIGNED_EXTENSIONS } from "../../shared/src/chain/connect";
import {
  buildCommitWeights,
  buildRevealWeights,
  buildServeAxon,
  buildSetWeights,
  type Extrinsic,
} from "../../shared/src/chain/extrinsics";
import { OfflineProvider, type RecordedRuntime } from "../../shared/src/chain/offline-provider";
import { runtimeFeatures } from "../../shared/src/chain/runtime-features";
import { pairAccount } from "../../shared/src/chain/signer";

// Encoding checks that need no runtime: metadata recorded from spec 293 (local/chain/record-runtime.ts).
function recorded(): RecordedRuntime {
  const dir = new URL("../fixtures/chain/", import.meta.url);
  const info = JSON.parse(readFileSync(new URL("runtime-293.json", dir), "utf8"));
  return { ...info, metadata: readFileSync(new URL("metadata-293.hex", dir), "utf8").trim() };
}

const u16 = (v: number) => new Uint8Array([v & 0xff, v >> 8]);
const u64 = (v: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
};
const vecU16 = (vs: number[]) => u8aConcat(compactLength(vs.length), ...vs.map(u16));

describe("offline extrinsic encoding from recorded spec-293 metadata", () => {
  let api: ApiPromise;
  const keyring = new Keyring({ type: "sr25519" });

  beforeAll(async () => {
    await cryptoWaitReady();
    api = await ApiPromise.create({
      provider: new OfflineProvider(recorded()),
      noInitWarn: true,
      signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS,
    });
  });
  afterAll(async () => {
    await api?.disconnect();
  });

  /** The call's pallet and call index bytes, from metadata. */
  const prefix = (tx: Extrinsic) => tx.method.callIndex;

  /** Signs offline, decodes the bytes back, and checks the signature over the payload the chain verifies. */
  async function signAndDecode(tx: Extrinsic) {
    const alice = keyring.addFromUri("//Alice");
    const acct = pairAccount(alice, api);
    const genesisHash = api.genesisHash.toHex();
    await tx.signAsync(acct.address, { signer: acct.signer, nonce: 5, era: 0, blockHash: genesisHash });
    const decoded = api.registry.createType("Extrinsic", tx.toHex());
    expect(decoded.isSigned).toBe(true);
    expect(decoded.signer.toString()).toBe(alice.address);
    expect(decoded.nonce.toNumber()).toBe(5);
    const payload = api.registry.createType("ExtrinsicPayload", {
      method: decoded.method.toHex(),
      era: decoded.era.toHex(),
      nonce: decoded.nonce.toHex(),
      tip: decoded.tip.toHex(),
      specVersion: api.runtimeVersion.specVersion.toHex(),
      transactionVersion: api.runtimeVersion.transactionVersion.toHex(),
      genesisHash,
      blockHash: genesisHash,
      version: decoded.version,
      mode: 0,
    });
    const bytes = payload.toU8a({ method: true });
    const message = bytes.length > 256 ? blake2AsU8a(bytes) : bytes;
    expect(signatureVerify(message, decoded.signature.toU8a(), alice.address).isValid).toBe(true);
    return decoded;
  }

  it("sees spec 293's calls", () => {
    expect(api.runtimeVersion.specVersion.toNumber()).toBe(293);
    expect(runtimeFeatures(api)).toMatchObject({
      setWeights: "set_weights",
      timelockedCommit: "commit_crv3_weights",
    });
  });

  it("set_weights: exact SCALE call bytes, signed and decoded", async () => {
    const tx = buildSetWeights(api, { netuid: 2, uids: [1, 3], values: [65535, 21845], versionKey: 1000n });
    expect(tx.method.toHex()).toBe(
      u8aToHex(u8aConcat(prefix(tx), u16(2), vecU16([1, 3]), vecU16([65535, 21845]), u64(1000n))),
    );
    const d = await signAndDecode(tx);
    expect(`${d.method.section}.${d.method.method}`).toBe("subtensorModule.setWeights");
    expect(d.method.args.map((a) => a.toJSON())).toEqual([2, [1, 3], [65535, 21845], 1000]);
  });

  it("commit_weights carries the 32-byte commit hash", async () => {
    const alice = keyring.addFromUri("//Alice");
    const commitHash = computeCommitHash({
      hotkey: alice.publicKey,
      netuid: 1,
      uids: [0, 1, 2],
      values: [65535, 32768, 1],
      salt: [1, 2, 3, 4, 5, 6, 7, 8],
      versionKey: 1000n,
    });
    const tx = buildCommitWeights(api, { netuid: 1, commitHash });
    expect(tx.method.toHex()).toBe(u8aToHex(u8aConcat(prefix(tx), u16(1), commitHash)));
    const d = await signAndDecode(tx);
    expect(d.method.method).toBe("commitWeights");
    expect(d.method.args[1]?.toHex()).toBe(
      "0x5afdf4b5e3f63e145558e2432a33318de023310ba1cd3668edd1f97af6853dfb",
    );
  });

  it("reveal_weights: uids, values, salt, version_key", async () => {
    const tx = buildRevealWeights(api, {
      netuid: 1,
      uids: [0, 1],
      values: [7, 9],
      salt: [4, 2],
      versionKey: 3n,
    });
    expect(tx.method.toHex()).toBe(
      u8aToHex(u8aConcat(prefix(tx), u16(1), vecU16([0, 1]), vecU16([7, 9]), vecU16([4, 2]), u64(3n))),
    );
    const d = await signAndDecode(tx);
    expect(d.method.args.map((a) => a.toJSON())).toEqual([1, [0, 1], [7, 9], [4, 2], 3]);
  });

  it("serve_axon: ip as u128 little-endian, ip_type 4 or 6", async () => {
    const built = buildServeAxon(api, { netuid: 2, ip: "203.0.113.7", port: 8091, version: 1_002_003 });
    expect(built.kind).toBe("ok");
    if (built.kind !== "ok") return;
    const ip = new Uint8Array(16);
    ip.set([0x07, 0x71, 0x00, 0xcb]);
    const version = new Uint8Array(4);
    new DataView(version.buffer).setUint32(0, 1_002_003, true);
    expect(built.tx.method.toHex()).toBe(
      u8aToHex(u8aConcat(prefix(built.tx), u16(2), version, ip, u16(8091), [4, 4, 0, 0])),
    );
    const d = await signAndDecode(built.tx);
    expect(d.method.method).toBe("serveAxon");
    const v6 = buildServeAxon(api, { netuid: 2, ip: "2001:db8::1", port: 1, version: 1 });
    expect(v6.kind === "ok" && v6.tx.method.args[4]?.toJSON()).toBe(6);
    expect(buildServeAxon(api, { netuid: 2, ip: "::1", port: 1, version: 1 })).toMatchObject({
      kind: "invalid",
      error: "InvalidIpAddress",
    });
    expect(buildServeAxon(api, { netuid: 2, ip: "10.0.0.1", port: 0, version: 1 })).toMatchObject({
      kind: "invalid",
      error: "InvalidPort",
    });
  });
});
