import { createServer, request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { startLocalUpstash } from "../local/upstash-bridge/local-upstash";
import { loadSr25519Wasm } from "../shared/src/keys/sr25519-wasm.node.js"; // tsx reads an extensionless "x.node" as a native addon
import { startRoster } from "../test/validator/support/roster";
import type { Behaviour } from "../test/validator/support/test-miner";

/**
 * The validator bench's peers, in their own process so the validator's CPU is measured alone: 256 test
 * miners on loopback with a realistic latency spread, and the local Upstash (redis-server + REST bridge)
 * behind a counting proxy, so every HTTP request the validator makes to "Upstash" is counted.
 * Prints one JSON line with the addresses, then runs until stdin closes.
 */
const MINERS = Number(process.env.BENCH_MINERS ?? 256);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 4000);

/** A deterministic spread: ~3% down, ~5% past the timeout, ~12% slow, ~10% weak, the rest fast. */
function behaviourFor(uid: number): { label: string; behaviour: Behaviour | null } {
  const r = ((uid * 2654435761) >>> 0) / 2 ** 32;
  if (r < 0.03) return { label: "down", behaviour: null };
  if (r < 0.08) return { label: "timeout", behaviour: { kind: "timeout", delayMs: TIMEOUT_MS + 1500 } };
  const jitter = ((uid * 40503) % 1000) / 1000;
  if (r < 0.2)
    return {
      label: "slow",
      behaviour: { kind: "slow", noise: uid, delayMs: Math.round(TIMEOUT_MS * (0.5 + 0.45 * jitter)) },
    };
  if (r < 0.3) return { label: "weak", behaviour: { kind: "weak", noise: uid } };
  // Log-normal-ish: median ~120 ms, long tail to ~1 s.
  const delayMs = Math.round(120 * Math.exp(1.1 * (jitter - 0.5) * 2));
  return { label: "good", behaviour: { kind: "good", noise: uid, delayMs } };
}

const upstash = await startLocalUpstash();
const target = new URL(upstash.url);
let requests = 0;
const proxy = createServer((req, res) => {
  if (req.url === "/__bench/count") {
    res.end(JSON.stringify({ requests }));
    return;
  }
  if (req.url === "/__bench/reset") {
    requests = 0;
    res.end("{}");
    return;
  }
  requests++;
  const upstream = httpRequest(
    { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", () => res.writeHead(502).end());
  req.pipe(upstream);
});
await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
const roster = await startRoster(
  Array.from({ length: MINERS }, (_, uid) => behaviourFor(uid)),
  await loadSr25519Wasm(),
  { stake: (uid) => 50 + (uid % 7) * 25 },
);
const labels: Record<string, number> = {};
for (const m of roster.miners) labels[m.label] = (labels[m.label] ?? 0) + 1;
process.stdout.write(
  `${JSON.stringify({
    upstashUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    token: upstash.token,
    metagraph: roster.metagraph,
    labels,
  })}\n`,
);
process.stdin.resume();
process.stdin.on("end", async () => {
  await roster.stop();
  proxy.close();
  await upstash.stop();
  process.exit(0);
});
