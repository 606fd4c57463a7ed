/**
 * The floor for `npm run bench:miner`: the least any Node server must do per Epistula request — parse HTTP,
 * hash the body, verify the sr25519 signature, sign the answer — with nothing else (no router, no Redis, no
 * schema, no model). The miner's noop server measured against it shows what the rest of the production path
 * (Hono, shared replay cache and rate limits in Redis, zod, metrics, served log) costs. Not a server to run.
 */
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { memoryReplayGuard, signResponse, verifyRequest } from "../shared/src/epistula";
import { hotkeyPairFromUri } from "../shared/src/keys/hotkey-pair";
import { loadSr25519Wasm } from "../shared/src/keys/sr25519-wasm.node.js"; // tsx reads "x.node" as an addon

const sr25519 = await loadSr25519Wasm();
const miner = hotkeyPairFromUri(process.env.HOTKEY_URI ?? "//Bob");
const replay = memoryReplayGuard();

const server = createServer((req, res) => {
  const hash = createHash("sha256");
  req.on("data", (chunk: Buffer) => hash.update(chunk));
  req.on("end", async () => {
    const verdict = await verifyRequest({
      headers: req.headers,
      bodySha256Hex: hash.digest("hex"),
      receiver: miner.ss58,
      sr25519,
      replay,
      maxAgeMs: 60_000,
    });
    const body = JSON.stringify(verdict.ok ? { ok: true } : { error: verdict.reason });
    const headers = verdict.ok
      ? signResponse({ body, signer: miner, signedFor: verdict.signedBy, requestUuid: verdict.uuid, sr25519 })
      : {};
    res.writeHead(verdict.ok ? 200 : 401, { "content-type": "application/json", ...headers }).end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address && typeof address === "object")
    console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
