import { ristretto255 } from "@noble/curves/ed25519.js";

/**
 * Whether a signature and public key are *encodings* schnorrkel accepts, checked before any library sees them.
 * Some sr25519 builds (schnorrkel-wasm) panic on a malformed one instead of returning false, and a wasm panic
 * leaves the instance broken, so a verifier must never hand them such input.
 */

/** The order of the Ristretto group (a signature's scalar must be below it). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** A 64-byte signature R || s with schnorrkel's marker bit (s[31] & 0x80) and a canonical scalar s < L. */
export function isSchnorrkelSignature(signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const last = signature[63] as number;
  if ((last & 0x80) === 0) return false;
  // Below 2^252 is always canonical (schnorrkel's own fast path); above, compare with L.
  if ((last & 0x70) === 0) return true;
  let s = BigInt(last & 0x7f);
  for (let i = 62; i >= 32; i--) s = (s << 8n) | BigInt(signature[i] as number);
  return s < L;
}

/** Keys already decoded once (decoding costs ~0.1 ms; a miner sees the same few validators again and again). */
const knownKeys = new Set<string>();
const KNOWN_KEYS_MAX = 10_000;

/** A 32-byte public key that decodes to a Ristretto point. */
export function isRistrettoPublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 32) return false;
  const hex = Buffer.from(publicKey.buffer, publicKey.byteOffset, 32).toString("hex");
  if (knownKeys.has(hex)) return true;
  try {
    ristretto255.Point.fromBytes(publicKey);
  } catch {
    return false;
  }
  if (knownKeys.size >= KNOWN_KEYS_MAX) knownKeys.clear();
  knownKeys.add(hex);
  return true;
}
