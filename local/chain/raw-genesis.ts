import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compactAddLength, hexToU8a, stringToHex, stringToU8a, u8aToHex, u8aToString } from "@polkadot/util";
import { loadChopsticks } from "./chopsticks";

/** A chain spec in the raw form chopsticks' `genesis` option reads. */
export interface RawChainSpec {
  name: string;
  id: string;
  properties: Record<string, unknown>;
  genesis: { raw: { top: Record<string, string> } };
}

interface PlainChainSpec {
  name: string;
  id: string;
  properties?: Record<string, unknown>;
  genesis: { runtimeGenesis: { code: `0x${string}`; patch?: Record<string, unknown> } };
}

/** The runtime call failed or returned something unexpected. */
export class GenesisBuildError extends Error {
  override name = "GenesisBuildError";
}

/** Storage reads during genesis building see an empty state; writes are kept by the executor's overlay. */
const emptyState = {
  getStorage: async () => undefined,
  getNextKey: async () => undefined,
  offchainGetStorage: async () => undefined,
  offchainTimestamp: async () => Date.now(),
  offchainRandomSeed: async () => u8aToHex(new Uint8Array(32)),
  offchainSubmitTransaction: async () => false,
};

async function callRuntime(wasm: `0x${string}`, method: string, args: `0x${string}`, storage = emptyState) {
  // spec 293 imports BLS12-381 host functions that chopsticks lacks; genesis code never calls them.
  const { runTask } = (await loadChopsticks()).core;
  const res = await runTask(
    {
      wasm,
      calls: [[method, [args]]],
      mockSignatureHost: false,
      allowUnresolvedImports: true,
      runtimeLogLevel: 0,
    },
    storage as never,
  );
  if ("Error" in res) throw new GenesisBuildError(`${method}: ${res.Error}`);
  return res.Call;
}

/** sc-chain-spec's json merge: objects merge key by key, anything else replaces, null deletes. */
function mergeJson(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergeJson(out[k], v);
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Turns a plain chain spec (runtime code + genesis patch) into a raw one, the way the node does:
 * GenesisBuilder_get_preset(None) for the defaults, merge the patch, GenesisBuilder_build_state, and
 * keep the storage it wrote plus `:code`. Runs the runtime in chopsticks' wasm executor.
 */
export async function buildRawSpec(plain: PlainChainSpec): Promise<RawChainSpec> {
  const code = plain.genesis.runtimeGenesis.code;
  const preset = await callRuntime(code, "GenesisBuilder_get_preset", "0x00");
  const presetBytes = hexToU8a(preset.result);
  // Option<Vec<u8>>: 0x01 then a compact length then JSON.
  if (presetBytes[0] !== 1) throw new GenesisBuildError("runtime has no default genesis preset");
  const json = JSON.parse(u8aToString(stripCompactLength(presetBytes.subarray(1))));
  const config = mergeJson(json, plain.genesis.runtimeGenesis.patch ?? {});
  const built = await callRuntime(
    code,
    "GenesisBuilder_build_state",
    u8aToHex(compactAddLength(stringToU8a(JSON.stringify(config)))),
  );
  // Result<(), String>: 0x00 is Ok.
  if (!built.result.startsWith("0x00")) {
    throw new GenesisBuildError(
      `GenesisBuilder_build_state failed: ${u8aToString(hexToU8a(built.result).subarray(2))}`,
    );
  }
  const top: Record<string, string> = {};
  for (const [key, value] of built.storageDiff as [string, string | null][]) {
    if (value !== null) top[key] = value;
  }
  top[stringToHex(":code")] = code;
  return { name: plain.name, id: plain.id, properties: plain.properties ?? {}, genesis: { raw: { top } } };
}

function stripCompactLength(bytes: Uint8Array): Uint8Array {
  const mode = (bytes[0] ?? 0) & 3;
  const skip = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 1 + ((bytes[0] ?? 0) >> 2) + 4;
  return bytes.subarray(skip);
}

/**
 * The raw spec for `specPath`, built once and cached beside it as `<spec>.raw-<sha256 prefix>.json`
 * (keyed by the spec's content, so a new spec rebuilds).
 */
export async function loadRawSpec(specPath: string): Promise<RawChainSpec> {
  const text = readFileSync(specPath);
  const hash = createHash("sha256").update(text).digest("hex").slice(0, 16);
  const cachePath = join(
    dirname(specPath),
    `${specPath
      .split("/")
      .pop()
      ?.replace(/\.json$/, "")}.raw-${hash}.json`,
  );
  if (existsSync(cachePath)) return JSON.parse(readFileSync(cachePath, "utf8")) as RawChainSpec;
  const spec = JSON.parse(text.toString("utf8")) as PlainChainSpec | RawChainSpec;
  const raw = "raw" in spec.genesis ? (spec as RawChainSpec) : await buildRawSpec(spec as PlainChainSpec);
  const tmp = `${cachePath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(raw));
  renameSync(tmp, cachePath);
  return raw;
}
