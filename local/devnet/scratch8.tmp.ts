import { writeFileSync } from "node:fs";
import { findRuntime } from "../chain/find-runtime";
import { startLocalUpstash } from "../upstash-bridge";
import { startChainLayer } from "./chain-layer";

const rt = findRuntime();
if (rt.kind !== "found") throw new Error();
const up = await startLocalUpstash();
const c = await startChainLayer({ specPath: rt.specPath, miners: 1, keyPrefix: "dbg" + Date.now() });
await c.serveAxons([45678]);
writeFileSync(
  "/tmp/dvs/env.json",
  JSON.stringify({ ws: c.wsUrl, netuid: c.netuid, up: up.url, token: up.token, v: c.validatorUri }),
);
await new Promise((r) => setTimeout(r, 150000));
await c.stop();
await up.stop();
