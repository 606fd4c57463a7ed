// A `.wasm` import is a compiled WebAssembly.Module in wrangler's bundles (CompiledWasm module rule).
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
