/**
 * The Worker's sr25519: the wasm backend, fed the module the bundler compiled (workerd refuses to compile
 * wasm from bytes). `npm install` writes the file (scripts/extract-wasm-crypto.mjs). Every request the
 * validator sends is signed and every answer verified, so this is most of a dispatch invocation's CPU:
 * the pure-JS backend costs about 7x more, and stays only as the fallback if instantiation fails.
 */

import type { Sr25519 } from "../../../../shared/src/keys/sr25519";
import { sr25519Js } from "../../../../shared/src/keys/sr25519-js";
import { initSr25519Wasm } from "../../../../shared/src/keys/sr25519-wasm";
import wasmCrypto from "../../generated/wasm-crypto.wasm";

// Started when this module is evaluated, which the Worker's entry makes happen before anything imports
// @polkadot/util-crypto: that package initializes @polkadot/wasm-crypto on import by compiling its embedded
// bytes, which workerd refuses (a "FATAL: Unable to initialize" line per isolate); started first, the
// package's own wait-for-ready finds this instance and reuses it.
const backend: Promise<Sr25519> = initSr25519Wasm(wasmCrypto).catch((error: unknown) => {
  console.error(`sr25519 wasm unavailable, using pure JS: ${error instanceof Error ? error.message : error}`);
  return sr25519Js;
});

/** The isolate's sr25519 backend. */
export function workerSr25519(): Promise<Sr25519> {
  return backend;
}
