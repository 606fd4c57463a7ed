import { checkAddress, decodeAddress, encodeAddress } from "@polkadot/util-crypto/address";

/** The SS58 address prefix Bittensor uses for every hotkey and coldkey (the generic Substrate one). */
export const BITTENSOR_SS58_PREFIX = 42;

const PUBLIC_KEY_BYTES = 32;

/** Why a string is not a usable SS58 address; the message names the problem, never a secret. */
export class Ss58Error extends Error {
  override readonly name = "Ss58Error";
}

/** The outcome of decoding an SS58 string: the 32-byte public key, or why it was refused. */
export type Ss58Decoded = { ok: true; publicKey: Uint8Array } | { ok: false; message: string };

/**
 * Decodes an SS58 address to its 32-byte public key, requiring a valid checksum and the given prefix
 * (Bittensor's 42 by default). Returns the failure as a value so that request checks never throw.
 */
export function decodeSs58(address: string, prefix: number = BITTENSOR_SS58_PREFIX): Ss58Decoded {
  if (typeof address !== "string" || address.length === 0) return { ok: false, message: "empty address" };
  // SS58 of a 32-byte key with a one-byte prefix is 47-48 chars; bound the input before base58 work.
  if (address.length > 64) return { ok: false, message: "address is too long for SS58" };
  const key = `${prefix}:${address}`;
  const hit = decoded.get(key);
  if (hit) return { ok: true, publicKey: hit.slice() };
  const result = decodeUncached(address, prefix);
  if (result.ok) {
    if (decoded.size >= DECODED_MAX) decoded.clear();
    decoded.set(key, result.publicKey.slice());
  }
  return result;
}

/**
 * Valid addresses already decoded. Every signed request names two hotkeys, checked two or three times, and
 * base58 + blake2b cost about as much as the hashing around them; the set of peers is small. Bounded (cleared
 * when full) and holding only valid addresses, so hostile input cannot grow it; hits are copied out.
 */
const decoded = new Map<string, Uint8Array>();
const DECODED_MAX = 4096;

function decodeUncached(address: string, prefix: number): Ss58Decoded {
  const [valid, why] = checkAddress(address, prefix);
  if (!valid) return { ok: false, message: `not a valid SS58 address: ${why ?? "invalid"}` };
  const publicKey = decodeAddress(address, false, prefix);
  if (publicKey.length !== PUBLIC_KEY_BYTES) {
    return { ok: false, message: `expected a 32-byte account id, found ${publicKey.length} bytes` };
  }
  return { ok: true, publicKey };
}

/** Like `decodeSs58` but throws `Ss58Error`; for edges such as config loading. */
export function decodeSs58OrThrow(address: string, prefix: number = BITTENSOR_SS58_PREFIX): Uint8Array {
  const decoded = decodeSs58(address, prefix);
  if (!decoded.ok) throw new Ss58Error(decoded.message);
  return decoded.publicKey;
}

/** Encodes a 32-byte public key as SS58 with the given prefix (Bittensor's 42 by default). */
export function encodeSs58(publicKey: Uint8Array, prefix: number = BITTENSOR_SS58_PREFIX): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_BYTES) {
    throw new Ss58Error(`expected a 32-byte public key, found ${describeLength(publicKey)}`);
  }
  return encodeAddress(publicKey, prefix);
}

function describeLength(value: unknown): string {
  return value instanceof Uint8Array ? `${value.length} bytes` : typeof value;
}
