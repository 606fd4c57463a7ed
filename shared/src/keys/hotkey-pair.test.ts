import { inspect } from "node:util";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady, mnemonicGenerate, sr25519PairFromSeed } from "@polkadot/util-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  DEV_PHRASE,
  HotkeyError,
  hotkeyPairFromMnemonic,
  hotkeyPairFromSeed,
  hotkeyPairFromUri,
  makeHotkeyPair,
  seedFromMnemonic,
} from "./hotkey-pair";

let keyring: Keyring;
beforeAll(async () => {
  await cryptoWaitReady();
  keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
});

describe("hotkey pairs", () => {
  it("//Alice and //Bob match @polkadot/keyring and the well-known addresses", () => {
    expect(hotkeyPairFromUri("//Alice").ss58).toBe("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    expect(hotkeyPairFromUri("//Bob").ss58).toBe("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
    for (const uri of ["//Alice", "//Bob//stash", "//Charlie/soft", `${DEV_PHRASE}//x///pw`]) {
      expect(hotkeyPairFromUri(uri).ss58).toBe(keyring.addFromUri(uri).address);
    }
  });

  it("a seed (hex with or without 0x, or bytes) gives the same pair as sr25519PairFromSeed", () => {
    const seed = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const hex = Buffer.from(seed).toString("hex");
    const reference = sr25519PairFromSeed(seed);
    for (const input of [seed, hex, `0x${hex}`, `0x${hex.toUpperCase()}`]) {
      const pair = hotkeyPairFromSeed(input);
      expect(pair.publicKey).toEqual(reference.publicKey);
      expect(pair.secretKey).toEqual(reference.secretKey);
    }
    expect(hotkeyPairFromUri(`0x${hex}`).ss58).toBe(keyring.addFromUri(`0x${hex}`).address);
  });

  it("a mnemonic gives the keyring's pair, and its seed is the mini-secret", () => {
    const mnemonic = mnemonicGenerate(12);
    const pair = hotkeyPairFromMnemonic(mnemonic);
    expect(pair.ss58).toBe(keyring.addFromMnemonic(mnemonic).address);
    expect(hotkeyPairFromSeed(seedFromMnemonic(mnemonic)).ss58).toBe(pair.ss58);
  });

  it("never exposes the secret through JSON, inspect or spread", () => {
    const pair = hotkeyPairFromUri("//Alice");
    const secretHex = Buffer.from(pair.secretKey).toString("hex");
    expect(pair.secretKey).toHaveLength(64);
    expect(JSON.stringify(pair)).not.toContain("secretKey");
    expect(inspect(pair, { depth: 5 })).not.toContain("secretKey");
    expect(Object.keys({ ...pair })).toEqual(["ss58", "publicKey"]);
    expect(inspect(pair)).not.toContain(secretHex.slice(0, 8));
  });

  it("bad input gives HotkeyError without echoing the secret", () => {
    const badSeed = "0xdeadbeefcafe";
    expect(() => hotkeyPairFromSeed(badSeed)).toThrow(HotkeyError);
    expect(() => hotkeyPairFromSeed(new Uint8Array(31))).toThrow(/32 bytes, got 31/);
    const badPhrase = "secret words that are not a mnemonic at all here";
    for (const attempt of [
      () => hotkeyPairFromMnemonic(badPhrase),
      () => hotkeyPairFromUri(`${badPhrase}//a`),
    ]) {
      try {
        attempt();
        expect.unreachable("should have thrown");
      } catch (error) {
        expect(error).toBeInstanceOf(HotkeyError);
        expect(String(error)).not.toContain("secret words");
      }
    }
    expect(() => hotkeyPairFromUri("")).toThrow(HotkeyError);
    expect(() => makeHotkeyPair(new Uint8Array(32), new Uint8Array(32))).toThrow(/64 bytes, got 32/);
  });
});
