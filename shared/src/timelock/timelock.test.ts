import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { TypeRegistry } from "@polkadot/types";
import { describe, expect, it } from "vitest";
import { timelockedPayloadLayout } from "../chain/runtime-features";
import { QUICKNET_ROUND_1000_SIGNATURE_HEX, roundIdentity } from "./drand";
import { compactLength, encodeTimelockedPayload } from "./payload";
import { computeRevealRound } from "./reveal-round";
import { createTimelock, TimelockError } from "./tlock";
import { loadTimelockWasmNode } from "./wasm-module.node";
import { ciphertextLength, parseTimelockCiphertext } from "./wire-format";

const fixture = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/timelock/quicknet-round-1000.json", import.meta.url), "utf8"),
) as { round: number; plaintextUtf8: string; ciphertextHex: string };

const timelock = createTimelock(loadTimelockWasmNode());
// //Alice's sr25519 public key.
const ALICE = hexToBytes("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");

describe("drand quicknet identities", () => {
  it("identity of round r is sha256(r as u64 big-endian)", () => {
    const expected = createHash("sha256").update(Buffer.from("00000000000003e8", "hex")).digest("hex");
    expect(bytesToHex(roundIdentity(1000))).toBe(expected);
    expect(() => roundIdentity(-1)).toThrow(RangeError);
  });
});

describe("tle wire format (fixed vector: quicknet round 1000)", () => {
  it("decrypts the committed ciphertext with round 1000's published signature", () => {
    const plaintext = timelock.decrypt(hexToBytes(fixture.ciphertextHex), QUICKNET_ROUND_1000_SIGNATURE_HEX);
    expect(new TextDecoder().decode(plaintext)).toBe("MiaoAI commit");
  });

  it("has the layout the chain accepts: 13 bytes of plaintext make 257 bytes", () => {
    const bytes = hexToBytes(fixture.ciphertextHex);
    expect(bytes.length).toBe(257);
    expect(ciphertextLength(13)).toBe(257);
    const parsed = parseTimelockCiphertext(bytes);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.parts.u.length).toBe(96);
    expect(parsed.parts.v.length).toBe(32);
    expect(parsed.parts.w.length).toBe(32);
    expect(parsed.parts.aesCiphertext.length).toBe(13 + 16);
    expect(parsed.parts.nonce.length).toBe(12);
    expect(parsed.parts.cipherSuite).toBe("AES_GCM_");
    // v's length prefix: 32 as u64 little-endian, right after U.
    expect(bytesToHex(bytes.subarray(96, 104))).toBe("2000000000000000");
  });

  it("rejects malformed ciphertexts in the parser", () => {
    const bytes = hexToBytes(fixture.ciphertextHex);
    expect(parseTimelockCiphertext(bytes.subarray(0, 200)).ok).toBe(false);
    expect(parseTimelockCiphertext(Uint8Array.from([...bytes, 0])).ok).toBe(false);
  });
});

describe("timelock encrypt/decrypt", () => {
  it("round-trips a weights payload and makes a fresh ciphertext each time", () => {
    const payload = encodeTimelockedPayload({
      layout: "with-hotkey",
      hotkeyPublicKey: ALICE,
      uids: [0, 1],
      values: [65535, 32768],
      versionKey: 1000,
    });
    const a = timelock.encrypt(payload, 1000);
    const b = timelock.encrypt(payload, 1000);
    expect(a.length).toBe(ciphertextLength(payload.length));
    expect(bytesToHex(a)).not.toBe(bytesToHex(b));
    expect(bytesToHex(timelock.decrypt(a, `0x${QUICKNET_ROUND_1000_SIGNATURE_HEX}`))).toBe(
      bytesToHex(payload),
    );
  });

  it("does not open with another round's signature", () => {
    const ct = timelock.encrypt(new TextEncoder().encode("secret"), 1001);
    expect(() => timelock.decrypt(ct, QUICKNET_ROUND_1000_SIGNATURE_HEX)).toThrow(TimelockError);
    expect(() => timelock.decrypt(ct, "abcd")).toThrow(/48 bytes/);
  });
});

