/** Node adapter: reads the timelock wasm from node_modules (Workers use wasm-module.workerd.ts instead). */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The bytes of @ideallabs/timelock_wasm_wrapper's wasm, for `createTimelock` (which compiles them). */
export function loadTimelockWasmNode(): Uint8Array {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve("@ideallabs/timelock_wasm_wrapper"));
  return new Uint8Array(readFileSync(join(dir, "timelock_wasm_wrapper_bg.wasm")));
}
