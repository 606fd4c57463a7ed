import { hexToU8a, u8aToHex } from "@polkadot/util";
import { describe, expect, it } from "vitest";
import { compactLength, computeCommitHash } from "./commit-hash";

// Vectors computed independently with Python's hashlib.blake2b(digest_size=32) over hand-written SCALE
// bytes; the integration suite (test/chain) also proves the chain accepts a reveal of this hash.
const ALICE = hexToU8a("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");

describe("commit hash (subtensor commit_weights / reveal_weights)", () => {
  it("matches the blake2b-256 of the SCALE tuple", () => {
    const h = computeCommitHash({
      hotkey: ALICE,
      netuid: 1,
      uids: [0, 1, 2],
      values: [65535, 32768, 1],
      salt: [1, 2, 3, 4, 5, 6, 7, 8],
      versionKey: 1000n,
    });
    expect(u8aToHex(h)).toBe("0x5afdf4b5e3f63e145558e2432a33318de023310ba1cd3668edd1f97af6853dfb");
  });
  it("uses netuid_index = mecid*4096 + netuid", () => {
    const h = computeCommitHash({
      hotkey: ALICE,
      netuid: 3,
      mecid: 2,
      uids: [5],
      values: [65535],
      salt: [9],
      versionKey: 2003004n,
    });
    expect(u8aToHex(h)).toBe("0xcf86a6ad40c3cd2098900bbeb5791d32a059200371ca2b8a429fa2db55fc974a");
  });
  it("rejects out-of-range input", () => {
    const base = { hotkey: ALICE, netuid: 1, uids: [1], values: [1], salt: [1], versionKey: 0n };
    expect(() => computeCommitHash({ ...base, values: [65536] })).toThrow(RangeError);
    expect(() => computeCommitHash({ ...base, hotkey: ALICE.subarray(1) })).toThrow(RangeError);
    expect(() => computeCommitHash({ ...base, versionKey: -1n })).toThrow(RangeError);
  });
  it("encodes SCALE compact lengths in all three short modes", () => {
    expect(u8aToHex(compactLength(1))).toBe("0x04");
    expect(u8aToHex(compactLength(64))).toBe("0x0101");
    expect(u8aToHex(compactLength(16384))).toBe("0x02000100");
  });
});
