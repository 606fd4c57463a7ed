import { sr25519Sign, sr25519Verify } from "@polkadot/util-crypto/sr25519";
import { defineSr25519 } from "./sr25519";

/**
 * Pure-JS sr25519 (@scure/sr25519 through @polkadot/util-crypto): runs anywhere, about 7x slower than the
 * wasm backend; the Worker's fallback if its bundled wasm module cannot be instantiated.
 */
export const sr25519Js = defineSr25519("js", {
  sign: (publicKey, secretKey, message) => sr25519Sign(message, { publicKey, secretKey }),
  verify: (message, signature, publicKey) => sr25519Verify(message, signature, publicKey),
});
