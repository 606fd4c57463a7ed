import { createRequire } from "node:module";
import { defineSr25519, type Sr25519 } from "./sr25519";
import { isRistrettoPublicKey, isSchnorrkelSignature } from "./sr25519-well-formed";

/**
 * Node's sr25519: schnorrkel compiled to wasm with a newer curve25519-dalek (@polkadot-labs/schnorrkel-wasm),
 * about 1.8x faster than @polkadot/wasm-crypto here (verify ~0.17 ms vs ~0.31 ms) and 14x faster than pure JS.
 * A miner verifies every request and signs every answer, so this is most of its per-request CPU. It compiles
 * its wasm from bytes when imported, which workerd forbids: the Worker uses `initSr25519Wasm` instead.
 * Keys and signatures are interchangeable with the other backends.
 *
 * This library panics (a wasm trap) on a signature without schnorrkel's marker bit, a non-canonical scalar or
 * a public key that is not a Ristretto point, and every trap leaks the instance's shadow stack: ~1,200 of them
 * and it verifies nothing any more. So such input never reaches it (sr25519-well-formed.ts), and if a trap
 * happens anyway the instance is replaced by a fresh one.
 */
export async function loadSr25519Wasm(): Promise<Sr25519> {
  return sr25519Schnorrkel;
}

type Schnorrkel = {
  sr25519_sign(publicKey: Uint8Array, secretKey: Uint8Array, message: Uint8Array): Uint8Array;
  sr25519_verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
};

const require = createRequire(import.meta.url);
// The CommonJS build: requiring it again after dropping it from the cache gives a new wasm instance.
const ENTRY = require.resolve("@polkadot-labs/schnorrkel-wasm");

function instantiate(): Schnorrkel {
  delete require.cache[ENTRY];
  return require(ENTRY) as Schnorrkel;
}

let lib = instantiate();

/** Runs a library call; a trap (never expected: input is checked first) costs the instance, not the process. */
function guarded<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    lib = instantiate();
    throw error;
  }
}

const sr25519Schnorrkel = defineSr25519("schnorrkel-wasm", {
  sign: (publicKey, secretKey, message) => guarded(() => lib.sr25519_sign(publicKey, secretKey, message)),
  verify: (message, signature, publicKey) =>
    isSchnorrkelSignature(signature) &&
    isRistrettoPublicKey(publicKey) &&
    guarded(() => lib.sr25519_verify(publicKey, message, signature)),
});
