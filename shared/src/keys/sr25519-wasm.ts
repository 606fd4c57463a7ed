import { bridge, sr25519Sign, sr25519Verify, waitReady } from "@polkadot/wasm-crypto";
import { defineSr25519, type Sr25519 } from "./sr25519";

/**
 * The Worker's sr25519 backend (@polkadot/wasm-crypto: Schnorrkel compiled to wasm), about 7x faster than
 * `sr25519Js`; keys and signatures are interchangeable with it. (Node uses the faster schnorrkel-wasm build,
 * `sr25519-wasm.node.ts`, which can only compile its wasm from bytes.) @polkadot/wasm-crypto keeps one wasm
 * instance per isolate (its `bridge`), so the first initialization wins and later calls reuse it.
 *
 * Without an argument the package compiles its embedded bytes (Node: the validator bench). Workers cannot
 * compile wasm from bytes at run time, so the Worker passes the module its bundler compiled
 * (workers/validator/src/crypto/sr25519.ts).
 */
export async function initSr25519Wasm(compiled?: WebAssembly.Module): Promise<Sr25519> {
  const ready = compiled ? await bridge.init(instantiateWith(compiled)).then(Boolean) : await waitReady();
  if (!ready) throw new Error("@polkadot/wasm-crypto failed to initialize; use sr25519Js instead");
  return sr25519WasmCrypto;
}

/** @polkadot/wasm-bridge's loader contract, fed an already compiled module (no byte compilation). */
function instantiateWith(compiled: WebAssembly.Module) {
  return async (wbg: object) => {
    try {
      const instance = await WebAssembly.instantiate(compiled, { wbg } as WebAssembly.Imports);
      return { error: null, type: "wasm" as const, wasm: instance.exports as never };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        error: `cannot instantiate @polkadot/wasm-crypto: ${message}`,
        type: "none" as const,
        wasm: null,
      };
    }
  };
}

const sr25519WasmCrypto = defineSr25519("wasm-crypto", {
  sign: (publicKey, secretKey, message) => sr25519Sign(publicKey, secretKey, message),
  verify: (message, signature, publicKey) => sr25519Verify(signature, message, publicKey),
});
