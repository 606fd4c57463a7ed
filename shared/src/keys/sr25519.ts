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
