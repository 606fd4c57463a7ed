/**
 * Puts the subtensor dev chain spec (runtime spec 293, docs/chain.md) where `findRuntime()` looks:
 * `$MIAOAI_CHAIN_SPEC` or `~/.cache/miaoai/chain/aura-dev-293.json`. Never inside the repository: the
 * spec embeds the compiled runtime.
 *
 *   npx tsx scripts/get-runtime.ts                    # online: GitHub's blob API (api.github.com)
 *   npx tsx scripts/get-runtime.ts --git-dir <dir>    # offline: a clone or mirror of opentensor/subtensor
 *
 * Offline route used in this project's sandbox: the search tool's `fetch github:opentensor/subtensor`
 * prints a git directory; pass it as --git-dir (this runs `git --git-dir=<dir> cat-file -p <blob>`).
 * Either way the bytes are checked against the git blob id before they are written.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { findRuntime, RUNTIME_SPEC_BLOB } from "../local/chain/find-runtime";

const GITHUB_BLOB_URL = `https://api.github.com/repos/opentensor/subtensor/git/blobs/${RUNTIME_SPEC_BLOB}`;
const MAX_BYTES = 16 * 1024 * 1024;

/** Git's object id of a blob: sha1("blob <size>\0" + bytes). */
function gitBlobId(bytes: Uint8Array): string {
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

async function download(): Promise<Uint8Array> {
  const res = await fetch(GITHUB_BLOB_URL, {
    headers: { accept: "application/vnd.github.raw+json", "user-agent": "miaoai-get-runtime" },
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok) throw new Error(`GitHub answered ${res.status} for ${GITHUB_BLOB_URL}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_BYTES) throw new Error(`unexpectedly large download (${bytes.length} bytes)`);
  return bytes;
}

function fromGit(gitDir: string): Uint8Array {
  return execFileSync("git", [`--git-dir=${gitDir}`, "cat-file", "-p", RUNTIME_SPEC_BLOB], {
    maxBuffer: MAX_BYTES,
  });
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf("--git-dir");
  const gitDir = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !gitDir) {
    console.error("--git-dir needs a path");
    return 2;
  }
  const target = findRuntime().specPath;
  if (existsSync(target) && !argv.includes("--force")) {
    console.log(`already present: ${target} (pass --force to fetch again)`);
    return 0;
  }
  const bytes = gitDir ? fromGit(gitDir) : await download();
  const id = gitBlobId(bytes);
  if (id !== RUNTIME_SPEC_BLOB) {
    console.error(`content hashes to blob ${id}, expected ${RUNTIME_SPEC_BLOB}; not written`);
    return 1;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(`${target}.tmp`, bytes);
  renameSync(`${target}.tmp`, target);
  console.log(`wrote ${target} (${bytes.length} bytes, blob ${id})`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    console.error(
      "Offline? Use --git-dir with a clone of opentensor/subtensor (see the header of this file).",
    );
    process.exit(1);
  },
);
