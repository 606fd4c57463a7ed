/**
 * Timelock encryption to drand quicknet rounds (Boneh-Franklin IBE on BLS12-381 + AES-GCM, the `tle`
 * scheme subtensor decrypts for commit-reveal v3), through @ideallabs/timelock_wasm_wrapper@1.0.0,
 * whose output is exactly the wire format the chain accepts (see wire-format.ts).
 *
 * The wasm is passed in already compiled: Workers cannot compile wasm from bytes at run time, so the
 * Worker imports the `.wasm` file as a module at bundle time (wasm-module.workerd.ts) and Node reads it
 * from disk (wasm-module.node.ts).
 */

import { initSync, tld, tle } from "@ideallabs/timelock_wasm_wrapper";
import { hexToBytes } from "@noble/hashes/utils.js";
import { quicknetPublicKey, roundIdentity } from "./drand";

const CURVE = "bls12_381";

/** Timelock encryption bound to an initialized wasm instance. */
export interface Timelock {
  /** Encrypts `plaintext` so that it opens with the signature of drand quicknet round `revealRound`. */
  encrypt(plaintext: Uint8Array, revealRound: bigint | number): Uint8Array;
  /** Decrypts with a round's signature (compressed G1, hex with or without 0x); throws TimelockError on failure. */
  decrypt(ciphertext: Uint8Array, roundSignatureHex: string): Uint8Array;
}

/** A timelock operation failed (bad input, wrong round signature, corrupted ciphertext). */
export class TimelockError extends Error {
  override readonly name = "TimelockError";
}

function toBytes(x: unknown): Uint8Array {
  if (x instanceof Uint8Array) return x;
  if (Array.isArray(x)) return Uint8Array.from(x as number[]);
  throw new TimelockError("unexpected value from the timelock wasm");
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Instantiates the wasm (once per isolate: the wrapper keeps a single instance) and returns the
 * encrypt/decrypt pair. `wasm` is a compiled module (Workers) or its bytes (Node).
 */
export function createTimelock(wasm: WebAssembly.Module | BufferSource): Timelock {
  initSync({ module: wasm });
  const publicKey = quicknetPublicKey();
  return {
    encrypt(plaintext, revealRound) {
      // A fresh AES key per message; the IBE part wraps it for the round's identity.
      const key = crypto.getRandomValues(new Uint8Array(32));
      try {
        return toBytes(tle(roundIdentity(revealRound), plaintext, key, publicKey, CURVE));
      } catch (e) {
        throw new TimelockError(`timelock encryption failed: ${describe(e)}`);
      } finally {
        key.fill(0);
      }
    },
    decrypt(ciphertext, roundSignatureHex) {
      const hex = roundSignatureHex.startsWith("0x") ? roundSignatureHex.slice(2) : roundSignatureHex;
      if (!/^[0-9a-fA-F]{96}$/.test(hex)) throw new TimelockError("round signature must be 48 bytes of hex");
      try {
        return toBytes(tld(ciphertext, hexToBytes(hex), CURVE));
      } catch (e) {
        throw new TimelockError(`timelock decryption failed: ${describe(e)}`);
      }
    },
  };
}
