import type { HotkeyPair } from "./hotkey-pair";

/**
 * Raw sr25519 signing (Schnorrkel, "substrate" context) over exact message bytes. Three implementations share
 * one secret-key format: `sr25519-wasm.node.ts` (fastest; Node), `sr25519-wasm.ts` (the Worker's: a wasm
 * module the bundler compiles) and `sr25519-js.ts` (pure JS, the fallback that runs anywhere).
 * `verify` never throws: wrong lengths or garbage give `false`.
 */
export interface Sr25519 {
  /** Which implementation this is, for benchmarks and logs. */
  readonly name: string;
  /** Signs `message` (signatures are randomized: two calls give different bytes). */
  sign(message: Uint8Array, pair: Pick<HotkeyPair, "publicKey" | "secretKey">): Uint8Array;
  /** True only for a valid 64-byte signature of `message` by the 32-byte `publicKey`. */
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
}

/** Whether the inputs have the only lengths sr25519 accepts; both backends check this before any curve math. */
export function hasSr25519Lengths(signature: Uint8Array, publicKey: Uint8Array): boolean {
  return (
    signature instanceof Uint8Array &&
    publicKey instanceof Uint8Array &&
    signature.length === 64 &&
    publicKey.length === 32
  );
}

/** The raw operations of one sr25519 library (argument orders differ between libraries; these are ours). */
export interface RawSr25519 {
  sign(publicKey: Uint8Array, secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
}

/**
 * Makes a backend from a library's raw operations, adding what every backend must do the same way: key
 * lengths checked before signing, and a `verify` that answers false (never throws) for wrong lengths, an
 * undecodable point or scalar, or anything else the library rejects.
 */
export function defineSr25519(name: string, raw: RawSr25519): Sr25519 {
  return {
    name,
    sign(message, pair) {
      if (pair.publicKey.length !== 32 || pair.secretKey.length !== 64) {
        throw new Error("sr25519 sign needs a 32-byte public key and a 64-byte secret key");
      }
      return raw.sign(pair.publicKey, pair.secretKey, message);
    },
    verify(message, signature, publicKey) {
      if (!hasSr25519Lengths(signature, publicKey)) return false;
      try {
        return raw.verify(message, signature, publicKey);
      } catch {
        return false;
      }
    },
  };
}
