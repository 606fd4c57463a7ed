// postinstall: writes @polkadot/wasm-crypto's wasm (embedded in the package as compressed base64) to a file,
// so the Worker can import it as a compiled module: workerd refuses to compile wasm from bytes at run time.
// Plain Node (no tsx) because it also runs in the miner image, where dev dependencies are not installed.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const workerDir = join(root, "workers", "validator");
if (!existsSync(workerDir)) process.exit(0); // an image without the Worker (the miner's) needs no copy

// Resolved from @polkadot/wasm-crypto itself: the wasm must be the exact build its JS glue was made for.
const fromRoot = createRequire(join(root, "package.json"));
const fromGlue = createRequire(fromRoot.resolve("@polkadot/wasm-crypto"));
const { wasmBytes } = fromGlue("@polkadot/wasm-crypto-wasm");
const target = join(workerDir, "generated", "wasm-crypto.wasm");
const current = existsSync(target) ? readFileSync(target) : null;
if (!current?.equals(wasmBytes)) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, wasmBytes);
}