describe("encodeTimelockedPayload (SCALE)", () => {
  const registry = new TypeRegistry();
  const weights = { uids: [0, 1], values: [65535, 32768], versionKey: 1000n };
  // subtensor's WeightsTlockPayload at spec 293 (commit_crv3_weights only) and from spec 301 on.
  const WEIGHTS_ONLY = "(Vec<u16>, Vec<u16>, u64)";
  const WITH_HOTKEY = "(Vec<u8>, Vec<u16>, Vec<u16>, u64)";

  it("with-hotkey matches @polkadot/types' encoding of (Vec<u8>, Vec<u16>, Vec<u16>, u64)", () => {
    const ours = encodeTimelockedPayload({ layout: "with-hotkey", hotkeyPublicKey: ALICE, ...weights });
    const theirs = registry
      .createType(WITH_HOTKEY, [Array.from(ALICE), [0, 1], [65535, 32768], 1000])
      .toU8a();
    expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
    expect(bytesToHex(ours)).toBe(
      `80${bytesToHex(ALICE)}08${"0000"}${"0100"}08${"ffff"}${"0080"}e803000000000000`,
    );
  });

  it("weights-only (spec 293) matches (Vec<u16>, Vec<u16>, u64) and carries no hotkey", () => {
    const ours = encodeTimelockedPayload({ layout: "weights-only", hotkeyPublicKey: ALICE, ...weights });
    const theirs = registry.createType(WEIGHTS_ONLY, [[0, 1], [65535, 32768], 1000]).toU8a();
    expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
    expect(bytesToHex(ours)).toBe(`08${"0000"}${"0100"}08${"ffff"}${"0080"}e803000000000000`);
    expect(bytesToHex(ours)).not.toContain(bytesToHex(ALICE));
  });

  it("a with-hotkey payload is not the committed weights when spec 293 decodes it (why reveals were lost)", () => {
    const withHotkey = encodeTimelockedPayload({ layout: "with-hotkey", hotkeyPublicKey: ALICE, ...weights });
    // The 0x80 length byte of the hotkey is read as a Vec<u16> of 32 uids: garbage, or too short to decode.
    const misread = registry.createType(WEIGHTS_ONLY, withHotkey).toJSON() as [number[], number[], number];
    expect(misread[0]).toHaveLength(32);
    expect(misread[0]).not.toEqual(weights.uids);
  });

  it("takes its layout from the runtime's timelocked call", () => {
    expect(timelockedPayloadLayout("commit_crv3_weights")).toBe("weights-only");
    expect(timelockedPayloadLayout("commit_timelocked_weights")).toBe("with-hotkey");
    expect(timelockedPayloadLayout(null)).toBeNull();
  });

  it("a spec-293 commit opens with round 1000's signature to exactly the committed weights", () => {
    const payload = encodeTimelockedPayload({ layout: "weights-only", hotkeyPublicKey: ALICE, ...weights });
    const opened = timelock.decrypt(timelock.encrypt(payload, 1000), QUICKNET_ROUND_1000_SIGNATURE_HEX);
    expect(registry.createType(WEIGHTS_ONLY, opened).toJSON()).toEqual([[0, 1], [65535, 32768], 1000]);
  });

  it("encodes compact lengths in all three small modes", () => {
    expect(bytesToHex(compactLength(63))).toBe("fc");
    expect(bytesToHex(compactLength(64))).toBe("0101");
    expect(bytesToHex(compactLength(16383))).toBe("fdff");
    expect(bytesToHex(compactLength(16384))).toBe("02000100");
  });

  it("rejects bad fields", () => {
    const base = {
      layout: "weights-only" as const,
      hotkeyPublicKey: ALICE,
      uids: [0],
      values: [1],
      versionKey: 0,
    };
    expect(() => encodeTimelockedPayload({ ...base, hotkeyPublicKey: ALICE.subarray(1) })).toThrow(
      /32 bytes/,
    );
    expect(() => encodeTimelockedPayload({ ...base, values: [1, 2] })).toThrow(/differ/);
    expect(() => encodeTimelockedPayload({ ...base, values: [70000] })).toThrow(/u16/);
    expect(() => encodeTimelockedPayload({ ...base, versionKey: -1 })).toThrow(/u64/);
    expect(() => encodeTimelockedPayload({ ...base, layout: "v5" as never })).toThrow(/layout/);
  });
});

describe("computeRevealRound (legacy epoch arithmetic)", () => {
  it("targets the round just after the next reveal epoch starts", () => {
    // epoch = (1000 + 2) / 361 = 2; reveal epoch 3; first reveal block 3 * 361 - 2 = 1081;
    // seconds = (1081 + 3 - 1000) * 12 = 1008; round = (1_700_000_000 + 1008 - 1692803367) / 3 = 2399213.67
    const x = {
      block: 1000,
      netuid: 1,
      tempo: 360,
      revealPeriodEpochs: 1,
      blockTimeSeconds: 12,
      nowSeconds: 1_700_000_000,
    };
    expect(computeRevealRound(x)).toBe(2_399_213);
    // Two reveal epochs later: + 361 blocks * 12 s / 3 = + 1444 rounds.
    expect(computeRevealRound({ ...x, revealPeriodEpochs: 2 })).toBe(2_399_213 + 1444);
    // Before drand genesis the round is clamped to 1.
    expect(computeRevealRound({ ...x, nowSeconds: 0 })).toBe(1);
    expect(() => computeRevealRound({ ...x, tempo: Number.NaN })).toThrow(RangeError);
  });
});
