import { describe, expect, it } from "vitest";
import { coldkeySchema, hotkeyFromPublicKey, hotkeyPublicKey, hotkeySchema, parseHotkey } from "./hotkey";
import { decodeSs58, decodeSs58OrThrow, encodeSs58, Ss58Error } from "./ss58";

// //Alice's well-known sr25519 public key and its generic-Substrate (prefix 42) address.
const ALICE_PUBLIC = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const ALICE_SS58 = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
// The same key with Polkadot's prefix 0.
const ALICE_POLKADOT = "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5";

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

describe("SS58 (prefix 42)", () => {
  it("encodes and decodes //Alice's public key", () => {
    const pk = Uint8Array.from(Buffer.from(ALICE_PUBLIC, "hex"));
    expect(encodeSs58(pk)).toBe(ALICE_SS58);
    const decoded = decodeSs58(ALICE_SS58);
    expect(decoded.ok && hex(decoded.publicKey)).toBe(ALICE_PUBLIC);
    expect(hex(hotkeyPublicKey(parseHotkey(ALICE_SS58)))).toBe(ALICE_PUBLIC);
    expect(hotkeyFromPublicKey(pk)).toBe(ALICE_SS58);
  });

  it("answers repeated decodes from a cache whose bytes callers cannot corrupt; prefixes stay apart", () => {
    const first = decodeSs58(ALICE_SS58);
    if (!first.ok) throw new Error("Alice must decode");
    first.publicKey.fill(0); // a caller scribbling on its copy
    const again = decodeSs58(ALICE_SS58);
    expect(again.ok && hex(again.publicKey)).toBe(ALICE_PUBLIC);
    expect(hex(hotkeyPublicKey(parseHotkey(ALICE_SS58)))).toBe(ALICE_PUBLIC);
    expect(decodeSs58(ALICE_POLKADOT, 0)).toMatchObject({ ok: true });
    expect(decodeSs58(ALICE_POLKADOT)).toMatchObject({ ok: false }); // cached under prefix 0 only
    expect(decodeSs58(ALICE_SS58, 0)).toMatchObject({ ok: false });
  });

  it("refuses another network's prefix, naming it", () => {
    const decoded = decodeSs58(ALICE_POLKADOT);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.message).toMatch(/expected 42, found 0/);
  });

  it("refuses a bad checksum, garbage, empty and overlong input as values", () => {
    const flipped = `${ALICE_SS58.slice(0, -1)}Z`;
    expect(decodeSs58(flipped)).toMatchObject({ ok: false });
    expect(decodeSs58("not-an-address!")).toMatchObject({ ok: false });
    expect(decodeSs58("")).toMatchObject({ ok: false, message: "empty address" });
    expect(decodeSs58("5".repeat(100))).toMatchObject({ ok: false, message: /too long/ });
  });

  it("throws Ss58Error at edges", () => {
    expect(() => decodeSs58OrThrow("garbage")).toThrow(Ss58Error);
    expect(() => parseHotkey(ALICE_POLKADOT)).toThrow(/invalid hotkey: .*expected 42/);
    expect(() => encodeSs58(new Uint8Array(31))).toThrow(/32-byte public key, found 31 bytes/);
  });

  it("hotkey and coldkey schemas accept only valid prefix-42 addresses", () => {
    expect(hotkeySchema.parse(ALICE_SS58)).toBe(ALICE_SS58);
    expect(coldkeySchema.parse(ALICE_SS58)).toBe(ALICE_SS58);
    expect(hotkeySchema.safeParse(ALICE_POLKADOT).success).toBe(false);
    expect(hotkeySchema.safeParse(42).success).toBe(false);
  });
});
