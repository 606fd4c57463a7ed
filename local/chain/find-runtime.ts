import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The blob id of aura-dev.json (spec 293) in opentensor/subtensor, see docs/chain.md. */
export const RUNTIME_SPEC_BLOB = "dd53a75be37ed9029356a03d9ef68aff88007195";

/** Where the plain chain spec is cached when `MIAOAI_CHAIN_SPEC` is not set. */
export function defaultSpecPath(): string {
  return join(homedir(), ".cache", "miaoai", "chain", "aura-dev-293.json");
}

/** Whether the subtensor runtime (a plain dev chain spec) is on this machine, and where. */
export type RuntimeLocation =
  | { kind: "found"; specPath: string }
  | { kind: "missing"; specPath: string; howTo: string };

/** How to get the runtime, for skip messages and the CLI. */
export function howToGetRuntime(specPath: string): string {
  return [
    `No subtensor chain spec at ${specPath}.`,
    "Get it with `npx tsx scripts/get-runtime.ts` (needs github.com), or from a local clone of",
    `opentensor/subtensor: git --git-dir=<clone>/.git cat-file -p ${RUNTIME_SPEC_BLOB} > ${specPath}`,
    "Set MIAOAI_CHAIN_SPEC to use another path.",
  ].join(" ");
}

/**
 * Finds the plain dev chain spec: `MIAOAI_CHAIN_SPEC` if set, else `~/.cache/miaoai/chain/aura-dev-293.json`.
 * The spec embeds the compiled runtime, so it lives outside the repository.
 */
export function findRuntime(env: Record<string, string | undefined> = process.env): RuntimeLocation {
  const specPath = env.MIAOAI_CHAIN_SPEC || defaultSpecPath();
  if (existsSync(specPath)) return { kind: "found", specPath };
  return { kind: "missing", specPath, howTo: howToGetRuntime(specPath) };
}
