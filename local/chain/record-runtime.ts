/**
 * Records what offline encoding tests need from the running runtime: its metadata (SCALE hex, fine to
 * commit, unlike the wasm) and the few RPC answers @polkadot/api asks for at start-up.
 *
 *   npx tsx local/chain/record-runtime.ts    # writes test/fixtures/chain/{metadata-293.hex,runtime-293.json}
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { WsProvider } from "@polkadot/api";
import { findRuntime } from "./find-runtime";
import { startLocalChain } from "./local-chain";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test", "fixtures", "chain");

async function main(): Promise<number> {
  const runtime = findRuntime();
  if (runtime.kind === "missing") {
    console.error(runtime.howTo);
    return 1;
  }
  const chain = await startLocalChain({ specPath: runtime.specPath });
  const ws = new WsProvider(chain.wsUrl);
  try {
    await ws.isReady;
    const [metadata, version, genesisHash, chainName, properties] = await Promise.all([
      ws.send<string>("state_getMetadata", []),
      ws.send<Record<string, unknown>>("state_getRuntimeVersion", []),
      ws.send<string>("chain_getBlockHash", [0]),
      ws.send<string>("system_chain", []),
      ws.send<Record<string, unknown>>("system_properties", []),
    ]);
    const specVersion = Number(version.specVersion);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `metadata-${specVersion}.hex`), `${metadata}\n`);
    writeFileSync(
      join(OUT, `runtime-${specVersion}.json`),
      `${JSON.stringify({ genesisHash, chain: chainName, properties, runtimeVersion: version }, null, 2)}\n`,
    );
    console.log(
      `wrote metadata-${specVersion}.hex (${(metadata.length - 2) / 2} bytes) and runtime-${specVersion}.json`,
    );
    return 0;
  } finally {
    await ws.disconnect();
    await chain.stop();
  }
}

main().then((c) => process.exit(c));
