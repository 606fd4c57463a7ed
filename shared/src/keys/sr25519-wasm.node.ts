import type { Sr25519 } from "./sr25519";
import { initSr25519Wasm } from "./sr25519-wasm";

/** Node: the wasm sr25519 backend from the bytes @polkadot/wasm-crypto embeds (Workers: wasm-crypto.workerd.ts). */
export function loadSr25519Wasm(): Promise<Sr25519> {
  return initSr25519Wasm();
}
