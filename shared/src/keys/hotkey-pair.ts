import { hexToBytes } from "@noble/hashes/utils.js";
import { keyExtractSuri, keyFromPath } from "@polkadot/util-crypto/key";
import { mnemonicToMiniSecret } from "@polkadot/util-crypto/mnemonic";
import { sr25519PairFromSeed } from "@polkadot/util-crypto/sr25519";
import { type Hotkey, hotkeyFromPublicKey } from "./hotkey";

/**
 * An sr25519 hotkey with its secret: `secretKey` is the 64-byte expanded key (scalar + nonce, in the
 * "half-ed25519" layout both @polkadot/wasm-crypto and @scure/sr25519 use). `secretKey` is non-enumerable, so
 * `JSON.stringify`, `console.log` and object spread never carry it by accident; pass the pair itself around.
 */
export interface HotkeyPair {
  readonly ss58: Hotkey;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
}

/** A key could not be made from the given secret; the message never includes the secret itself. */
export class HotkeyError extends Error {
  override readonly name = "HotkeyError";
}

/** The public dev mnemonic behind `//Alice`, `//Bob`, ... (Substrate's DEV_PHRASE; not a secret). */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

const SEED_HEX = /^(0x)?[0-9a-fA-F]{64}$/;

/** Builds a pair from a public key and its 64-byte sr25519 secret key, checking both lengths. */
export function makeHotkeyPair(publicKey: Uint8Array, secretKey: Uint8Array): HotkeyPair {
  if (publicKey.length !== 32) throw new HotkeyError(`public key must be 32 bytes, got ${publicKey.length}`);
  if (secretKey.length !== 64) throw new HotkeyError(`secret key must be 64 bytes, got ${secretKey.length}`);
  const pair = { ss58: hotkeyFromPublicKey(publicKey), publicKey } as {
    -readonly [K in keyof HotkeyPair]: HotkeyPair[K];
  };
  Object.defineProperty(pair, "secretKey", { value: secretKey, enumerable: false });
  return Object.freeze(pair);
}

/** The pair for a 32-byte sr25519 mini-secret seed, given as bytes or hex (with or without `0x`). */
export function hotkeyPairFromSeed(seed: Uint8Array | string): HotkeyPair {
  const bytes = typeof seed === "string" ? seedFromHex(seed) : seed;
  if (bytes.length !== 32) throw new HotkeyError(`seed must be 32 bytes, got ${bytes.length}`);
  const { publicKey, secretKey } = sr25519PairFromSeed(bytes);
  return makeHotkeyPair(publicKey, secretKey);
}

/** The pair for a BIP-39 mnemonic, derived the Substrate way (as btcli and polkadot.js do). */
export function hotkeyPairFromMnemonic(mnemonic: string, password = ""): HotkeyPair {
  return hotkeyPairFromSeed(seedFromMnemonic(mnemonic, password));
}

/**
 * The pair for a Substrate secret URI: `//Alice` (dev phrase), `<mnemonic>//hard/soft///password` or
 * `0x<seed hex>//hard`. Dev URIs are for local chains and tests only.
 */
export function hotkeyPairFromUri(uri: string): HotkeyPair {
  const suri = uri.startsWith("/") ? `${DEV_PHRASE}${uri}` : uri;
  let parts: ReturnType<typeof keyExtractSuri>;
  try {
    parts = keyExtractSuri(suri);
  } catch {
    throw new HotkeyError(
      "not a secret URI (expected //Name, a mnemonic or 0x<seed>, optionally with a path)",
    );
  }
  const seed = SEED_HEX.test(parts.phrase)
    ? seedFromHex(parts.phrase)
    : seedFromMnemonic(parts.phrase, parts.password ?? "");
  const root = sr25519PairFromSeed(seed);
  const derived = keyFromPath(root, parts.path, "sr25519");
  return makeHotkeyPair(derived.publicKey, derived.secretKey);
}

function seedFromHex(hex: string): Uint8Array {
  const trimmed = hex.trim();
  if (!SEED_HEX.test(trimmed))
    throw new HotkeyError("seed must be 32 bytes of hex (64 hex digits, optional 0x)");
  return hexToBytes(trimmed.replace(/^0x/, ""));
}

/** The 32-byte mini-secret seed of a BIP-39 mnemonic (Substrate's derivation: PBKDF2 over the entropy). */
export function seedFromMnemonic(mnemonic: string, password = ""): Uint8Array {
  try {
    return mnemonicToMiniSecret(mnemonic.trim(), password);
  } catch {
    throw new HotkeyError("not a valid BIP-39 mnemonic (wrong word, word count or checksum)");
  }
}
