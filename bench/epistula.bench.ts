/**
 * Epistula v2 costs: raw sr25519 verify and a full verifyRequest (1 KiB and 256 KiB bodies), wasm vs pure JS.
 * Run: `npx tsx bench/epistula.bench.ts`; writes bench/results/epistula.{json,md}.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { join } from "node:path";
import { epistulaMessageBytes } from "../shared/src/epistula/message";
import { memoryReplayGuard } from "../shared/src/epistula/replay-guard";
import { signRequest } from "../shared/src/epistula/sign";
import { verifyRequest } from "../shared/src/epistula/verify";
import { hotkeyPairFromUri } from "../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../shared/src/keys/sr25519";
import { sr25519Js } from "../shared/src/keys/sr25519-js";
import { initSr25519Wasm } from "../shared/src/keys/sr25519-wasm";
import { loadSr25519Wasm } from "../shared/src/keys/sr25519-wasm.node.js"; // tsx reads an extensionless "x.node" as a native addon

type Row = {
  case: string;
  backend: string;
  iterations: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
};

async function measure(iterations: number, fn: () => unknown): Promise<Omit<Row, "case" | "backend">> {
  for (let i = 0; i < Math.min(50, iterations); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    const inner = await fn();
    // A case may time its own inner section and return it (ms), leaving set-up outside the measurement.
    samples.push(typeof inner === "number" ? inner : performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { iterations, meanMs: round(mean), p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function main(): Promise<void> {
  const backends: Sr25519[] = [await loadSr25519Wasm(), await initSr25519Wasm(), sr25519Js];
  const alice = hotkeyPairFromUri("//Alice");
  const bob = hotkeyPairFromUri("//Bob");
  const rows: Row[] = [];
  for (const sr of backends) {
    const iterations = sr.name === "js" ? 300 : 2000;
    const message = epistulaMessageBytes({
      bodySha256Hex: "00".repeat(32),
      uuid: crypto.randomUUID(),
      timestamp: "1700000000000",
      signedFor: bob.ss58,
    });
    const signature = sr.sign(message, alice);
    rows.push({
      case: "sr25519 verify",
      backend: sr.name,
      ...(await measure(iterations, () => sr.verify(message, signature, alice.publicKey))),
    });
    rows.push({
      case: "signRequest (1 KiB)",
      backend: sr.name,
      ...(await measure(iterations, () =>
        signRequest({ body: new Uint8Array(1024), signer: alice, signedFor: bob.ss58, sr25519: sr }),
      )),
    });
    for (const size of [1024, 256 * 1024]) {
      const body = new Uint8Array(size).fill(7);
      const replay = memoryReplayGuard();
      const label = size === 1024 ? "1 KiB" : "256 KiB";
      rows.push({
        case: `verifyRequest (${label})`,
        backend: sr.name,
        ...(await measure(iterations, async () => {
          // Fresh uuid each time so the replay guard does not short-circuit; signing is outside the timer.
          const headers = signRequest({ body, signer: alice, signedFor: bob.ss58, sr25519: sr, now: 1 });
          const t = performance.now();
          const result = await verifyRequest({
            headers,
            body,
            receiver: bob.ss58,
            sr25519: sr,
            now: 1,
            replay,
          });
          if (!result.ok) throw new Error(result.message);
          return performance.now() - t;
        })),
      });
    }
  }
  const meta = {
    node: process.version,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    date: new Date().toISOString(),
  };
  const dir = join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "epistula.json"), `${JSON.stringify({ meta, rows }, null, 2)}\n`);
  const table = [
    "| case | backend | iterations | mean ms | p50 ms | p99 ms |",
    "| --- | --- | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) => `| ${r.case} | ${r.backend} | ${r.iterations} | ${r.meanMs} | ${r.p50Ms} | ${r.p99Ms} |`,
    ),
  ];
  const md = `# Epistula v2 benchmark\n\nNode ${meta.node}, ${meta.cpu} (${meta.cores} cores, shared), ${meta.date}.\n\n${table.join("\n")}\n`;
  await writeFile(join(dir, "epistula.md"), md);
  console.log(md);
}

await main();
