import { sr25519Sign, sr25519Verify } from "@polkadot/util-crypto/sr25519";
import { hasSr25519Lengths, type Sr25519 } from "./sr25519";

/**
 * Pure-JS sr25519 (@scure/sr25519 through @polkadot/util-crypto): runs anywhere, about 7x slower than the
 * wasm backend; the Worker's fallback if its bundled wasm module cannot be instantiated.
 */
export const sr25519Js: Sr25519 = {
  name: "js",
  sign(message, pair) {
    return sr25519Sign(message, pair);
  },
  verify(message, signature, publicKey) {
    if (!hasSr25519Lengths(signature, publicKey)) return false;
    try {
      return sr25519Verify(message, signature, publicKey);
    } catch {
      // An undecodable point or scalar is just an invalid signature.
      return false;
    }
  },
};
