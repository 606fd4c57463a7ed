/**
 * Workers adapter: the timelock wasm imported as a module, so the bundler (wrangler / the vitest
 * Workers plugin) ships it compiled; workerd refuses to compile wasm from bytes at run time.
 * Import this only from Worker code: Node cannot import a `.wasm` file.
 */
import timelockWasm from "@ideallabs/timelock_wasm_wrapper/timelock_wasm_wrapper_bg.wasm";

/** The compiled timelock wasm module, for `createTimelock`. */
export const timelockWasmModule: WebAssembly.Module = timelockWasm;
