import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady, mnemonicGenerate } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadHotkeyFromWallet, WalletError, walletFiles, writeBtcliHotkey } from "./btcli-wallet.node";
import { type Coldkey, parseHotkey } from "./hotkey";
import { hotkeyPairFromUri } from "./hotkey-pair";

// Every key here is generated in the test; nothing real is read or committed.
let walletPath: string;
const coldkey = hotkeyPairFromUri("//Ferdie").ss58 as unknown as Coldkey;

beforeAll(async () => {
  await cryptoWaitReady();
  walletPath = await mkdtemp(join(tmpdir(), "miaoai-wallets-"));
});
afterAll(async () => {
  await rm(walletPath, { recursive: true, force: true });
});

async function writeKeyfile(name: string, hotkey: string, body: unknown): Promise<string> {
  const { hotkeyFile } = walletFiles({ walletPath, name, hotkey });
  await mkdir(join(hotkeyFile, ".."), { recursive: true });
  await writeFile(hotkeyFile, typeof body === "string" ? body : JSON.stringify(body));
  return hotkeyFile;
}

async function expectWalletError(
  promise: Promise<unknown>,
  file: string,
  pattern: RegExp,
): Promise<WalletError> {
  const error = await promise.then(
    () => expect.unreachable("should have thrown"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WalletError);
  expect((error as WalletError).file).toBe(file);
  expect((error as WalletError).message).toMatch(pattern);
  return error as WalletError;
}

describe("btcli wallets on disk", () => {
  it("writes a hotkey in btcli's format (mode 0600) and loads it back with its coldkey", async () => {
    const mnemonic = mnemonicGenerate(12);
    const written = await writeBtcliHotkey({
      walletPath,
      name: "miner",
      hotkey: "default",
      mnemonic,
      coldkey,
    });
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    expect(written.pair.ss58).toBe(keyring.addFromMnemonic(mnemonic).address);

    const json = JSON.parse(await readFile(written.hotkeyFile, "utf8"));
    expect(Object.keys(json).sort()).toEqual(
      ["accountId", "privateKey", "publicKey", "secretPhrase", "secretSeed", "ss58Address"].sort(),
    );
    expect(json.secretSeed).toMatch(/^0x[0-9a-f]{64}$/);
    expect(json.accountId).toBe(`0x${Buffer.from(written.pair.publicKey).toString("hex")}`);
    expect((await stat(written.hotkeyFile)).mode & 0o777).toBe(0o600);

    const loaded = await loadHotkeyFromWallet({ walletPath, name: "miner", hotkey: "default" });
    expect(loaded.pair.ss58).toBe(written.pair.ss58);
    expect(loaded.pair.secretKey).toEqual(written.pair.secretKey);
    expect(loaded.coldkey).toBe(coldkey);
    await expectWalletError(
      writeBtcliHotkey({ walletPath, name: "miner", hotkey: "default" }),
      written.hotkeyFile,
      /already exists/,
    );
  });

  it("derives from secretPhrase when there is no secretSeed, and reads a bare-address coldkeypub.txt", async () => {
    const mnemonic = mnemonicGenerate(12);
    const ss58 = hotkeyPairFromUri(mnemonic).ss58;
    await writeKeyfile("phrase", "hk", { secretPhrase: mnemonic, ss58Address: ss58 });
    await writeFile(walletFiles({ walletPath, name: "phrase", hotkey: "hk" }).coldkeyPubFile, `${coldkey}\n`);
    const loaded = await loadHotkeyFromWallet({ walletPath, name: "phrase", hotkey: "hk" });
    expect(loaded.pair.ss58).toBe(parseHotkey(ss58));
    expect(loaded.coldkey).toBe(coldkey);
  });

  it("gives coldkey null when coldkeypub.txt is absent", async () => {
    const seed = `0x${"11".repeat(32)}`;
    const seeded = hotkeyPairFromUri(seed);
    await writeKeyfile("nocold", "hk", { secretSeed: seed, ss58Address: seeded.ss58 });
    const loaded = await loadHotkeyFromWallet({ walletPath, name: "nocold", hotkey: "hk" });
    expect(loaded.coldkey).toBeNull();
    expect(loaded.pair.ss58).toBe(seeded.ss58);
  });

  it("names the missing file", async () => {
    const { hotkeyFile } = walletFiles({ walletPath, name: "ghost", hotkey: "none" });
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "ghost", hotkey: "none" }),
      hotkeyFile,
      /not found/,
    );
  });

  it("refuses an ss58Address that does not match the derived key", async () => {
    const file = await writeKeyfile("mismatch", "hk", {
      secretSeed: `0x${"22".repeat(32)}`,
      ss58Address: hotkeyPairFromUri("//Eve").ss58,
    });
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "mismatch", hotkey: "hk" }),
      file,
      /does not match the key derived/,
    );
  });

  it("names a bad field without printing the secret", async () => {
    const secretText = "0xabcdef0123456789";
    const file = await writeKeyfile("badseed", "hk", { secretSeed: secretText, ss58Address: "x" });
    const error = await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "badseed", hotkey: "hk" }),
      file,
      /bad field secretSeed/,
    );
    expect(error.message).not.toContain("abcdef0123456789");
    expect(String(error.stack)).not.toContain("abcdef0123456789");

    const phraseFile = await writeKeyfile("badphrase", "hk", {
      secretPhrase: "hunter2 is my password",
      ss58Address: "x",
    });
    const phraseError = await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "badphrase", hotkey: "hk" }),
      phraseFile,
      /bad field secretPhrase/,
    );
    expect(phraseError.message).not.toContain("hunter2");
  });

  it("explains public-only, encrypted, non-object and missing-ss58 keyfiles", async () => {
    const pub = await writeKeyfile("pub", "hk", { ss58Address: hotkeyPairFromUri("//Eve").ss58 });
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "pub", hotkey: "hk" }),
      pub,
      /neither secretSeed nor secretPhrase/,
    );
    const enc = await writeKeyfile("enc", "hk", "$NACLxxxxxxxxxxxxxxxx");
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "enc", hotkey: "hk" }),
      enc,
      /is encrypted; only unencrypted/,
    );
    const cut = await writeKeyfile("cut", "hk", '{"secretSeed": "0x33');
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "cut", hotkey: "hk" }),
      cut,
      /is not valid JSON \(truncated or edited\?\)/,
    );
    const empty = await writeKeyfile("empty", "hk", "");
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "empty", hotkey: "hk" }),
      empty,
      /is empty/,
    );
    const arr = await writeKeyfile("arr", "hk", "[1,2]");
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "arr", hotkey: "hk" }),
      arr,
      /JSON object/,
    );
    const noSs58 = await writeKeyfile("noss58", "hk", { secretSeed: `0x${"33".repeat(32)}` });
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "noss58", hotkey: "hk" }),
      noSs58,
      /missing field ss58Address/,
    );
    const num = await writeKeyfile("num", "hk", { secretSeed: 5, ss58Address: "x" });
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "num", hotkey: "hk" }),
      num,
      /bad field secretSeed: expected a string/,
    );
  });

  it("refuses a bad coldkeypub.txt, naming it", async () => {
    const seed = `0x${"44".repeat(32)}`;
    await writeKeyfile("badcold", "hk", { secretSeed: seed, ss58Address: hotkeyPairFromUri(seed).ss58 });
    const { coldkeyPubFile } = walletFiles({ walletPath, name: "badcold", hotkey: "hk" });
    await writeFile(coldkeyPubFile, JSON.stringify({ ss58Address: "5notanaddress" }));
    await expectWalletError(
      loadHotkeyFromWallet({ walletPath, name: "badcold", hotkey: "hk" }),
      coldkeyPubFile,
      /bad field ss58Address/,
    );
  });

  it("refuses wallet and hotkey names that would leave the wallet directory", () => {
    expect(() => walletFiles({ walletPath, name: "..", hotkey: "hk" })).toThrow(/invalid wallet name/);
    expect(() => walletFiles({ walletPath, name: "w", hotkey: "../../etc/passwd" })).toThrow(
      /invalid hotkey name/,
    );
  });

  it("defaults to ~/.bittensor/wallets and expands ~", () => {
    const { hotkeyFile } = walletFiles({ name: "w", hotkey: "h" });
    expect(hotkeyFile).toMatch(/\.bittensor\/wallets\/w\/hotkeys\/h$/);
    expect(walletFiles({ walletPath: "~/x", name: "w", hotkey: "h" }).hotkeyFile).not.toContain("~");
  });
});
