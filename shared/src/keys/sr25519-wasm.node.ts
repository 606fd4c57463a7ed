import { sr25519Sign, sr25519Verify, waitReady } from "@polkadot/wasm-crypto";
import { hasSr25519Lengths, type Sr25519 } from "./sr25519";

/**
 * Loads the wasm sr25519 backend (@polkadot/wasm-crypto, Schnorrkel compiled to wasm): Node only, about 7x
 * faster than `sr25519Js`. Its keys and signatures are interchangeable with the JS backend's.
 */
export async function loadSr25519Wasm(): Promise<Sr25519> {
  const ready = await waitReady();
  if (!ready) throw new Error("@polkadot/wasm-crypto failed to initialize; use sr25519Js instead");
  return sr25519Wasm;
}

const sr25519Wasm: Sr25519 = {
  name: "wasm",
  sign(message, pair) {
    if (pair.publicKey.length !== 32 || pair.secretKey.length !== 64) {
      throw new Error("sr25519 sign needs a 32-byte public key and a 64-byte secret key");
    }
    return sr25519Sign(pair.publicKey, pair.secretKey, message);
  },
  verify(message, signature, publicKey) {
    if (!hasSr25519Lengths(signature, publicKey)) return false;
    try {
      return sr25519Verify(signature, message, publicKey);
    } catch {
      return false;
    }
  },
};
