import { mkdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { bytesToHex } from "@noble/hashes/utils.js";
import { mnemonicGenerate } from "@polkadot/util-crypto/mnemonic";
import { type Coldkey, coldkeySchema } from "./hotkey";
import {
  HotkeyError,
  type HotkeyPair,
  hotkeyPairFromMnemonic,
  hotkeyPairFromSeed,
  seedFromMnemonic,
} from "./hotkey-pair";

/**
 * Reads and writes Bittensor wallets in btcli's on-disk layout (docs/chain.md, "Operators' keys"):
 * `<walletPath>/<name>/hotkeys/<hotkey>` is unencrypted JSON with `secretSeed`, `secretPhrase`, `ss58Address`...,
 * and `<walletPath>/<name>/coldkeypub.txt` holds the coldkey's address. Errors name the file and the field,
 * never the secret.
 */

/** Where btcli keeps wallets unless told otherwise. */
export function defaultWalletPath(): string {
  return join(homedir(), ".bittensor", "wallets");
}

/** A wallet and hotkey name as btcli takes them (`--wallet.path`, `--wallet.name`, `--wallet.hotkey`). */
export interface WalletRef {
  walletPath?: string;
  name: string;
  hotkey: string;
}

/** A hotkey loaded from disk, with its wallet's coldkey when `coldkeypub.txt` is present. */
export interface LoadedHotkey {
  pair: HotkeyPair;
  coldkey: Coldkey | null;
  hotkeyFile: string;
}

/** The wallet on disk is missing or unusable; `file` names which file, the message says what is wrong. */
export class WalletError extends Error {
  override readonly name = "WalletError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

const SAFE_NAME = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_KEYFILE_BYTES = 16 * 1024;

/** Paths of a wallet's hotkey file and coldkeypub.txt; names are restricted so they cannot escape the dir. */
export function walletFiles(ref: WalletRef): { hotkeyFile: string; coldkeyPubFile: string } {
  for (const [what, value] of [
    ["wallet name", ref.name],
    ["hotkey name", ref.hotkey],
  ] as const) {
    if (!SAFE_NAME.test(value) || value === "." || value === "..") {
      throw new WalletError(String(value), `invalid ${what} (letters, digits, '.', '_', '-')`);
    }
  }
  const root = resolve(expandHome(ref.walletPath ?? defaultWalletPath()), ref.name);
  return { hotkeyFile: join(root, "hotkeys", ref.hotkey), coldkeyPubFile: join(root, "coldkeypub.txt") };
}

/**
 * Loads an unencrypted btcli hotkey: derives the sr25519 pair from `secretSeed` (else `secretPhrase`) and
 * checks that it matches the file's `ss58Address`. Reads `coldkeypub.txt` if present (coldkey null if absent).
 */
export async function loadHotkeyFromWallet(ref: WalletRef): Promise<LoadedHotkey> {
  const { hotkeyFile, coldkeyPubFile } = walletFiles(ref);
  const keyfile = parseKeyfile(hotkeyFile, await readBounded(hotkeyFile, true));
  const pair = pairFromKeyfile(hotkeyFile, keyfile);
  const expected = stringField(hotkeyFile, keyfile, "ss58Address", true);
  if (expected !== pair.ss58) {
    throw new WalletError(
      hotkeyFile,
      `ss58Address ${expected} does not match the key derived from the file (${pair.ss58})`,
    );
  }
  const coldText = await readBounded(coldkeyPubFile, false);
  return { pair, coldkey: coldText === null ? null : parseColdkeyPub(coldkeyPubFile, coldText), hotkeyFile };
}

/** What to write as a devnet wallet: a mnemonic (generated if omitted) and optionally its coldkey address. */
export interface WriteHotkeyOptions extends WalletRef {
  mnemonic?: string;
  coldkey?: Coldkey;
  overwrite?: boolean;
}

/**
 * Writes a hotkey (and `coldkeypub.txt` when a coldkey is given) in btcli's format, mode 0600, for devnets
 * and tests. `privateKey` holds the 64-byte sr25519 secret as polkadot.js lays it out; btcli and
 * bittensor-wallet read `secretSeed` first, so they derive the same key from this file.
 */
export async function writeBtcliHotkey(options: WriteHotkeyOptions): Promise<LoadedHotkey> {
  const { hotkeyFile, coldkeyPubFile } = walletFiles(options);
  const mnemonic = options.mnemonic ?? mnemonicGenerate(12);
  const seed = bytesToHex(seedFromMnemonic(mnemonic));
  const pair = hotkeyPairFromSeed(seed);
  const publicHex = `0x${bytesToHex(pair.publicKey)}`;
  const body = {
    accountId: publicHex,
    publicKey: publicHex,
    privateKey: `0x${bytesToHex(pair.secretKey)}`,
    secretPhrase: mnemonic,
    secretSeed: `0x${seed}`,
    ss58Address: pair.ss58,
  };
  await mkdir(join(hotkeyFile, ".."), { recursive: true, mode: 0o700 });
  await writeFile(hotkeyFile, JSON.stringify(body), {
    mode: 0o600,
    flag: options.overwrite ? "w" : "wx",
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST") throw new WalletError(hotkeyFile, "already exists (pass overwrite: true)");
    throw error;
  });
  if (options.coldkey) {
    const pub = { accountId: null, publicKey: null, privateKey: null, secretPhrase: null, secretSeed: null };
    await writeFile(coldkeyPubFile, JSON.stringify({ ...pub, ss58Address: options.coldkey }), {
      mode: 0o644,
    });
  }
  return { pair, coldkey: options.coldkey ?? null, hotkeyFile };
}

type Keyfile = Record<string, unknown>;

function pairFromKeyfile(file: string, keyfile: Keyfile): HotkeyPair {
  const seed = stringField(file, keyfile, "secretSeed", false);
  const phrase = stringField(file, keyfile, "secretPhrase", false);
  try {
    if (seed !== null) return hotkeyPairFromSeed(seed);
    if (phrase !== null) return hotkeyPairFromMnemonic(phrase);
  } catch (error) {
    const field = seed !== null ? "secretSeed" : "secretPhrase";
    const why = error instanceof HotkeyError ? error.message : "could not derive a key";
    throw new WalletError(file, `bad field ${field}: ${why}`);
  }
  throw new WalletError(file, "has neither secretSeed nor secretPhrase (is it a public-only keyfile?)");
}

function parseKeyfile(file: string, text: string | null): Keyfile {
  if (text === null) throw new WalletError(file, "hotkey file not found");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // btcli can encrypt hotkeys (NaCl, ansible-vault, legacy Fernet); we only read its unencrypted default.
    if (/^\s*(\$NACL|\$ANSIBLE_VAULT|gAAAAA)/.test(text)) {
      throw new WalletError(file, "is encrypted; only unencrypted hotkeys (btcli's default) are supported");
    }
    if (text.trim() === "") throw new WalletError(file, "is empty");
    throw new WalletError(file, "is not valid JSON (truncated or edited?)");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new WalletError(file, "expected a JSON object");
  }
  return value as Keyfile;
}

function stringField(file: string, keyfile: Keyfile, field: string, required: true): string;
function stringField(file: string, keyfile: Keyfile, field: string, required: false): string | null;
function stringField(file: string, keyfile: Keyfile, field: string, required: boolean): string | null {
  const value = keyfile[field];
  if (value === undefined || value === null) {
    if (required) throw new WalletError(file, `missing field ${field}`);
    return null;
  }
  if (typeof value !== "string") throw new WalletError(file, `bad field ${field}: expected a string`);
  return value;
}

function parseColdkeyPub(file: string, text: string): Coldkey {
  const trimmed = text.trim();
  let address: unknown = trimmed;
  // coldkeypub.txt is JSON in current btcli; very old wallets held the bare address.
  if (trimmed.startsWith("{")) {
    try {
      address = (JSON.parse(trimmed) as Keyfile).ss58Address;
    } catch {
      throw new WalletError(file, "is not valid JSON");
    }
  }
  const parsed = coldkeySchema.safeParse(address);
  if (!parsed.success) {
    throw new WalletError(file, `bad field ss58Address: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  return parsed.data;
}

async function readBounded(file: string, required: boolean): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      if (required) throw new WalletError(file, "file not found");
      return null;
    }
    throw new WalletError(file, `cannot read (${code ?? "error"})`);
  }
  if (bytes.length > MAX_KEYFILE_BYTES) throw new WalletError(file, "is too large to be a keyfile");
  return bytes.toString("utf8");
}

function expandHome(path: string): string {
  return path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : path;
}
