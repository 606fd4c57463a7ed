import { parseAxonOverrides } from "../../workers/validator/src/chain/axon-overrides";
import { chainMetagraphSource } from "../../workers/validator/src/chain/chain-metagraph-source";
import { findRuntime } from "../chain/find-runtime";
import { startChainLayer } from "./chain-layer";

const rt = findRuntime();
if (rt.kind !== "found") throw new Error();
const c = await startChainLayer({ specPath: rt.specPath, miners: 1, keyPrefix: "dbg" + Date.now() });
await c.serveAxons([45678]);
try {
  const src = chainMetagraphSource({
    endpoints: [c.wsUrl],
    netuid: c.netuid,
    timeoutMs: 20000,
    overrides: parseAxonOverrides("192.0.2.1=127.0.0.1") as never,
  });
  console.log(JSON.stringify(await src.read()).slice(0, 1000));
} catch (e) {
  console.error("ERR", e);
}
await c.stop();
